import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/errors.js';
import { describeSecret, resolveSecret, storableSecret } from '../../src/secrets/index.js';

const key = 'a-long-enough-passphrase';

describe('connection secrets', () => {
  it('stores references as they are and resolves them where the scan runs', () => {
    expect(storableSecret('token', 'env:GITHUB_TOKEN', undefined)).toBe('env:GITHUB_TOKEN');
    expect(resolveSecret('token', 'env:GITHUB_TOKEN', { GITHUB_TOKEN: 'ghs_x' }, undefined)).toBe('ghs_x');
    expect(() => resolveSecret('token', 'env:GITHUB_TOKEN', {}, undefined)).toThrow('environment variable GITHUB_TOKEN, which is not set');
  });

  it('refuses a plain value without UNSHADOW_SECRET_KEY, and never repeats it', () => {
    let error: unknown;
    try {
      storableSecret('client-secret', 's3cr3t-value', undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(`${(error as UserError).message} ${(error as UserError).hint}`).not.toContain('s3cr3t-value');
  });

  it('encrypts a value with the key: ciphertext differs each time and decrypts only with the key', () => {
    const first = storableSecret('token', 's3cr3t-value', key);
    const second = storableSecret('token', 's3cr3t-value', key);
    expect(first).not.toContain('s3cr3t-value');
    expect(first).not.toBe(second);
    expect(describeSecret(first)).toBe('stored encrypted');
    expect(resolveSecret('token', first, {}, key)).toBe('s3cr3t-value');
    expect(() => resolveSecret('token', first, {}, 'another-long-passphrase')).toThrow('cannot be decrypted with this UNSHADOW_SECRET_KEY');
  });
});
