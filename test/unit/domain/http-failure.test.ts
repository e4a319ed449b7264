import { describe, expect, it } from 'vitest';
import { PermanentSourceError, RateLimitedError } from '../../../src/domain/connector.js';
import { errorForResponse, parseRetryAfter } from '../../../src/domain/http-failure.js';
import { backoffDelay } from '../../../src/scan/retry-policy.js';

const now = Date.parse('2026-11-28T10:00:00Z');
const context = { request: 'GET /users', needs: ['User.Read.All'], now };

describe('what an HTTP failure means', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('2.128', now)).toBe(2128);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('waits as told on 429 and on 503 with Retry-After', () => {
    expect(errorForResponse(429, { 'retry-after': '2' }, {}, context)).toEqual(new RateLimitedError('GET /users answered 429: rate limited', 2000));
    expect((errorForResponse(503, { 'retry-after': '5' }, {}, context) as RateLimitedError).retryAfterMs).toBe(5000);
    expect(errorForResponse(503, {}, {}, context)).not.toBeInstanceOf(RateLimitedError);
  });

  it("waits for GitHub's primary reset and at least a minute on a secondary limit", () => {
    const primary = errorForResponse(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 120) }, {}, context);
    expect((primary as RateLimitedError).retryAfterMs).toBe(120_000);
    const secondary = errorForResponse(403, {}, { message: 'You have exceeded a secondary rate limit.' }, context);
    expect((secondary as RateLimitedError).retryAfterMs).toBe(60_000);
  });

  it("treats Google's quota reasons as rate limits", () => {
    const body = { error: { code: 403, errors: [{ reason: 'userRateLimitExceeded' }] } };
    expect(errorForResponse(403, {}, body, context)).toBeInstanceOf(RateLimitedError);
  });

  it('stops at once on a refused credential or a missing permission, naming what to grant', () => {
    expect(errorForResponse(401, {}, {}, context)).toBeInstanceOf(PermanentSourceError);
    const forbidden = errorForResponse(403, {}, { message: 'Forbidden' }, context) as PermanentSourceError;
    expect(forbidden).toBeInstanceOf(PermanentSourceError);
    expect(forbidden.message).toBe('GET /users answered 403: permission denied; grant User.Read.All');
    expect(forbidden.missing).toEqual(['User.Read.All']);
  });

  it('retries anything else with exponential backoff and jitter', () => {
    expect(errorForResponse(500, {}, {}, context)).not.toBeInstanceOf(PermanentSourceError);
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(4, () => 0)).toBe(8000);
    expect(backoffDelay(4, () => 1)).toBe(4000);
  });
});
