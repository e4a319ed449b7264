import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../domain/errors.js';

/**
 * Connection secrets (tokens, client secrets, keys) are stored as references — `env:VAR` or
 * `file:path`, resolved in the worker that needs them — or, when a value is given directly, as
 * AES-256-GCM ciphertext under UNSHADOW_SECRET_KEY. Plain text never reaches the database,
 * Redis, job payloads or logs.
 */

const CIPHER_PREFIX = 'enc:v1:';

function keyFrom(secretKey: string): Buffer {
  // Any passphrase works; it is stretched to the 32 bytes AES-256 needs.
  return createHash('sha256').update(secretKey, 'utf8').digest();
}

/** What to store for a secret given on the command line. */
export function storableSecret(option: string, given: string, secretKey: string | undefined): string {
  const value = given.trim();
  if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^file:.+/.test(value)) return value;
  if (!secretKey) {
    throw new UserError(
      `--${option} must not be stored in plain text`,
      `Give a reference, --${option} env:VARIABLE or --${option} file:/path/to/secret, or set UNSHADOW_SECRET_KEY to store it encrypted.`,
    );
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${CIPHER_PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${encrypted.toString('base64url')}`;
}

/** How a stored secret is shown: its reference, or that it is encrypted — never its value. */
export function describeSecret(stored: string): string {
  return stored.startsWith(CIPHER_PREFIX) ? 'stored encrypted' : stored;
}

/** Every secret option of a connection or alert rule, described (never its value). */
export function describeSecrets(stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(stored).map(([option, value]) => [option, describeSecret(value)]));
}

/**
 * The secret's value, in the process that needs it. Every failure names the option and what to
 * fix, never the value.
 */
export function resolveSecret(option: string, stored: string, env: Record<string, string | undefined>, secretKey: string | undefined): string {
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
  if (stored.startsWith(CIPHER_PREFIX)) {
    if (!secretKey) throw new UserError(`secret ${option} is stored encrypted and UNSHADOW_SECRET_KEY is not set`, 'Set UNSHADOW_SECRET_KEY to the key it was stored with.');
    try {
      const [iv, tag, data] = stored.slice(CIPHER_PREFIX.length).split('.');
      const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretKey), Buffer.from(iv!, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data!, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UserError(`secret ${option} cannot be decrypted with this UNSHADOW_SECRET_KEY`, 'Use the key it was stored with, or store the secret again.');
    }
  }
  throw new UserError(`secret ${option} is stored in an unknown form`, 'Store it again with `unshadow connections add`.');
}
