import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../../src/domain/connector.js';
import { findCause, RefusedAddressError } from '../../src/domain/errors.js';
import { errorForResponse, networkFailure, parseRetryAfter, type Headers } from '../../src/domain/http-failure.js';

/**
 * What a failed Google call means, in the shared policy's types (`src/domain/http-failure.ts`):
 * a GaxiosError with a response goes through `errorForResponse` (with Google's own message
 * added), one without a response is a network failure, and a failure already typed (the token
 * exchange's) stays as it is.
 */

export interface FailedCall {
  /** "GET /admin/directory/v1/users/123/tokens", for messages. */
  request: string;
  /** Short scope names the call needs, named when Google refuses it. */
  needs: string[];
  /** The impersonated admin, for the 403 hint. */
  adminEmail: string;
}

/** Google answered 404: the user, product or resource is not there. Each call site decides whether that is empty. */
export class GoogleNotFoundError extends PermanentSourceError {
  constructor(message: string) {
    super(message, [], 'not_found');
  }
}

interface GaxiosLikeError {
  message?: string;
  response?: { status: number; headers?: unknown; data?: unknown };
}

function googleMessage(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * The typed error for whatever a Google call threw. `waitWithoutRetryAfter` is how long a rate
 * limit that names no Retry-After waits: Google asks for exponential backoff there, where the
 * shared policy would wait half a minute.
 */
export function toSourceError(error: unknown, call: FailedCall, waitWithoutRetryAfter: number): Error {
  if (error instanceof PermanentSourceError || error instanceof RateLimitedError || error instanceof TransientSourceError) return error;
  const response = (error as GaxiosLikeError | undefined)?.response;
  if (!response || typeof response.status !== 'number') {
    const refused = findCause(error, RefusedAddressError);
    // The operator's network policy refuses the address: no retry changes that.
    if (refused) return new PermanentSourceError(`${call.request}: ${refused.message}`, [], 'unreachable');
    // A client that parses the body itself throws on one cut off mid-JSON.
    if (findCause(error, SyntaxError)) return new TransientSourceError(`${call.request} answered a body that is cut off or not JSON`, 'malformed', { cause: error });
    return networkFailure(call.request, error);
  }
  const headers = (response.headers ?? {}) as Headers;
  const said = googleMessage(response.data);
  const mapped = errorForResponse(response.status, headers, response.data, { request: call.request, needs: call.needs });
  if (mapped instanceof RateLimitedError) {
    const asked = parseRetryAfter(retryAfter(headers), Date.now());
    return asked === undefined ? new RateLimitedError(mapped.message, waitWithoutRetryAfter) : mapped;
  }
  if (response.status === 404) return new GoogleNotFoundError(`${mapped.message}${said ? ` (Google: "${said}")` : ''}`);
  if (mapped instanceof PermanentSourceError && mapped.problem === 'permission') {
    return new PermanentSourceError(
      `${mapped.message}${said ? ` (Google: "${said}")` : ''}; the service account's domain-wide delegation must include ${call.needs.join(', ')} and ${call.adminEmail} must be a super admin (or hold an admin role with these privileges)`,
      mapped.missing,
      'permission',
    );
  }
  if (!said) return mapped;
  if (mapped instanceof PermanentSourceError) return new PermanentSourceError(`${mapped.message} (Google: "${said}")`, mapped.missing, mapped.problem);
  if (mapped instanceof TransientSourceError) return new TransientSourceError(`${mapped.message} (Google: "${said}")`, mapped.problem);
  return mapped;
}

function retryAfter(headers: Headers): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get('retry-after') ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}
