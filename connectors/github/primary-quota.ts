import { RateLimitedError } from '../../src/domain/connector.js';
import { delay, REQUEST_RETRY } from '../../src/domain/request-retry.js';

/**
 * Waited past the reset GitHub names: it is in whole seconds, and this machine's clock is not
 * GitHub's.
 */
export const RESET_MARGIN_MS = 1000;

/**
 * GitHub's primary window is an hour: a reset further away than that is not one (a wrong clock,
 * or a server that is not GitHub's) and is held to an hour, so no answer can park a scan for longer.
 */
const WINDOW_MS = 3_600_000;

type Headers = Record<string, string | number | undefined>;

/**
 * GitHub's primary rate limit, kept on this side too, for requests several at a time. Every
 * answer says what the window has left (`x-ratelimit-remaining`) and when it renews
 * (`x-ratelimit-reset`, epoch seconds); GitHub's advice for a used-up limit is to wait until that
 * reset (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api). A request
 * leaves only while the window has one left beyond those already on their way. Otherwise it
 * waits for the renewal: in place when it is near (REQUEST_RETRY.longestWaitMs), or it throws
 * RateLimitedError, and the job waits instead of holding a worker. Requests GitHub would refuse
 * are never sent.
 */
export class PrimaryQuota {
  /** Unknown (unbounded) until an answer says. */
  private remaining = Number.POSITIVE_INFINITY;
  private resetAtMs = 0;
  private inFlight = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Waits for a request's turn; every turn taken is given back with `settle`. */
  async take(signal?: AbortSignal, longestWaitMs: number = REQUEST_RETRY.longestWaitMs): Promise<void> {
    for (;;) {
      const now = this.now();
      // A renewed window: the next answer says how much it holds.
      if (this.resetAtMs && now >= this.resetAtMs + RESET_MARGIN_MS) {
        this.remaining = Number.POSITIVE_INFINITY;
        this.resetAtMs = 0;
      }
      if (this.remaining - this.inFlight > 0) {
        this.inFlight++;
        return;
      }
      const wait = this.resetAtMs + RESET_MARGIN_MS - now;
      if (wait > longestWaitMs) throw new RateLimitedError(`GitHub's rate limit is used up until ${new Date(this.resetAtMs).toISOString()}`, wait);
      await delay(wait, signal);
    }
  }

  /**
   * A request that took a turn ended: what its answer's headers say is left, when they say it.
   * Answers arrive out of order, so within one window the lowest count is the truth; a later
   * reset is a new window.
   */
  settle(headers: Headers | undefined): void {
    this.inFlight--;
    const resource = headers?.['x-ratelimit-resource'];
    if (resource !== undefined && resource !== 'core') return;
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    const said = Number(headers?.['x-ratelimit-reset']) * 1000;
    if (!Number.isFinite(remaining) || !Number.isFinite(said) || said <= 0) return;
    const reset = Math.min(said, this.now() + WINDOW_MS);
    if (reset > this.resetAtMs) {
      this.resetAtMs = reset;
      this.remaining = remaining;
    } else if (reset === this.resetAtMs) {
      this.remaining = Math.min(this.remaining, remaining);
    }
  }
}
