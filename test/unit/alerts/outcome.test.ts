import { describe, expect, it } from 'vitest';
import { outcomeOfStatus } from '../../../src/alerts/outcome.js';

describe('what a receiver answer means for the delivery', () => {
  it('delivered on 2xx', () => {
    expect(outcomeOfStatus(200, undefined)).toEqual({ ok: true });
    expect(outcomeOfStatus(204, undefined)).toEqual({ ok: true });
  });

  it('retries 5xx, 408 and 429, honouring Retry-After', () => {
    expect(outcomeOfStatus(500, undefined)).toMatchObject({ ok: false, retryable: true });
    expect(outcomeOfStatus(503, '7')).toMatchObject({ ok: false, retryable: true, retryAfterMs: 7000 });
    expect(outcomeOfStatus(408, undefined)).toMatchObject({ ok: false, retryable: true });
    expect(outcomeOfStatus(429, '2')).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(outcomeOfStatus(429, 'Sat, 28 Nov 2026 10:00:30 GMT', now)).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('never retries other 4xx or redirects, and says why', () => {
    for (const status of [400, 401, 403, 404, 410, 422]) expect(outcomeOfStatus(status, undefined)).toMatchObject({ ok: false, retryable: false });
    expect(outcomeOfStatus(404, undefined)).toMatchObject({ error: expect.stringContaining('deleted') });
    expect(outcomeOfStatus(301, undefined)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('redirect') });
  });
});
