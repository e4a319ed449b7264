import { PermanentSourceError, RateLimitedError } from '../../src/domain/connector.js';
import { errorForResponse, parseRetryAfter } from '../../src/domain/http-failure.js';

/**
 * How this connector talks to Google: every call goes through a pacer (client-side rate limit)
 * and a bounded retry that backs off when Google says "slow down", and every failure is mapped
 * through the shared HTTP failure policy (`errorForResponse`).
 */

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(abortError(signal)) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('google-workspace: the scan was cancelled');
}

/**
 * Requests leave at most this share of `requestsPerSecond`: timers fire a millisecond or two
 * late and requests arrive with jitter, so a client paced at exactly the quota overruns a
 * sliding one-second window about every other second; 3 % headroom absorbs ~30 ms of jitter
 * per window at 200 requests/s.
 */
export const PACING_HEADROOM = 0.97;

/**
 * A token bucket of capacity one (requests leave evenly spaced, no bursts) that learns a quota
 * lower than `requestsPerSecond`. A throttled answer marks a ceiling: what Google accepted in
 * the last second (at most one cut a second: the answers already in flight report the same
 * overrun; never below 70 % of the current rate). The rate then runs at 97 % of the ceiling,
 * climbing back quickly below it and probing above it slowly (+0.002 % a success, about 3 % in
 * ten seconds at 150/s), so the quota is hit rarely instead of again and again.
 */
export class Pacer {
  private rate: number;
  private next = 0;
  private max: number;
  private ceiling = Infinity;
  private lastCut = -Infinity;
  /** Times of the successes in the last second. */
  private readonly recent: number[] = [];

  constructor(requestsPerSecond: number) {
    this.max = requestsPerSecond * PACING_HEADROOM;
    this.rate = this.max;
  }

  get currentRate(): number {
    return this.rate;
  }

  setMax(requestsPerSecond: number): void {
    const max = requestsPerSecond * PACING_HEADROOM;
    if (max !== this.max) {
      this.max = max;
      this.rate = Math.min(this.rate, max);
    }
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.rate;
    await sleep(slot - now, signal);
  }

  throttled(): void {
    const now = performance.now();
    if (now - this.lastCut < 1000) return;
    this.lastCut = now;
    this.forget(now);
    this.ceiling = Math.max(this.rate * 0.7, Math.min(this.rate, this.recent.length), this.max / 20);
    this.rate = this.ceiling * PACING_HEADROOM;
  }

  succeeded(): void {
    const now = performance.now();
    this.recent.push(now);
    if (this.recent.length > 4 * this.max + 16) this.forget(now);
    if (this.ceiling < Infinity) this.ceiling *= 1.00002;
    const target = Math.min(this.max, this.ceiling * PACING_HEADROOM);
    if (this.rate < target) this.rate = Math.min(target, this.rate + this.max * 0.001);
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]! <= now - 1000) drop++;
    if (drop) this.recent.splice(0, drop);
  }
}

/** At most `size` holders at once; waiters are served in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

export interface CallContext {
  /** "GET /admin/directory/v1/users", for messages. */
  request: string;
  /** Scope names this call needs, named when Google refuses it. */
  needs: string[];
  /** The impersonated admin, for the 403 hint. */
  adminEmail: string;
  signal?: AbortSignal | undefined;
}

interface GaxiosLikeError {
  message?: string;
  code?: string;
  response?: { status: number; headers?: unknown; data?: unknown };
}

function googleMessage(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : undefined;
}

/** The typed error for whatever a Google call threw (a GaxiosError, a token failure, a network error). */
export function toSourceError(error: unknown, context: CallContext): Error {
  if (error instanceof PermanentSourceError || error instanceof RateLimitedError) return error;
  const failure = error as GaxiosLikeError;
  const response = failure?.response;
  if (!response || typeof response.status !== 'number') {
    if ((error as Error)?.name === 'AbortError') return error as Error;
    return new Error(`${context.request} failed: ${failure?.message ?? String(error)}`, { cause: error });
  }
  const headers = (response.headers ?? {}) as Parameters<typeof errorForResponse>[1];
  const mapped = errorForResponse(response.status, headers, response.data, { request: context.request, needs: context.needs });
  const said = googleMessage(response.data);
  if (mapped instanceof PermanentSourceError && response.status === 403) {
    return new PermanentSourceError(
      `${mapped.message}${said ? ` (Google: "${said}")` : ''}; the service account's domain-wide delegation must include ${context.needs.join(', ')} and ${context.adminEmail} must be a super admin (or hold an admin role with these privileges)`,
      mapped.missing,
    );
  }
  if (said && !(mapped instanceof RateLimitedError)) {
    const typed = mapped instanceof PermanentSourceError ? new PermanentSourceError(`${mapped.message}: ${said}`, mapped.missing) : new Error(`${mapped.message}: ${said}`);
    return typed;
  }
  return mapped;
}

function bodyOf(error: unknown): unknown {
  return (error as GaxiosLikeError | undefined)?.response?.data;
}

/** The status of a failed Google call, when there was an answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as GaxiosLikeError | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterHeader(error: unknown): number | undefined {
  const headers = (error as GaxiosLikeError | undefined)?.response?.headers as { get?(name: string): string | null } | Record<string, string> | undefined;
  if (!headers) return undefined;
  const value = typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after'];
  return parseRetryAfter(value ?? undefined, Date.now());
}

/** Google answered 404: the user, product or resource is not there (callers decide whether that is empty). */
export class GoogleNotFoundError extends Error {
  override readonly name = 'GoogleNotFoundError';
  readonly status = 404;
  readonly body: unknown;
  constructor(message: string, body: unknown) {
    super(message);
    this.body = body;
  }
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
}

export interface CallStats {
  calls: number;
  throttled: number;
  retried: number;
}

/**
 * One Google call, paced and retried inside the page: rate limits wait Retry-After (or an
 * exponential backoff with jitter) and slow the pacer down; transient failures back off; a
 * permission or credential failure stops at once. After `attempts` the typed error goes to the
 * runner (RateLimitedError: it delays the job; a plain Error: it retries the page).
 */
export async function callGoogle<T>(
  pacer: Pacer,
  policy: RetryPolicy,
  context: CallContext,
  call: () => Promise<T>,
  stats?: CallStats,
  /** Bounds the calls in flight; a call waiting out a backoff does not hold it. */
  gate?: Semaphore,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let raw: unknown;
    await gate?.acquire();
    try {
      await pacer.acquire(context.signal);
      if (stats) stats.calls++;
      const result = await call();
      pacer.succeeded();
      return result;
    } catch (error) {
      raw = error;
    } finally {
      gate?.release();
    }
    if (context.signal?.aborted) throw raw;
    const status = statusOf(raw);
    if (status === 404) throw new GoogleNotFoundError(`${context.request} answered 404${googleMessage(bodyOf(raw)) ? `: ${googleMessage(bodyOf(raw))}` : ''}`, bodyOf(raw));
    const error = toSourceError(raw, context);
    if (error instanceof PermanentSourceError) throw error;
    // Other client errors (400 bad request, 409, …) will not change on a retry.
    if (!(error instanceof RateLimitedError) && status !== undefined && status >= 400 && status < 500 && status !== 408) throw error;
    const backoff = Math.min(32_000, policy.baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    if (error instanceof RateLimitedError) {
      if (stats) stats.throttled++;
      pacer.throttled();
      if (attempt >= policy.attempts) {
        throw new RateLimitedError(`${error.message}; still rate limited after ${attempt} attempts`, error.retryAfterMs);
      }
      if (stats) stats.retried++;
      await sleep(retryAfterHeader(raw) ?? backoff, context.signal);
      continue;
    }
    if (attempt >= Math.min(3, policy.attempts)) throw error;
    if (stats) stats.retried++;
    await sleep(backoff, context.signal);
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; the first failure stops new work and is thrown once the in-flight calls have settled. */
export async function mapBounded<I, O>(items: readonly I[], concurrency: number, work: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let nextIndex = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
