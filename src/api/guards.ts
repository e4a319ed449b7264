import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../config/index.js';
import { inNetworks } from '../outbound/policy.js';
import type { ApiEnv } from './context.js';

/**
 * What every request must be before any route reads it: addressed to this server by a name it
 * answers to, of a size it accepts, and well-formed. Each refusal is one JSON message with the
 * status that says what is wrong (421, 413, 415, 400), never a 500 or a stack trace.
 */

/** Request bodies: sign-in is tiny, JSON changes small. Uploads have their own (UNSHADOW_UPLOAD_MAX_MB, `limitUpload`). */
export const BODY_LIMITS = { session: 8 * 1024, json: 1024 * 1024 } as const;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Host without its port, lower case; IPv6 literals keep their brackets. */
const hostName = (host: string): string => host.toLowerCase().replace(/:\d+$/, '');

/**
 * DNS rebinding: a page on attacker.example whose name later resolves to this server's address
 * reaches it with `Host: attacker.example`. Only names the server is meant to be reached by are
 * answered: the public URL's, the listen address, loopback names, and UNSHADOW_ALLOWED_HOSTS.
 */
export function hostAllowList(config: Pick<Config, 'publicUrl' | 'allowedHosts'>, listenHost: string | undefined): MiddlewareHandler<ApiEnv> {
  const publicHost = config.publicUrl ? [new URL(config.publicUrl).host.toLowerCase()] : [];
  const exact = new Set([...publicHost, ...config.allowedHosts.filter((host) => /:\d+$/.test(host))]);
  const anyPort = new Set([...LOOPBACK_NAMES, ...config.allowedHosts.filter((host) => !/:\d+$/.test(host))]);
  if (listenHost && !['0.0.0.0', '::', '[::]'].includes(listenHost)) anyPort.add(listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost.toLowerCase()}]` : listenHost.toLowerCase());
  return async (c, next) => {
    // The node adapter builds the URL from the Host header; in-process requests name their own.
    const host = new URL(c.req.url).host.toLowerCase();
    if (host && (exact.has(host) || anyPort.has(hostName(host)))) return next();
    return c.json(
      { error: `this server does not answer to the host name '${host.slice(0, 100)}'`, hint: 'Reach it by the address of UNSHADOW_PUBLIC_URL, or have the operator add the name to UNSHADOW_ALLOWED_HOSTS.' },
      421,
    );
  };
}

/** 413 before the body is read when Content-Length says too much; while reading otherwise. */
export function limitBody(maxSize: number): MiddlewareHandler<ApiEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('connection', 'close');
      return c.json({ error: `the request body is larger than ${Math.round(maxSize / 1024)} KiB, the limit for this route` }, 413);
    },
  });
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const hasBody = (c: Context<ApiEnv>) => BODY_METHODS.has(c.req.method) && (c.req.header('transfer-encoding') !== undefined || Number(c.req.header('content-length') ?? '0') > 0);

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

/**
 * API requests carry JSON or nothing; JSON that parses; and no NUL character anywhere (Postgres
 * text cannot hold one, and no name or note needs one). The parsed body is cached by Hono, so
 * the route's validator reads the same value. An upload's body is a file, not JSON: only its URL
 * is checked here (`takesFile`), and the route reads the body as a stream.
 */
export function wellFormedRequest(takesFile: (c: Context<ApiEnv>) => boolean = () => false): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (/%00/.test(c.req.url) || c.req.url.includes('\u0000')) return c.json({ error: 'the request URL contains a NUL character' }, 400);
    if (!hasBody(c) || takesFile(c)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return c.json({ error: `the API takes application/json request bodies, not ${type ? `'${type.slice(0, 60)}'` : 'a body without a Content-Type'}` }, 415);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the request body is not valid JSON' }, 400);
    }
    if (containsNul(body)) return c.json({ error: 'the request body contains a NUL character (\\u0000), which no field accepts' }, 400);
    return next();
  };
}

/**
 * The client's address: the peer, or when the peer is one of the operator's trusted reverse
 * proxies, the last address in X-Forwarded-For that is not a trusted proxy itself (the ones
 * before it could have been written by the client).
 */
export function clientAddress(c: Context<ApiEnv>, config: Pick<Config, 'trustedProxies'>): string {
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
  if (!inNetworks(peer, config.trustedProxies)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) if (!inNetworks(forwarded[i]!, config.trustedProxies)) return forwarded[i]!;
  return peer;
}

/** What a failed request leaves in the log: its kind and cause, never a query's parameters. */
export function loggableError(error: unknown): { type: string; message: string; code?: string } {
  const err = error as Error & { cause?: Error & { code?: string }; code?: string };
  // drizzle wraps driver errors as "Failed query: <sql>\nparams: <values>": the values can be anything a caller sent.
  const source = err?.cause && /^Failed query:/.test(err.message ?? '') ? err.cause : err;
  const code = source?.code ?? err?.code;
  return { type: source?.name ?? 'Error', message: String(source?.message ?? error).split('\n')[0]!.slice(0, 300), ...(code ? { code: String(code) } : {}) };
}
