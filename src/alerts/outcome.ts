import { parseRetryAfter } from '../domain/http-failure.js';

/**
 * What one delivery attempt came to. Retry on 5xx, timeouts and network errors (with backoff),
 * on 429 and 408 (waiting what Retry-After asks); never on other 4xx or redirects, which no
 * retry can fix.
 */
export type SendOutcome = { ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; error: string };

export function outcomeOfStatus(status: number, retryAfter: string | undefined, now = Date.now()): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  const wait = parseRetryAfter(retryAfter, now);
  const waitPart = wait !== undefined ? { retryAfterMs: wait } : {};
  if (status === 429 || status === 408) return { ok: false, retryable: true, ...waitPart, error: `the receiver answered ${status}${status === 429 ? ' (rate limited)' : ' (request timeout)'}` };
  if (status >= 500) return { ok: false, retryable: true, ...waitPart, error: `the receiver answered ${status}` };
  if (status >= 300 && status < 400) return { ok: false, retryable: false, error: `the receiver answered ${status} (a redirect): give the final URL` };
  const hint = status === 404 || status === 410 ? ': the webhook may have been deleted' : status === 401 || status === 403 ? ': the receiver refused the credentials' : '';
  return { ok: false, retryable: false, error: `the receiver answered ${status}${hint}` };
}
