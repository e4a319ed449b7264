import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { findCause, RefusedAddressError, UserError } from '../domain/errors.js';
import { bareHost, guardedLookup, refusal } from '../outbound/guard.js';
import type { NetworkPolicy } from '../outbound/policy.js';
import { outcomeOfStatus, type SendOutcome } from './outcome.js';

/**
 * Outbound requests to alert receivers. Every address a host resolves to is checked against the
 * operator's network policy when the connection is made (src/outbound). Messages name the host,
 * never the URL: a Slack or Teams webhook URL is itself a credential.
 */

export function parseReceiverUrl(value: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`--${option} is not a URL`, 'Give the full https:// address the receiver shows.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError(`--${option} must be an http or https URL`);
  if (url.username || url.password) throw new UserError(`--${option} must not carry a user name or password`);
  return url;
}

export interface PostOptions {
  policy: NetworkPolicy;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** POSTs a body; the answer classified. Never throws for the receiver's faults. */
export function postBody(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<SendOutcome> {
  const host = bareHost(url.hostname);
  const refused = isIP(host) ? refusal(host, host, options.policy) : undefined;
  if (refused) return Promise.resolve({ ok: false, retryable: false, error: refused });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'unshadow-alerts', ...headers },
        lookup: guardedLookup(options.policy) as never,
        signal,
      },
      (response) => {
        // The body is not needed; reading it frees the socket.
        response.resume();
        response.on('end', () => resolve(outcomeOfStatus(response.statusCode ?? 0, response.headers['retry-after'] as string | undefined)));
        response.on('error', () => resolve({ ok: false, retryable: true, error: `the connection to ${url.host} broke while reading the answer` }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = findCause(error, RefusedAddressError);
      if (refused) resolve({ ok: false, retryable: false, error: refused.message });
      else if (timeout.aborted) resolve({ ok: false, retryable: true, error: `${url.host} did not answer within ${options.timeoutMs} ms` });
      else if (signal.aborted) resolve({ ok: false, retryable: true, error: 'interrupted: the worker is shutting down' });
      else resolve({ ok: false, retryable: true, error: `cannot reach ${url.host}: ${error.code ?? error.message}` });
    });
    request.end(body);
  });
}
