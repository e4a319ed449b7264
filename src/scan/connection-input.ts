import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import { UserError } from '../domain/errors.js';
import { describeOptionIssues, optionName } from '../domain/option-names.js';
import { storableSecret } from '../secrets/index.js';
import { connectorFor } from './stages.js';

/** The expense import as a connection: a file to import on every scan. */
export const expenseConnectionSchema = z.strictObject({ file: z.string().min(1), format: z.string().optional(), currency: z.string().optional() });
export const CONNECTION_KINDS = ['expenses', ...Object.keys(CONNECTORS)];

/**
 * A new connection as the CLI or the API gives it, validated against its connector's options,
 * with every secret option stored as a reference or ciphertext.
 */
export function prepareConnection(kind: string, given: Record<string, unknown>, secretKey: string | undefined): { kind: string; config: Record<string, unknown>; secrets: Record<string, string> } {
  if (!CONNECTION_KINDS.includes(kind)) throw new UserError(`unknown connector '${kind}'`, `Connectors: ${CONNECTION_KINDS.join(', ')}.`);
  const secretNames = kind === 'expenses' ? [] : connectorFor(kind).secretOptions;
  const secrets: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (secretNames.includes(name)) secrets[name] = storableSecret(optionName(name), String(value), secretKey);
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
  return { kind, config: parsed.data as Record<string, unknown>, secrets };
}
