import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import type { z } from 'zod';
import { PermanentSourceError, RateLimitedError, TransientSourceError, type ConnectorRuntime } from '../../src/domain/connector.js';
import { errorForResponse, networkFailure, validResponse } from '../../src/domain/http-failure.js';
import { retryRequest } from '../../src/domain/request-retry.js';
import { withRequestSignal } from '../../src/domain/request-signal.js';
import type { GithubOptions } from './options.js';
import { PrimaryQuota } from './primary-quota.js';

/**
 * GitHub REST access for one connection: one Octokit per runtime (a WeakMap, no module state),
 * with no retries and no throttling plugin of its own. Every call goes through `call`: its answer
 * is validated against the documented shape before it is trusted (Octokit hands back status 200
 * with `data === ""` for a body cut off mid-JSON), and the failed request alone is repeated
 * (retryRequest), with every failure typed by the shared policy (errorForResponse). The token
 * goes only into the Authorization header (Octokit's auth).
 */

export type GithubRuntime = ConnectorRuntime<GithubOptions>;

const clients = new WeakMap<GithubRuntime, Octokit>();
const quotas = new WeakMap<GithubRuntime, PrimaryQuota>();

/** The primary rate limit as this connection's answers report it, shared by its requests in flight. */
function quotaOf(runtime: GithubRuntime): PrimaryQuota {
  let quota = quotas.get(runtime);
  if (!quota) {
    quota = new PrimaryQuota();
    quotas.set(runtime, quota);
  }
  return quota;
}
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export const trimSlashes = (url: string): string => url.replace(/\/+$/, '');

export function octokit(runtime: GithubRuntime): Octokit {
  let client = clients.get(runtime);
  if (!client) {
    const { appId, installationId } = runtime.options;
    const { token, privateKey } = runtime.secrets;
    // A GitHub App's installation, or a token: the App is better (no person's token, finer permissions).
    const auth =
      appId && installationId && privateKey ? { authStrategy: createAppAuth, auth: { appId, privateKey, installationId } }
      : token ? { auth: token }
      : undefined;
    if (!auth) {
      throw new PermanentSourceError('no credential: give the connection --token env:VAR, or --app-id, --installation-id and --private-key file:PATH of a GitHub App', ['token']);
    }
    client = new Octokit({
      ...auth,
      baseUrl: trimSlashes(runtime.options.apiUrl),
      userAgent: 'unshadow',
      log: silent,
      request: { retries: 0 },
    });
    // Each request gets a signal of its own (see withRequestSignal), aborted with the scan's.
    const scan = runtime.signal;
    if (scan) client.hook.wrap('request', (request, options) => withRequestSignal(scan, async (signal) => request({ ...options, request: { ...options.request, signal } })));
    clients.set(runtime, client);
  }
  return client;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** The typed error for an Octokit RequestError, through the shared HTTP failure policy. */
export function mapError(error: unknown, request: string, needs: readonly string[]): Error {
  if (error instanceof PermanentSourceError) return error;
  if (error instanceof RateLimitedError || error instanceof TransientSourceError) return error;
  const e = error as RequestErrorLike;
  if (!e || typeof e.status !== 'number' || !e.response) return networkFailure(request, error);
  const headers = e.response.headers ?? {};
  const mapped = errorForResponse(e.status, headers, e.response.data, { request, needs: [...needs] });
  const said = String((e.response.data as { message?: unknown } | undefined)?.message ?? '');
  if (said) mapped.message += ` (GitHub: ${said})`;
  const accepted = headers['x-accepted-oauth-scopes'];
  if (e.status === 403 && accepted) mapped.message += ` (accepted token scopes: ${accepted})`;
  return mapped;
}

export const statusOf = (error: unknown): number | undefined => {
  const status = (error as RequestErrorLike | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
};

export interface Answer<T> {
  data: T;
  headers: Record<string, string | undefined>;
}

export interface CallOptions<T extends z.ZodType> {
  /** The documented shape of the answer (lenient: only what the connector reads). */
  schema: T;
  /** Statuses that mean "nothing there" (404 Copilot not enabled, a repository deleted mid-scan): undefined, not a failure. */
  allow?: readonly number[];
}

/** GitHub answered 304 to If-None-Match: what the ETag named has not changed (and the request was free). */
export const NOT_MODIFIED = Symbol('not modified');

/**
 * Run one Octokit call: repeated alone when it fails in a way a repeat can fix, its answer
 * validated before use.
 */
export async function call<T extends z.ZodType>(
  runtime: GithubRuntime,
  request: string,
  needs: readonly string[],
  run: () => Promise<{ data: unknown; headers: object }>,
  options: CallOptions<T>,
): Promise<Answer<z.infer<T>> | undefined> {
  const answer = await conditionalCall(runtime, request, needs, run, options);
  if (answer === NOT_MODIFIED) throw new PermanentSourceError(`${request} answered 304 to a request that named no ETag`, [], 'malformed');
  return answer;
}

/**
 * `call` for a request sent with If-None-Match: GitHub answers 304, which does not count
 * against the rate limit, when what the ETag named has not changed.
 */
export async function conditionalCall<T extends z.ZodType>(
  runtime: GithubRuntime,
  request: string,
  needs: readonly string[],
  run: () => Promise<{ data: unknown; headers: object }>,
  options: CallOptions<T>,
): Promise<Answer<z.infer<T>> | typeof NOT_MODIFIED | undefined> {
  return retryRequest(
    runtime,
    request,
    async () => {
      const quota = quotaOf(runtime);
      await quota.take(runtime.signal, runtime.retry?.longestWaitMs);
      let response: { data: unknown; headers: object };
      try {
        response = await run();
        quota.settle(response.headers as Record<string, string | undefined>);
      } catch (error) {
        quota.settle((error as RequestErrorLike | undefined)?.response?.headers);
        const status = statusOf(error);
        // Octokit reports a 304 (an If-None-Match that matched) as an error.
        if (status === 304) return NOT_MODIFIED;
        if (status !== undefined && options.allow?.includes(status) && !isRateLimit(error)) return undefined;
        throw mapError(error, request, needs);
      }
      return { data: validResponse(request, options.schema, response.data), headers: response.headers as Record<string, string | undefined> };
    },
    { signal: runtime.signal, ...(runtime.retry ? { policy: runtime.retry } : {}) },
  );
}

/** A 403 that is a rate limit must never be read as "not allowed here". */
function isRateLimit(error: unknown): boolean {
  const e = error as RequestErrorLike;
  const headers = e.response?.headers ?? {};
  const message = String((e.response?.data as { message?: unknown } | undefined)?.message ?? '');
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(message);
}

/** True when the page was full and the Link header names a next page. */
export function hasNext(headers: { link?: string | undefined }, count: number, perPage: number): boolean {
  if (count < perPage) return false;
  return /rel="next"/.test(headers.link ?? '');
}

/** `{page: n}` cursors: null/undefined starts at 1. */
export function pageOf(cursor: unknown, stream: string): number {
  if (cursor === null || cursor === undefined) return 1;
  const page = (cursor as { page?: unknown }).page;
  if (typeof page === 'number' && Number.isInteger(page) && page >= 1) return page;
  throw new PermanentSourceError(`stream ${stream}: the cursor ${JSON.stringify(cursor)} is not a GitHub page cursor; start the stream again`);
}
