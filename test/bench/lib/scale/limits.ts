/**
 * The three shapes the providers' documented limits take, each O(1) per request so that a double
 * answering hundreds of requests a second spends its time on answers, not on accounting:
 *
 * - TokenBucket: Microsoft Graph's identity and access limits ("throttling is based on a token
 *   bucket algorithm, which works by adding individual costs of requests").
 * - SlidingWindow: "N per minute" or "N per second" quotas (Google's Directory and Licensing
 *   APIs, GitHub's secondary points, Graph's global requests per second). A window that slides
 *   is the strict reading: no burst at a window boundary gets twice the quota through.
 * - FixedWindow: GitHub's primary limit, whose `x-ratelimit-reset` is fixed when the window
 *   starts and whose count starts again only then.
 *
 * Times are milliseconds on whatever clock the caller passes (the doubles use Date.now(), since
 * GitHub's reset header is epoch seconds and the client computes its wait from its own clock).
 */

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly capacity: number,
    /** Units added per millisecond. */
    readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
      this.at = now;
    }
  }

  /** Takes `cost` units: 0 when admitted, else the milliseconds until it would be. */
  take(cost: number, now: number): number {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - this.tokens) / this.perMs);
  }

  /** The share of the capacity in use (0–1). */
  usedShare(now: number): number {
    this.refill(now);
    return 1 - this.tokens / this.capacity;
  }
}

export class SlidingWindow {
  /** Admission times of the last `limit` admitted events, oldest at `head`. */
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(1, limit));
  }

  /** Admits one event: 0 when admitted, else the milliseconds until the oldest leaves the window. */
  admit(now: number): number {
    while (this.count > 0 && this.times[this.head]! <= now - this.windowMs) {
      this.head = (this.head + 1) % this.times.length;
      this.count--;
    }
    if (this.count >= this.limit) return Math.max(1, Math.ceil(this.times[this.head]! + this.windowMs - now));
    this.times[(this.head + this.count) % this.times.length] = now;
    this.count++;
    return 0;
  }
}

export interface FixedWindowState {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch ms the window ends (GitHub: x-ratelimit-reset × 1000). */
  resetAt: number;
}

export class FixedWindow {
  private resetAt = -Infinity;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /**
   * The window as of `now`. A new one starts with the first request after the last one ended,
   * at the whole second (the reset header is whole seconds, and a window that starts up to a
   * second early lets through no more than the quota).
   */
  state(now: number): FixedWindowState {
    if (now >= this.resetAt) {
      this.resetAt = Math.floor(now / 1000) * 1000 + this.windowMs;
      this.used = 0;
    }
    return { limit: this.limit, used: this.used, remaining: this.limit - this.used, resetAt: this.resetAt };
  }

  /** Counts one request if the window has room; false when it is used up. */
  take(now: number): boolean {
    const state = this.state(now);
    if (state.remaining <= 0) return false;
    this.used++;
    return true;
  }
}
