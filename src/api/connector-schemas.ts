import { z } from '@hono/zod-openapi';

/** The shapes of the connector descriptions and test reports, as the OpenAPI document shows them. */

const names = z.array(z.string()).readonly();

export const permissionSchema = z
  .object({
    name: z.string(),
    grant: z.string().optional().openapi({ description: 'The exact string to grant, where longer than the name (a Google scope URL)' }),
    alternatives: names.optional().openapi({ description: 'Broader permissions that also grant it' }),
    fineGrained: z.string().optional().openapi({ description: "The fine-grained token or GitHub App permission that grants it" }),
    streams: names,
    purpose: z.string(),
  })
  .openapi('RequiredPermission');

export const permissionResultSchema = permissionSchema
  .extend({
    state: z.enum(['granted', 'missing', 'not_checked']),
    detail: z.string(),
    problem: z.string().optional(),
    fix: z.string().optional(),
  })
  .openapi('PermissionResult');

export const checkSchema = z
  .object({
    name: z.string(),
    ok: z.boolean(),
    detail: z.string().optional(),
    problem: z.string().optional().openapi({ description: 'credential, permission, not_found, invalid_request, unreachable, unavailable, malformed or configuration' }),
    fix: z.string().optional(),
    permission: z.string().optional().openapi({ description: 'The declared permission this check probes' }),
    skipped: z.boolean().optional().openapi({ description: 'Not tried: a check it depends on failed' }),
  })
  .openapi('ConnectionCheck');

export const testReportSchema = z
  .object({ ok: z.boolean(), checks: z.array(checkSchema), permissions: z.array(permissionResultSchema) })
  .openapi('ConnectionTestReport');
