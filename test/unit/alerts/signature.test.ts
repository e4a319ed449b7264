import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from '../../../src/alerts/signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec-test-0123456789';
  const body = JSON.stringify({ id: 'a', events: [{ type: 'ai_system.discovered' }] });
  const now = 1_800_000_000;

  it('verifies a signature made over the timestamp and the body', () => {
    expect(verifySignature({ secret, body, timestamp: String(now), signature: sign(secret, now, body), nowSeconds: now + 3 })).toEqual({ ok: true });
  });

  it('rejects a changed body, a changed timestamp and another key', () => {
    const signature = sign(secret, now, body);
    expect(verifySignature({ secret, body: body.replace('discovered', 'removed'), timestamp: String(now), signature, nowSeconds: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ secret, body, timestamp: String(now + 1), signature, nowSeconds: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ secret: 'another-key-0123456789', body, timestamp: String(now), signature, nowSeconds: now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('detects a replay: a valid signature older than the tolerance is stale', () => {
    const signature = sign(secret, now, body);
    expect(verifySignature({ secret, body, timestamp: String(now), signature, nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature({ secret, body, timestamp: String(now), signature, nowSeconds: now + 299 })).toEqual({ ok: true });
  });

  it('calls a missing header malformed', () => {
    expect(verifySignature({ secret, body, timestamp: undefined, signature: sign(secret, now, body) })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature({ secret, body, timestamp: String(now), signature: undefined })).toEqual({ ok: false, reason: 'malformed' });
  });
});
