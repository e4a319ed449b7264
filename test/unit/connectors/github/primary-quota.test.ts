import { describe, expect, it } from 'vitest';
import { PrimaryQuota, RESET_MARGIN_MS } from '../../../../connectors/github/primary-quota.js';
import { RateLimitedError } from '../../../../src/domain/connector.js';

const answer = (remaining: number, resetSeconds: number) => ({ 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds), 'x-ratelimit-resource': 'core' });

describe('GitHub primary quota', () => {
  it('lets requests go while the window has room beyond those in flight, and trusts the lowest count of a window', async () => {
    const now = 1_800_000_000_000;
    const quota = new PrimaryQuota(() => now);
    const reset = now / 1000 + 600;
    // Two requests before any answer (nothing known yet); the second answers first.
    await quota.take();
    await quota.take();
    quota.settle(answer(3, reset));
    // The first answers late with the count from before the second: the window cannot have grown.
    quota.settle(answer(4, reset));
    await quota.take();
    await quota.take();
    await quota.take();
    // Three in flight and three left: a fourth would be one too many, and waits for the reset.
    const refused = await quota.take().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).toBe(600_000 + RESET_MARGIN_MS);
    quota.settle(answer(2, reset));
    quota.settle(answer(1, reset));
    // One left and one in flight: still no room.
    await expect(quota.take()).rejects.toBeInstanceOf(RateLimitedError);
    quota.settle(answer(0, reset));
    await expect(quota.take()).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('waits in place for a renewal that is near, then sends; a later reset is a new window', async () => {
    let now = 1_800_000_000_000;
    const quota = new PrimaryQuota(() => now);
    await quota.take();
    quota.settle(answer(0, now / 1000));
    const started = performance.now();
    const taking = quota.take(undefined, 30_000);
    // The renewal comes while it waits (its wait is the margin past the reset).
    now += RESET_MARGIN_MS;
    await taking;
    expect(performance.now() - started).toBeGreaterThanOrEqual(RESET_MARGIN_MS - 20);
    quota.settle(answer(4999, now / 1000 + 3600));
    await quota.take();
    quota.settle(answer(4998, now / 1000 + 3600));
  });

  it('holds a reset an answer puts beyond GitHub\'s one-hour window to an hour', async () => {
    const now = 1_800_000_000_000;
    const quota = new PrimaryQuota(() => now);
    await quota.take();
    quota.settle(answer(0, now / 1000 + 30 * 24 * 3600));
    const refused = await quota.take().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).toBe(3_600_000 + RESET_MARGIN_MS);
  });

  it('ignores answers of other resources (search) and answers without the headers', async () => {
    const now = 1_800_000_000_000;
    const quota = new PrimaryQuota(() => now);
    await quota.take();
    quota.settle({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 60), 'x-ratelimit-resource': 'search' });
    await quota.take();
    quota.settle(undefined);
    await quota.take();
    quota.settle({});
  });
});
