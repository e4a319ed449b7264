import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import { UserError } from '../domain/errors.js';
import { describeOptionIssues, optionName } from '../domain/option-names.js';
import { checkHost } from '../outbound/guard.js';
import { describeSecret, type SecretOrigin, storableSecret } from '../secrets/index.js';
import { connectorFor } from './stages.js';
import { FILE_CONNECTION_KINDS } from './file-sources.js';

/** The expense import as a connection: a file to import on every scan. */
export const expenseConnectionSchema = z.strictObject({
  file: z.string().min(1).describe('The card or expense export (CSV) to import on every scan'),
  format: z.string().optional().describe('Force a layout: ramp, brex, expensify, concur, navan, chase, amex or generic'),
  currency: z.string().optional().describe('The currency of files without a currency column (default USD)'),
});
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

export interface ConnectionChange {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** What changed, field by field, as the audit trail records it: secrets only as how they are stored. */
  changes: { field: string; before: unknown; after: unknown }[];
}

/**
 * A change to an existing connection (`connections set`, PUT /api/connections/{name}): the
 * given options merged over the stored ones and validated as a whole, the given secrets stored
 * anew (bound to the same row). Over the API a change that points a URL option elsewhere must
 * give every secret of the connection again: otherwise a caller could send credentials the
 * operator stored (env: references to the server's environment) to a host of their choice.
 */
export async function prepareConnectionChange(
  connection: { id: string; kind: string; config: Record<string, unknown>; secrets: Record<string, string> },
  given: Record<string, unknown>,
  config: Pick<Config, 'secretKey' | 'networkPolicy'>,
  origin: SecretOrigin = 'operator',
): Promise<ConnectionChange> {
  if (origin === 'api' && (FILE_CONNECTION_KINDS as readonly string[]).includes(connection.kind)) {
    throw new UserError(`a connection of kind '${connection.kind}' reads a file on the server, so only the operator can change it`, 'Change it with `unshadow connections set` on the server.');
  }
  const secretNames = connection.kind === 'expenses' ? [] : connectorFor(connection.kind).secretOptions;
  const label = (name: string) => (origin === 'api' ? name : `--${optionName(name)}`);
  const secrets = { ...connection.secrets };
  const options: Record<string, unknown> = { ...connection.config };
  const givenOptions: Record<string, unknown> = {};
  const givenSecrets = new Set<string>();
  for (const [name, value] of Object.entries(given)) {
    if (secretNames.includes(name)) {
      secrets[name] = storableSecret({ table: 'connections', id: connection.id, option: name }, String(value), config.secretKey, origin, label(name));
      givenSecrets.add(name);
    } else {
      options[name] = value;
      givenOptions[name] = value;
    }
  }
  const schema = connection.kind === 'expenses' ? expenseConnectionSchema : connectorFor(connection.kind).optionsSchema;
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new UserError(`invalid options for a ${connection.kind} connection: ${describeOptionIssues(parsed.error.issues)}`);
  const valid = parsed.data as Record<string, unknown>;
  const redirected = Object.keys(givenOptions).filter((name) => typeof valid[name] === 'string' && /^https?:\/\//i.test(valid[name] as string) && valid[name] !== connection.config[name]);
  for (const name of redirected) await checkUrlOption(label(name), valid[name] as string, config, origin);
  const kept = Object.keys(connection.secrets).filter((name) => !givenSecrets.has(name));
  if (origin === 'api' && redirected.length > 0 && kept.length > 0) {
    throw new UserError(`changing ${redirected.join(', ')} sends the connection's credentials to a new host: give ${kept.join(', ')} again in the same change`, 'Give the new URL and every secret of the connection together.');
  }
  const changes = [
    ...[...new Set([...Object.keys(connection.config), ...Object.keys(valid)])].filter((name) => JSON.stringify(connection.config[name]) !== JSON.stringify(valid[name])).map((name) => ({ field: `options.${name}`, before: connection.config[name] ?? null, after: valid[name] ?? null })),
    ...[...givenSecrets].map((name) => ({ field: `secrets.${name}`, before: connection.secrets[name] ? describeSecret(connection.secrets[name]) : null, after: describeSecret(secrets[name]!) })),
  ];
  return { config: valid, secrets, changes };
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
