import type { z } from 'zod';
import { RateLimitedError, type ConnectorRuntime } from '../../src/domain/connector.js';
import { validResponse } from '../../src/domain/http-failure.js';
import { REQUEST_RETRY, retryRequest, type RequestRetryPolicy } from '../../src/domain/request-retry.js';
import type { Semaphore } from './concurrency.js';
import type { DelegatedJwt } from './auth.js';
import type { CallControl } from './deferral.js';
import { toSourceError } from './failures.js';
import { RETRY_BUDGET, RETRY_MAX_DELAY_MS, type GoogleWorkspaceOptions } from './options.js';
import { type GoogleSession, REQUEST_TIMEOUT_MS } from './session.js';

/**
 * One Google call, the way every call of this connector is made: it waits for a slot of the
 * connection's pacer (and for a place among the calls in flight), its answer is checked against
 * the documented shape before it is trusted (a body cut off, empty or of another shape is a
 * transient failure of this call, never an empty page), every failure is typed by the shared
 * policy, and the failed call alone is repeated (`retryRequest`, with the retry budget of the
 * scan job). A call waiting out a backoff holds no place in flight.
 */

export interface GoogleCall<T extends z.ZodType> {
  /** "GET /admin/directory/v1/users/123/tokens", for messages. */
  request: string;
  /** Short scope names the call needs, named when Google refuses it. */
  needs: string[];
  /** The documented shape of the answer (lenient: only what the connector reads). */
  schema: T;
  signal?: AbortSignal | undefined;
  /** Bounds the calls in flight. */
  gate?: Semaphore;
  /** Told when an attempt starts and how long the call waits before the next. */
  control?: Pick<CallControl, 'attempt' | 'wait'>;
}

/** How a failed call is repeated, from the connection's options. */
function retryPolicy(options: GoogleWorkspaceOptions): RequestRetryPolicy {
  return { ...REQUEST_RETRY, attempts: options.retryAttempts, baseDelayMs: options.retryBaseMs, maxDelayMs: RETRY_MAX_DELAY_MS, budget: RETRY_BUDGET };
}

/** The retry budget is the runtime's: every call of one scan job spends from it. */
export async function callGoogle<T extends z.ZodType>(
  session: GoogleSession,
  runtime: ConnectorRuntime<GoogleWorkspaceOptions>,
  call: GoogleCall<T>,
  send: () => Promise<{ data: unknown }>,
): Promise<z.infer<T>> {
  const policy = retryPolicy(runtime.options);
  let attempt = 0;
  return retryRequest(
    runtime,
    call.request,
    async () => {
      attempt++;
      call.control?.attempt();
      // The pace first, then a place in flight: a line that is never empty never loses a slot.
      const sentAt = await session.pacer.acquire(call.signal);
      await call.gate?.acquire();
      try {
        const response = await send();
        session.pacer.succeeded(sentAt);
        return validResponse(call.request, call.schema, response.data);
      } catch (error) {
        if (call.signal?.aborted) throw error;
        // Google's guidance for a rate limit without Retry-After: exponential backoff with jitter.
        const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        const typed = toSourceError(error, { ...call, adminEmail: runtime.options.adminEmail }, backoff);
        if (typed instanceof RateLimitedError) session.pacer.throttled(sentAt, typed.retryAfterMs);
        throw typed;
      } finally {
        call.gate?.release();
      }
    },
    {
      signal: call.signal,
      policy,
      // What retryRequest waits: the Retry-After asked, or at most the backoff of this attempt.
      onRetry: (error, failed) => call.control?.wait(error instanceof RateLimitedError ? Math.max(error.retryAfterMs, 1) : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failed - 1))),
    },
  );
}

/**
 * GET `path` of the Admin SDK with the access token of `auth` (the session's client for the
 * call's scopes, looked up once per page by the caller), sent with fetch (and so through the
 * outbound guard) as the googleapis client sends it, for `callGoogle`'s `send`.
 * For the call a scan makes once per user, tokens.list: through the client it cost 635–910 µs
 * of CPU against 424–476 µs this way (the same request to a local server, interleaved), and
 * bench:scale's Google scan, 100,000 of them at 600 a second, fell behind its quota on a worker
 * busy with another scan (1.31–1.33× its quota-bound minimum). A refused answer throws what the
 * client throws, its status, headers and body under `response`, so `toSourceError` types both
 * alike.
 */
export async function getAdminJson(session: GoogleSession, auth: DelegatedJwt, path: string, signal?: AbortSignal): Promise<{ data: unknown }> {
  const headers = await auth.getRequestHeaders();
  // Cleared with the answer: AbortSignal.timeout's timer would outlive every call by its full
  // minute, tens of thousands of them at once at 600 calls a second.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException(`GET ${path} took longer than ${REQUEST_TIMEOUT_MS / 1000} s`, 'TimeoutError')), REQUEST_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${session.options.apiRoot}${path}`, { headers, signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal });
    text = await response.text();
  } finally {
    clearTimeout(timer);
  }
  // A body cut off, or a proxy's error page, is its text, as the client gives it: the shape check names it.
  let data: unknown = text === '' ? undefined : text;
  try {
    data = JSON.parse(text);
  } catch {}
  if (!response.ok) throw Object.assign(new Error(`GET ${path} answered ${response.status}`), { response: { status: response.status, headers: response.headers, data } });
  return { data };
}
