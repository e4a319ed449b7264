import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import { UserError } from '../domain/errors.js';
import { describeOptionIssues, optionName } from '../domain/option-names.js';
import { checkHost } from '../outbound/guard.js';
import { type SecretOrigin, storableSecret } from '../secrets/index.js';
import { connectorFor } from './stages.js';
import { FILE_CONNECTION_KINDS } from './file-sources.js';

/** The expense import as a connection: a file to import on every scan. */
export const expenseConnectionSchema = z.strictObject({ file: z.string().min(1), format: z.string().optional(), currency: z.string().optional() });
export const CONNECTION_KINDS = ['expenses', ...Object.keys(CONNECTORS)];

export interface PreparedConnection {
  id: string;
  kind: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * A new connection as the CLI (the operator) or the API gives it, validated against its
 * connector's options, with every secret option stored as a reference or ciphertext bound to
 * the connection's row.
 *
 * Over the API the caller is not the operator: secrets are values (never env:/file:
 * references), file connections (which read a path on the server) are refused, and every URL
 * option must reach a public address (or one the operator allowed).
 */
export async function prepareConnection(
  kind: string,
  given: Record<string, unknown>,
  config: Pick<Config, 'secretKey' | 'networkPolicy'>,
  origin: SecretOrigin = 'operator',
): Promise<PreparedConnection> {
  if (!CONNECTION_KINDS.includes(kind)) throw new UserError(`unknown connector '${kind}'`, `Connectors: ${CONNECTION_KINDS.join(', ')}.`);
  if (origin === 'api' && (FILE_CONNECTION_KINDS as readonly string[]).includes(kind)) {
    throw new UserError(`a connection of kind '${kind}' reads a file on the server, so only the operator can add one`, 'Add it with `unshadow connections add` on the server.');
  }
  const id = randomUUID();
  const secretNames = kind === 'expenses' ? [] : connectorFor(kind).secretOptions;
  const label = (name: string) => (origin === 'api' ? name : `--${optionName(name)}`);
  const secrets: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (secretNames.includes(name)) secrets[name] = storableSecret({ table: 'connections', id, option: name }, String(value), config.secretKey, origin, label(name));
    else options[name] = value;
  }
  const schema = kind === 'expenses' ? expenseConnectionSchema : connectorFor(kind).optionsSchema;
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    throw new UserError(
      `invalid options for a ${kind} connection: ${describeOptionIssues(parsed.error.issues)}`,
      secretNames.length ? `Secret options: ${secretNames.map((s) => `--${optionName(s)}`).join(', ')}.` : undefined,
    );
  }
  const valid = parsed.data as Record<string, unknown>;
  // The URLs the giver named (the defaults are the providers' public clouds).
  for (const [name, value] of Object.entries(valid)) {
    if (name in options && typeof value === 'string' && /^https?:\/\//i.test(value)) await checkUrlOption(label(name), value, config, origin);
  }
  return { id, kind, config: valid, secrets };
}

/**
 * A URL option is shown to every role and used as a target: it carries no credentials, and a
 * caller of the API can only aim it at an address the operator's network policy allows.
 */
async function checkUrlOption(label: string, value: string, config: Pick<Config, 'networkPolicy'>, origin: SecretOrigin): Promise<void> {
  const url = new URL(value);
  if (url.username || url.password) throw new UserError(`${label} must not carry a user name or password: it is shown to every role`, 'Give credentials through the connection\'s secret options.');
  if (url.search || url.hash) throw new UserError(`${label} must be a root URL without a query or fragment`);
  if (origin === 'api') await checkHost(url.hostname, config.networkPolicy, `${label} host`);
}
