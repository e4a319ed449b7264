import { randomUUID } from 'node:crypto';
import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import { InvalidFieldsError, UserError } from '../domain/errors.js';
import { issuesByOption, optionName } from '../domain/option-names.js';
import { checkHost } from '../outbound/guard.js';
import { describeSecret, type SecretOrigin, storableSecret } from '../secrets/index.js';
import { connectionOptions, optionLabel, optionsSchemaOf } from './connection-options.js';
import { FILE_CONNECTION_KINDS } from './file-sources.js';

export const CONNECTION_KINDS = ['expenses', 'network', ...Object.keys(CONNECTORS)];

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
  const fields = new FieldProblems(kind, origin);
  const secretFields = CONNECTORS[kind]?.secretFields ?? {};
  const secrets: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (name in secretFields) fields.attempt(name, () => (secrets[name] = storableSecret({ table: 'connections', id, option: name }, String(value), config.secretKey, origin, fields.label(name))));
    else options[name] = value;
  }
  for (const [name, field] of Object.entries(secretFields)) if (field.required && !(name in given)) fields.add(name, 'required');
  const parsed = optionsSchemaOf(kind)!.safeParse(options);
  if (!parsed.success) for (const [name, problem] of issuesByOption(parsed.error.issues, options)) fields.add(name, problem);
  fields.throwIfAny(`invalid options for a ${kindWords(kind, origin)} connection`);
  const valid = parsed.data as Record<string, unknown>;
  // The URLs the giver named (the defaults are the providers' public clouds).
  for (const [name, value] of Object.entries(valid)) {
    if (name in options && typeof value === 'string' && /^https?:\/\//i.test(value)) await fields.attemptAsync(name, () => checkUrlOption(fields.label(name), value, config, origin));
  }
  fields.throwIfAny(`invalid options for a ${kindWords(kind, origin)} connection`);
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
  const fields = new FieldProblems(connection.kind, origin);
  const secretFields = CONNECTORS[connection.kind]?.secretFields ?? {};
  const secrets = { ...connection.secrets };
  const options: Record<string, unknown> = { ...connection.config };
  const givenOptions: Record<string, unknown> = {};
  const givenSecrets = new Set<string>();
  for (const [name, value] of Object.entries(given)) {
    if (name in secretFields) {
      fields.attempt(name, () => (secrets[name] = storableSecret({ table: 'connections', id: connection.id, option: name }, String(value), config.secretKey, origin, fields.label(name))));
      givenSecrets.add(name);
    } else {
      options[name] = value;
      givenOptions[name] = value;
    }
  }
  const schema = optionsSchemaOf(connection.kind);
  if (!schema) throw new UserError(`a connection of kind '${connection.kind}' has no options to change`, 'Import its file again with `unshadow import` instead.');
  const parsed = schema.safeParse(options);
  if (!parsed.success) for (const [name, problem] of issuesByOption(parsed.error.issues, options)) fields.add(name, problem);
  fields.throwIfAny(`invalid options for a ${kindWords(connection.kind, origin)} connection`);
  const valid = parsed.data as Record<string, unknown>;
  const redirected = Object.keys(givenOptions).filter((name) => typeof valid[name] === 'string' && /^https?:\/\//i.test(valid[name] as string) && valid[name] !== connection.config[name]);
  for (const name of redirected) await fields.attemptAsync(name, () => checkUrlOption(fields.label(name), valid[name] as string, config, origin));
  fields.throwIfAny(`invalid options for a ${kindWords(connection.kind, origin)} connection`);
  const kept = Object.keys(connection.secrets).filter((name) => !givenSecrets.has(name));
  if (origin === 'api' && redirected.length > 0 && kept.length > 0) {
    throw new InvalidFieldsError(
      `changing ${redirected.map(fields.label).join(', ')} sends the connection's credentials to a new host: give ${kept.map(fields.label).join(', ')} again in the same change`,
      Object.fromEntries(kept.map((name) => [name, 'give it again: the connection now sends it to a new host'])),
      'Give the new URL and every secret of the connection together.',
    );
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

/** "Microsoft 365" over the API, "microsoft365" on the command line (the word the operator typed). */
const kindWords = (kind: string, origin: SecretOrigin) => (origin === 'api' ? (CONNECTORS[kind]?.label ?? kind) : kind);

/**
 * Every problem with a connection's fields, collected so that one answer names them all: over
 * the API by the form's labels ("Tenant ID: required"), on the command line by flag.
 */
class FieldProblems {
  private readonly problems = new Map<string, string>();
  private readonly hints: string[] = [];

  constructor(
    private readonly kind: string,
    private readonly origin: SecretOrigin,
  ) {}

  readonly label = (name: string): string => (this.origin === 'api' ? optionLabel(this.kind, name) : `--${optionName(name)}`);

  add(name: string, problem: string): void {
    if (!this.problems.has(name)) this.problems.set(name, problem);
  }

  /** A check whose message names its field ("Client secret cannot be stored: …"); "label: " is dropped. */
  attempt(name: string, check: () => unknown): void {
    try {
      check();
    } catch (error) {
      this.add(name, this.problemOf(name, error));
    }
  }

  async attemptAsync(name: string, check: () => Promise<unknown>): Promise<void> {
    try {
      await check();
    } catch (error) {
      this.add(name, this.problemOf(name, error));
    }
  }

  throwIfAny(what: string): void {
    if (this.problems.size === 0) return;
    // In the form's order, so the message reads top to bottom like the form.
    const order = connectionOptions(this.kind).map((option) => option.name);
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    const problems = [...this.problems].sort(([a], [b]) => rank(a) - rank(b));
    const message = problems.map(([name, problem]) => (problem.startsWith(this.label(name)) ? problem : `${this.label(name)}: ${problem}`)).join('; ');
    const hints = [...new Set(this.hints)];
    throw new InvalidFieldsError(`${what}: ${message}`, Object.fromEntries(problems), hints.length ? hints.join(' ') : undefined);
  }

  private problemOf(name: string, error: unknown): string {
    if (!(error instanceof UserError)) throw error;
    if (error.hint) this.hints.push(error.hint);
    const prefix = `${this.label(name)}: `;
    return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  }
}
