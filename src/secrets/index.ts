import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../domain/errors.js';

/**
 * Connection and alert-rule secrets (tokens, client secrets, keys, webhook URLs) are stored as
 * references — `env:VAR` or `file:path`, resolved in the process that needs them — or, when a
 * value is given, as AES-256-GCM ciphertext. Plain text never reaches the database, Redis, job
 * payloads or logs.
 *
 * References name the host's environment and files, so only the operator may give them (the
 * CLI, on the host). Over the HTTP API a secret is always a value.
 *
 * Ciphertext (v2): the key is derived from UNSHADOW_SECRET_KEY with scrypt and a salt of its
 * own, and the row and field it belongs to are authenticated with it, so a ciphertext copied
 * into another row or field does not decrypt there. v1 (an unsalted SHA-256 of the passphrase,
 * no binding) is still read, and rewritten as v2 by upgradeCiphertext.
 */

/** Where a secret lives: the binding its ciphertext is authenticated with. */
export interface SecretSlot {
  table: 'connections' | 'alert_rules';
  /** The row's id. */
  id: string;
  /** The option, as stored (camelCase). */
  option: string;
}

/** Who gives the secret: the operator on the host, or a caller of the HTTP API. */
export type SecretOrigin = 'operator' | 'api';

const V1 = 'enc:v1:';
const V2 = 'enc:v2:';
const KDF = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const WELL_FORMED_REFERENCE = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/;

export const isReference = (value: string): boolean => /^(env|file):/.test(value.trim());

/** Derived keys per salt: scrypt costs tens of milliseconds, and a worker resolves the same secret often. */
const derived = new Map<string, Buffer>();
function keyFor(secretKey: string, salt: Buffer): Buffer {
  const id = createHash('sha256').update(secretKey).update(salt).digest('base64url');
  let key = derived.get(id);
  if (!key) {
    key = scryptSync(secretKey, salt, 32, KDF);
    if (derived.size > 1000) derived.clear();
    derived.set(id, key);
  }
  return key;
}

const bindingOf = (slot: SecretSlot) => Buffer.from(`unshadow:${slot.table}:${slot.id}:${slot.option}`, 'utf8');

function encrypt(value: string, secretKey: string, slot: SecretSlot): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey, salt), iv);
  cipher.setAAD(bindingOf(slot));
  const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${V2}${[salt, iv, cipher.getAuthTag(), encrypted].map((part) => part.toString('base64url')).join('.')}`;
}

function decrypt(stored: string, secretKey: string, slot: SecretSlot): string {
  if (stored.startsWith(V1)) {
    const [iv, tag, data] = stored.slice(V1.length).split('.');
    const decipher = createDecipheriv('aes-256-gcm', createHash('sha256').update(secretKey, 'utf8').digest(), Buffer.from(iv!, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data!, 'base64url')), decipher.final()]).toString('utf8');
  }
  const [salt, iv, tag, data] = stored.slice(V2.length).split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey, salt!), iv!);
  decipher.setAAD(bindingOf(slot));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}

/**
 * What to store for a secret given by the operator (CLI) or an API caller. `label` names the
 * option the way the giver wrote it (`--client-secret`, `clientSecret`).
 */
export function storableSecret(slot: SecretSlot, given: string, secretKey: string | undefined, origin: SecretOrigin = 'operator', label = slot.option): string {
  const value = given.trim();
  if (isReference(value)) {
    if (origin === 'api') {
      throw new UserError(
        `${label}: env: and file: references name the server's own environment and files, which only the operator may use`,
        'Over the API give the secret itself (it is stored encrypted), or ask the operator to add it with the CLI.',
      );
    }
    if (!WELL_FORMED_REFERENCE.test(value)) throw new UserError(`${label}: '${value}' is not a reference unshadow can read`, 'Write env:VARIABLE_NAME (letters, digits, _) or file:/path/to/secret.');
    return value;
  }
  if (!secretKey) {
    throw new UserError(
      origin === 'api' ? `${label} cannot be stored: this server has no UNSHADOW_SECRET_KEY to encrypt secrets with` : `${label} must not be stored in plain text`,
      origin === 'api'
        ? 'Ask the operator to set UNSHADOW_SECRET_KEY where unshadow serve runs, or to add this with the CLI and an env: reference.'
        : `Give a reference, ${label} env:VARIABLE or ${label} file:/path/to/secret, or set UNSHADOW_SECRET_KEY to store it encrypted.`,
    );
  }
  return encrypt(value, secretKey, slot);
}

/** How a stored secret is shown: its reference, or that it is encrypted — never its value. */
export function describeSecret(stored: string): string {
  return stored.startsWith(V1) || stored.startsWith(V2) ? 'stored encrypted' : stored;
}

/** Every secret option of a connection or alert rule, described (never its value). */
export function describeSecrets(stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(stored).map(([option, value]) => [option, describeSecret(value)]));
}

/**
 * The secret's value, in the process that needs it. Every failure names the option and what to
 * fix, never the value.
 */
export function resolveSecret(slot: SecretSlot, stored: string, env: Record<string, string | undefined>, secretKey: string | undefined): string {
  const option = slot.option;
  if (stored.startsWith('env:')) {
    const name = stored.slice(4);
    const value = env[name];
    if (!value) throw new UserError(`secret ${option} refers to the environment variable ${name}, which is not set in this process`, `Set ${name} where unshadow runs (every worker needs it).`);
    return value;
  }
  if (stored.startsWith('file:')) {
    const path = stored.slice(5);
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new UserError(`secret ${option} refers to ${path}, which cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, 'Make the file readable by the user unshadow runs as.');
    }
  }
  if (stored.startsWith(V1) || stored.startsWith(V2)) {
    if (!secretKey) throw new UserError(`secret ${option} is stored encrypted and UNSHADOW_SECRET_KEY is not set`, 'Set UNSHADOW_SECRET_KEY to the key it was stored with.');
    try {
      return decrypt(stored, secretKey, slot);
    } catch {
      throw new UserError(`secret ${option} cannot be decrypted with this UNSHADOW_SECRET_KEY for this ${slot.table === 'connections' ? 'connection' : 'alert rule'}`, 'Use the key it was stored with, or store the secret again.');
    }
  }
  throw new UserError(`secret ${option} is stored in an unknown form`, 'Store the secret again.');
}

/** A v1 ciphertext re-encrypted as v2 for its slot; anything else unchanged. */
export function upgradeCiphertext(stored: string, secretKey: string, slot: SecretSlot): string {
  return stored.startsWith(V1) ? encrypt(decrypt(stored, secretKey, slot), secretKey, slot) : stored;
}

export const isLegacyCiphertext = (stored: string): boolean => stored.startsWith(V1);
