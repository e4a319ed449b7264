import { PermanentSourceError, RateLimitedError } from './connector.js';

/**
 * One policy for what an HTTP failure from a SaaS API means, shared by every connector: wait
 * when told to (429/503 Retry-After, GitHub's rate-limit headers, Google's rateLimitExceeded),
 * stop when retrying cannot help (401, 403 for a permission), retry everything else.
 */

export type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds ("2", "2.128") or an HTTP date; milliseconds to wait, or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Google's error body: `{"error": {"errors": [{"reason": "rateLimitExceeded"}], "status": "RESOURCE_EXHAUSTED"}}`. */
function googleReasons(body: unknown): string[] {
  const error = (body as { error?: { errors?: { reason?: string }[]; status?: string } } | undefined)?.error;
  return [...(error?.errors ?? []).map((e) => e.reason ?? ''), error?.status ?? ''].filter(Boolean);
}

const GOOGLE_RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'RESOURCE_EXHAUSTED']);
/** When a provider says "slow down" without saying for how long. */
const DEFAULT_WAIT_MS = 30_000;
/** GitHub's secondary limits without retry-after: "wait at least one minute". */
const GITHUB_SECONDARY_WAIT_MS = 60_000;

export interface FailureContext {
  /** "GET /users" — what was asked, for the message. */
  request: string;
  /** The permissions or scopes this request needs, named in a 403's message. */
  needs?: string[];
  now?: number;
}

/**
 * The typed error for a failed response, or a plain Error (transient: retry with backoff).
 * Never includes request headers (they carry credentials).
 */
export function errorForResponse(status: number, headers: Headers, body: unknown, context: FailureContext): Error {
  const now = context.now ?? Date.now();
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
  const what = `${context.request} answered ${status}`;
  if (status === 429 || (status === 503 && retryAfter !== undefined)) {
    return new RateLimitedError(`${what}: rate limited`, retryAfter ?? DEFAULT_WAIT_MS);
  }
  if (status === 403 || status === 429) {
    if (header(headers, 'x-ratelimit-remaining') === '0') {
      const reset = Number(header(headers, 'x-ratelimit-reset'));
      return new RateLimitedError(`${what}: rate limit used up`, Number.isFinite(reset) ? Math.max(1000, reset * 1000 - now) : DEFAULT_WAIT_MS);
    }
    const message = String((body as { message?: string } | undefined)?.message ?? '');
    if (retryAfter !== undefined || /secondary rate limit/i.test(message)) {
      return new RateLimitedError(`${what}: secondary rate limit`, retryAfter ?? GITHUB_SECONDARY_WAIT_MS);
    }
    const reasons = googleReasons(body);
    if (reasons.some((reason) => GOOGLE_RATE_REASONS.has(reason))) return new RateLimitedError(`${what}: ${reasons.join(', ')}`, retryAfter ?? DEFAULT_WAIT_MS);
  }
  if (status === 401) return new PermanentSourceError(`${what}: the credential was refused (expired, revoked or wrong); store a valid one with \`unshadow connections add\``);
  if (status === 403) {
    const needs = context.needs ?? [];
    return new PermanentSourceError(`${what}: permission denied${needs.length ? `; grant ${needs.join(', ')}` : ''}`, needs);
  }
  return new Error(`${what}`);
}
