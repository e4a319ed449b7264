import { PermanentSourceError, RateLimitedError, TransientSourceError } from './connector.js';

/**
 * Retries at the level of the request that failed, inside a connector's page. A page of Graph
 * grants is a hundred requests; at real fault rates (a 429 in twenty, a 5xx in fifty, a body cut
 * off now and then) retrying the whole page after any one failure re-sends the ninety-nine that
 * worked and may never get through. Here the failed request alone is repeated:
 *
 * - a permanent failure (credential, permission, not found, invalid request) is thrown at once;
 * - a rate limit waits what the source asked, when that is short; a long wait goes to the runner,
 *   which delays the job (the cursor is saved) instead of holding a worker;
 * - anything else (5xx, a dropped connection, a body cut off or of the wrong shape) is retried
 *   with exponential backoff and jitter.
 *
 * Every retry spends from a budget shared by all the requests of one connector runtime (one scan
 * job), so a source that fails everything stops after a bounded number of attempts and the
 * runner's own policy takes over.
 *
 * A runtime marked with `failFastWhenUnreachable` (the first scan of a connection, which has
 * never reached its source) tries a request that cannot connect at all (refused, unknown host,
 * TLS, connect timeout) only UNREACHABLE_ATTEMPTS times: a wrong address is far likelier than an
 * outage then, and the person who just added the connection should hear so in seconds.
 */

export const REQUEST_RETRY = {
  /** Tries of one request, the first included. */
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  /** Rate-limit waits up to this long happen in place; longer ones go to the runner. */
  longestWaitMs: 30_000,
  /** Retries per connector runtime (one scan job), all requests together. */
  budget: 200,
} as const;

/** Tries of a request that cannot connect, on a runtime that fails fast (one retry for a blip). */
export const UNREACHABLE_ATTEMPTS = 2;

export type RequestRetryPolicy = { -readonly [K in keyof typeof REQUEST_RETRY]: number };

export interface RetryOptions {
  signal?: AbortSignal | undefined;
  policy?: Partial<RequestRetryPolicy>;
  /** Told of each rate limit, so a pacer can slow down. */
  onThrottled?: (error: RateLimitedError) => void;
  /** Told of each retry, for counters. */
  onRetry?: (error: Error, attempt: number) => void;
  random?: () => number;
}

const budgets = new WeakMap<object, { remaining: number }>();
const failingFast = new WeakSet<object>();
/** The request each given-up error came from, for the one line a scan reports. */
const requests = new WeakMap<object, string>();

/** Requests of this scope (a connector runtime) that cannot connect stop after UNREACHABLE_ATTEMPTS tries. */
export function failFastWhenUnreachable(scope: object): void {
  failingFast.add(scope);
}

/** The request a failure came from ("GET /users"), when retryRequest gave up on it. */
export function failedRequest(error: unknown): string | undefined {
  return error && typeof error === 'object' ? requests.get(error) : undefined;
}

const cannotConnect = (error: unknown) => error instanceof TransientSourceError && error.problem === 'unreachable';

function budgetOf(scope: object, size: number): { remaining: number } {
  let budget = budgets.get(scope);
  if (!budget) {
    budget = { remaining: size };
    budgets.set(scope, budget);
  }
  return budget;
}

/** Retries left in a scope (a connector runtime), for tests and messages. */
export function retriesLeft(scope: object): number | undefined {
  return budgets.get(scope)?.remaining;
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason instanceof Error ? signal!.reason : new Error('cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs one request, repeating it alone when it fails in a way a repeat can fix. */
export async function retryRequest<T>(scope: object, request: string, run: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = { ...REQUEST_RETRY, ...options.policy };
  const budget = budgetOf(scope, policy.budget);
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (error && typeof error === 'object' && !requests.has(error)) requests.set(error, request);
      if (error instanceof PermanentSourceError || options.signal?.aborted) throw error;
      const limited = error instanceof RateLimitedError ? error : undefined;
      if (limited) options.onThrottled?.(limited);
      const attempts = failingFast.has(scope) && cannotConnect(error) ? Math.min(policy.attempts, UNREACHABLE_ATTEMPTS) : policy.attempts;
      if (attempt >= attempts || budget.remaining <= 0) {
        if (limited) throw limited;
        const reason = budget.remaining <= 0 ? `the scan's retry budget of ${policy.budget} is spent` : `${attempt} attempts`;
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { message: `${(error as Error).message} (gave up on ${request} after ${reason})` });
      }
      if (limited && limited.retryAfterMs > policy.longestWaitMs) throw limited;
      budget.remaining--;
      options.onRetry?.(error as Error, attempt);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
      await delay(limited ? Math.max(limited.retryAfterMs, 1) : backoff, options.signal);
    }
  }
}
