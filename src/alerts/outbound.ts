import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { UserError } from '../domain/errors.js';
import { outcomeOfStatus, type SendOutcome } from './outcome.js';

/**
 * Outbound requests to receivers that users configure. A webhook URL could point at the cloud
 * metadata service or an internal admin port (SSRF), so every address a host resolves to is
 * checked when the connection is made (not only when the rule is added: DNS can change), and
 * only public unicast addresses are allowed unless the rule says otherwise. Messages name the
 * host, never the URL: a Slack or Teams webhook URL is itself a credential.
 */

export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

/** ipaddr.js names every special-purpose range; only plain global unicast is public. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

/** "linkLocal" → "link local", "uniqueLocal" → "unique local": ipaddr.js range names, in words. */
export function rangeInWords(address: string): string {
  return addressRange(address).replace(/([A-Z])/g, ' $1').toLowerCase();
}

function refusal(host: string, address: string): string {
  const range = rangeInWords(address);
  return `refused to send alerts to ${host} (${address}): it is a ${range} address; add the rule with --allow-private if this receiver is meant to be internal`;
}

/** For a rule being added: the URL's form and, where the host resolves, its addresses. */
export async function checkReceiverHost(host: string, allowPrivate: boolean): Promise<void> {
  const addresses = isIP(host) ? [host] : await dnsLookupAsync(host, { all: true }).then((found) => found.map((a) => a.address), () => {
    throw new UserError(`cannot resolve the receiver host ${host}`, 'Check the host name, or add the rule where it resolves.');
  });
  if (allowPrivate) return;
  const refused = addresses.find((address) => addressRange(address) !== 'unicast');
  if (refused) throw new UserError(refusal(host, refused), 'Use a public receiver, or --allow-private for one on your own network.');
}

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

/** A DNS lookup that refuses non-public addresses, used when the socket connects. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => addressRange(a.address) !== 'unicast');
      if (refused) return callback(new RefusedAddressError(refusal(hostname, refused.address)), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** POSTs a body; the answer classified. Never throws for the receiver's faults. */
export function postBody(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<SendOutcome> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivate && addressRange(host) !== 'unicast') {
    return Promise.resolve({ ok: false, retryable: false, error: refusal(host, host) });
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'unshadow-alerts', ...headers },
        lookup: guardedLookup(options.allowPrivate) as never,
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
      if (error instanceof RefusedAddressError || (error as { cause?: unknown }).cause instanceof RefusedAddressError) {
        resolve({ ok: false, retryable: false, error: (error instanceof RefusedAddressError ? error : (error as { cause: Error }).cause).message });
      } else if (timeout.aborted) resolve({ ok: false, retryable: true, error: `${url.host} did not answer within ${options.timeoutMs} ms` });
      else if (signal.aborted) resolve({ ok: false, retryable: true, error: 'interrupted: the worker is shutting down' });
      else resolve({ ok: false, retryable: true, error: `cannot reach ${url.host}: ${error.code ?? error.message}` });
    });
    request.end(body);
  });
}
