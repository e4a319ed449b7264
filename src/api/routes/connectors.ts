import { createRoute, z } from '@hono/zod-openapi';
import type { Config } from '../../config/index.js';
import { describeConnectors } from '../../scan/connection-options.js';
import type { Api, ApiDeps } from '../context.js';
import { permissionSchema } from '../connector-schemas.js';
import { access, ok } from '../openapi.js';

/**
 * What a connection of each kind takes, for the console's generated form and for integrators:
 * the connector's options as JSON Schema with labels, help and defaults, its secrets, the
 * permissions it needs, and what this server can do with a secret typed into a form.
 */

const fieldSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    description: z.string(),
    required: z.boolean(),
    secret: z.boolean(),
    default: z.unknown().optional(),
    type: z.enum(['string', 'number', 'integer', 'boolean']),
    choices: z.array(z.string()).optional(),
    format: z.string().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    multiline: z.boolean().optional().openapi({ description: 'A secret of several lines (a key file), for a text area' }),
    flag: z.string().openapi({ description: 'The same option on the command line (`unshadow connections add <kind> --help`)' }),
  })
  .openapi('ConnectionField');

const connectorSchema = z
  .object({
    kind: z.string(),
    label: z.string(),
    description: z.string(),
    streams: z.array(z.string()).readonly(),
    fields: z.array(fieldSchema),
    schema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema (2020-12) of a new connection's options and secrets together; secrets are writeOnly" }),
    permissions: z.array(permissionSchema).readonly(),
  })
  .openapi('Connector');

const secretStorageSchema = z
  .object({
    available: z.boolean(),
    explanation: z.string(),
    fix: z.string().optional(),
  })
  .openapi('SecretStorage');

/** What happens to a secret typed into the console, on this server, in words an admin acts on. */
export function secretStorage(config: Pick<Config, 'secretKey'>): z.infer<typeof secretStorageSchema> {
  if (config.secretKey) {
    return {
      available: true,
      explanation: "A secret typed here is stored encrypted with this server's key (UNSHADOW_SECRET_KEY) and never shown again, to any role. References to the server's environment or files (env:, file:) are for the operator, with the CLI on the server.",
    };
  }
  return {
    available: false,
    explanation: 'This server cannot store secrets typed here: it was started without UNSHADOW_SECRET_KEY, the key it encrypts them with.',
    fix: 'Set UNSHADOW_SECRET_KEY (a passphrase of 16 characters or more) where `unshadow serve` runs and restart it. Or add the connection on the server with `unshadow connections add <kind> …` and the secret as env:VARIABLE, the variable set for the server and every worker.',
  };
}

export function connectorRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connectors',
      summary: "What a connection of each kind takes: fields, JSON Schema, permissions, and whether this server can store a secret",
      ...access('viewer'),
      responses: ok(z.object({ secretStorage: secretStorageSchema, items: z.array(connectorSchema) }), 'Each connector a connection can be added for over the API'),
    }),
    async (c) => c.json({ secretStorage: secretStorage(deps.config), items: describeConnectors() }, 200),
  );
}
