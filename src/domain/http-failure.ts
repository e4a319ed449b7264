import type { z } from 'zod';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from './connector.js';
import { findCause, RefusedAddressError } from './errors.js';

/**
 * One policy for what an HTTP failure from a SaaS API means, shared by every connector: wait
 * when told to (429/503 Retry-After, GitHub's rate-limit headers, Google's rateLimitExceeded),
 * stop when retrying cannot help (401, 403 for a permission, 404, and every other 4xx but 408),
 * retry the rest (5xx, 408, broken connections, bodies cut off or of the wrong shape).
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
  if (status === 401) return new PermanentSourceError(`${what}: the credential was refused (expired, revoked or wrong); store a valid one with \`unshadow connections set\``, [], 'credential');
  if (status === 403) {
    const needs = context.needs ?? [];
    return new PermanentSourceError(`${what}: permission denied${needs.length ? `; grant ${needs.join(', ')}` : ''}`, needs, 'permission');
  }
  if (status === 404 || status === 410) return new PermanentSourceError(`${what}: not found; check the names and ids the connection uses (tenant, domain, organisation, URL)`, [], 'not_found');
  if (status >= 400 && status < 500 && status !== 408) return new PermanentSourceError(`${what}: the source refused the request as invalid, and repeating it would not help`, [], 'invalid_request');
  return new TransientSourceError(`${what}`, 'unavailable');
}

/**
 * A body the source answered with a success status, checked before it is trusted: a body cut off
 * mid-JSON, an empty one or one of another shape is a transient failure of that request, never
 * an empty page.
 */
export function validResponse<T extends z.ZodType>(request: string, schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null || body === '') throw new TransientSourceError(`${request} answered an empty body`, 'malformed');
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TransientSourceError(`${request} answered a body that is cut off or not of the documented shape${issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : ''}`, 'malformed');
  }
  return parsed.data;
}

/** Codes of a connection that was never made: refused, unknown host, no route, timed out connecting, TLS. */
const CANNOT_CONNECT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER)/;

/**
 * The system error code under a failed request, however deep the client wrapped it: fetch puts it
 * on its cause, Octokit wraps fetch's error once more (HttpError → "fetch failed" → ECONNREFUSED).
 */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * A request that failed without an HTTP answer, as a transient source error: `unreachable` only
 * when no connection was made (a first scan gives up on those quickly); a connection that broke,
 * or a body that ended mid-JSON (a client library's SyntaxError), is an answer cut off.
 */
export function networkFailure(request: string, error: unknown): TransientSourceError {
  // The outbound guard's refusal, however deep a client wrapped it (Octokit: HttpError → "fetch
  // failed" → it; the Graph SDK: a TypeError): its words name the address and the setting.
  const refused = findCause(error, RefusedAddressError);
  if (refused) return new TransientSourceError(`${request}: ${refused.message}`, 'unreachable', { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = errorCode(error);
  const detail = code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  if (code && CANNOT_CONNECT.test(code)) return new TransientSourceError(`${request}: cannot reach the source (${detail})`, 'unreachable', { cause: error });
  const cut = error instanceof SyntaxError || /terminated|ECONNRESET|UND_ERR_SOCKET|socket hang up|aborted|other side closed|premature|Unexpected end|JSON/i.test(`${detail} ${(error as Error)?.message ?? ''} ${cause?.message ?? ''}`);
  return cut
    ? new TransientSourceError(`${request}: the answer broke off before it was complete (${error instanceof SyntaxError ? 'body cut mid-JSON' : detail})`, 'malformed', { cause: error })
    : new TransientSourceError(`${request}: the request failed without an answer (${detail})`, 'unavailable', { cause: error });
}
