import { describe, expect, it } from 'vitest';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { UserError } from '../../src/domain/errors.js';
import { describeSecret, resolveSecret, storableSecret, upgradeCiphertext, type SecretSlot } from '../../src/secrets/index.js';

const key = 'a-long-enough-passphrase';
const slot: SecretSlot = { table: 'connections', id: '2b6f8a52-1111-4c2e-9a59-000000000001', option: 'token' };

/** A value as the first release stored it: AES-256-GCM under an unsalted SHA-256 of the key. */
function v1(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(key).digest(), iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `enc:v1:${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
}

describe('connection secrets', () => {
  it('stores references as they are and resolves them where the scan runs', () => {
    expect(storableSecret(slot, 'env:GITHUB_TOKEN', undefined)).toBe('env:GITHUB_TOKEN');
    expect(resolveSecret(slot, 'env:GITHUB_TOKEN', { GITHUB_TOKEN: 'ghs_x' }, undefined)).toBe('ghs_x');
    expect(() => resolveSecret(slot, 'env:GITHUB_TOKEN', {}, undefined)).toThrow('environment variable GITHUB_TOKEN, which is not set');
    expect(() => storableSecret(slot, 'env:NOT-A-NAME', undefined, 'operator', '--token')).toThrow("--token: 'env:NOT-A-NAME' is not a reference");
  });

  it('refuses references from an API caller, and plain values without a key, never repeating the value', () => {
    expect(() => storableSecret(slot, 'env:UNSHADOW_SECRET_KEY', key, 'api', 'token')).toThrow(/token: env: and file: references name the server's own environment and files/);
    expect(() => storableSecret(slot, 'file:/etc/shadow', key, 'api', 'token')).toThrow(/only the operator may use/);
    let error: unknown;
    try {
      storableSecret(slot, 's3cr3t-value', undefined, 'api', 'token');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('this server has no UNSHADOW_SECRET_KEY');
    expect(`${(error as UserError).message} ${(error as UserError).hint}`).not.toContain('s3cr3t-value');
  });

  it('encrypts with a salted key bound to the row and field: another row or field cannot decrypt it', () => {
    const first = storableSecret(slot, 's3cr3t-value', key);
    const second = storableSecret(slot, 's3cr3t-value', key);
    expect(first).toMatch(/^enc:v2:/);
    expect(first).not.toContain('s3cr3t-value');
    expect(first.split('.')[0]).not.toBe(second.split('.')[0]);
    expect(describeSecret(first)).toBe('stored encrypted');
    expect(resolveSecret(slot, first, {}, key)).toBe('s3cr3t-value');
    expect(() => resolveSecret(slot, first, {}, 'another-long-passphrase')).toThrow('cannot be decrypted with this UNSHADOW_SECRET_KEY');
    expect(() => resolveSecret({ ...slot, id: '2b6f8a52-1111-4c2e-9a59-000000000002' }, first, {}, key)).toThrow('cannot be decrypted');
    expect(() => resolveSecret({ ...slot, option: 'clientSecret' }, first, {}, key)).toThrow('cannot be decrypted');
    expect(() => resolveSecret({ ...slot, table: 'alert_rules' }, first, {}, key)).toThrow('cannot be decrypted');
  });

  it('still reads first-release ciphertexts, and upgrades them to the bound form', () => {
    const old = v1('legacy-value');
    expect(resolveSecret(slot, old, {}, key)).toBe('legacy-value');
    const upgraded = upgradeCiphertext(old, key, slot);
    expect(upgraded).toMatch(/^enc:v2:/);
    expect(resolveSecret(slot, upgraded, {}, key)).toBe('legacy-value');
    expect(upgradeCiphertext(upgraded, key, slot)).toBe(upgraded);
  });
});
