import { Client, GraphError, HTTPMessageHandler, TelemetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { PermanentSourceError, RateLimitedError, TransientSourceError, type ConnectorRuntime } from '../../src/domain/connector.js';
import { errorForResponse, networkFailure, validResponse } from '../../src/domain/http-failure.js';
import { bookSlot, catchUpWithin, PACING_HEADROOM } from '../../src/domain/pacing.js';
import { delay, retryRequest } from '../../src/domain/request-retry.js';
import { withRequestSignal } from '../../src/domain/request-signal.js';
import { GraphBatcher, type BatchRequest, type MemberAnswer } from './batch.js';
import { collectionSchema, type SubscribedSku } from './normalise.js';
import type { Microsoft365Options } from './options.js';

/**
 * Microsoft Graph access for one connection: an app-only (client-credentials) token, cached
 * until shortly before it expires, and a Graph SDK client whose middleware chain is
 * auth → telemetry → fetch. There is deliberately no RetryHandler: every failure is typed by the
 * shared policy (errorForResponse) and the failed request alone is repeated (retryRequest), so a
 * 429 on one of a page's hundred requests costs one request, not the page.
 *
 * State lives in a session keyed by the runtime object (a WeakMap), never in module globals:
 * the token, and lookup caches (user names, app roles, SKU names) for the scan's lifetime.
 */

export const GRAPH_VERSION = 'v1.0';
/** Refresh the token this long before it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** A stream never follows more nextLinks than this inside one fetchPage (a loop guard). */
const MAX_INNER_PAGES = 1000;

export type M365Runtime = ConnectorRuntime<Microsoft365Options>;

interface Token {
  value: string;
  expiresAt: number;
}

export interface Session {
  client: Client;
  /** graphUrl without trailing slashes. */
  graphRoot: string;
  token?: Token;
  tokenRequest?: Promise<Token>;
  /** User object id → userPrincipalName (null: not found). */
  userNames: Map<string, string | null>;
  /** User object ids of disabled accounts, from one-by-one lookups. */
  disabledUsers: Set<string>;
  /** Resource service principal id (lower case) → app role id (lower case) → value. */
  appRoles: Map<string, Map<string, string>>;
  /** The tenant's subscribed SKUs, once fetched. */
  skus?: SubscribedSku[];
  /** Every user's name and state, once listed (cheaper than one lookup each when many are needed). */
  directory?: Map<string, DirectoryUser>;
  /** How many users the tenant has, once counted. */
  userCount?: number;
  /** When the next Intune request may be sent (performance.now() ms): see `intuneTurn`. */
  intuneNextAt?: number;
  /** Batches of lookups, one batcher per limit they count against (see batch.ts). */
  batchers: { identity?: GraphBatcher; intune?: GraphBatcher };
}

export interface DirectoryUser {
  userPrincipalName: string | null;
  enabled: boolean;
}

const sessions = new WeakMap<M365Runtime, Session>();

export const trimSlashes = (url: string): string => url.replace(/\/+$/, '');

export function tokenUrl(options: Microsoft365Options): string {
  return `${trimSlashes(options.authorityUrl)}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
}

/** What fetch threw for a Graph request, carried through the client (see BearerMiddleware). */
interface SendFailure {
  sendFailure: unknown;
}

/** Adds the bearer token, and refuses to send it anywhere but the configured Graph root. */
class BearerMiddleware implements Middleware {
  private next?: Middleware;
  constructor(private readonly session: Session) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (!url.toLowerCase().startsWith(`${this.session.graphRoot.toLowerCase()}/`)) {
      throw new PermanentSourceError(`refusing to send the Graph token to ${new URL(url).origin}: it is not the configured graphUrl ${this.session.graphRoot}`);
    }
    const token = this.session.token;
    if (!token) throw new Error('no Graph token (call accessToken first)');
    const options = (context.options ??= {});
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${token.value}`);
    options.headers = headers;
    try {
      await this.next!.execute(context);
    } catch (error) {
      // The client makes a GraphError of an Error that keeps only its text, and fetch's cause
      // (the outbound guard's refusal, a refused connection, an unknown host) with it. A value
      // that is not an Error it keeps whole, as the GraphError's body: mapGraphError reads it there.
      throw { sendFailure: error } satisfies SendFailure;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export function session(runtime: M365Runtime): Session {
  let found = sessions.get(runtime);
  if (!found) {
    const graphRoot = trimSlashes(runtime.options.graphUrl);
    const created: Session = { graphRoot, userNames: new Map(), disabledUsers: new Set(), appRoles: new Map(), batchers: {} } as Session;
    created.client = Client.initWithMiddleware({
      middleware: [new BearerMiddleware(created), new TelemetryHandler(), new HTTPMessageHandler()],
      baseUrl: `${graphRoot}/`,
      defaultVersion: GRAPH_VERSION,
    });
    sessions.set(runtime, created);
    found = created;
  }
  return found;
}

const tokenResponseSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });
/** OAuth errors of the token endpoint that retrying cannot fix. */
const PERMANENT_TOKEN_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_grant', 'invalid_scope', 'invalid_resource']);

async function requestToken(runtime: M365Runtime): Promise<Token> {
  const { options, secrets } = runtime;
  const secret = secrets.clientSecret;
  if (!secret) throw new PermanentSourceError('no client secret: give the connection one with --client-secret env:VAR or file:PATH', ['clientSecret']);
  const url = tokenUrl(options);
  const request = `POST ${url}`;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: secret, scope: `${trimSlashes(options.graphUrl)}/.default` });
  let response: Response;
  let text: string;
  try {
    ({ response, text } = await withRequestSignal(runtime.signal, async (signal) => {
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, ...(signal ? { signal } : {}) });
      return { response: answer, text: await answer.text() };
    }));
  } catch (error) {
    throw networkFailure(request, error);
  }
  const json: unknown = (() => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  })();
  if (!response.ok) {
    const oauth = json as { error?: unknown; error_description?: unknown } | undefined;
    const code = typeof oauth?.error === 'string' ? oauth.error : undefined;
    // AADSTS descriptions end with trace and correlation ids on further lines: keep the first.
    const description = typeof oauth?.error_description === 'string' ? oauth.error_description.split(/\r?\n/)[0] : undefined;
    const said = [code, description].filter(Boolean).join(': ');
    if (response.status === 400 && code && PERMANENT_TOKEN_ERRORS.has(code)) {
      // AADSTS90002 / 900023: no such tenant; everything else here is the app's credential.
      const problem = /AADSTS(90002|900023)\b/.test(description ?? '') ? 'not_found' : 'credential';
      throw new PermanentSourceError(`${request} answered 400: ${said}; check the tenant id, client id and client secret of the connection`, [], problem);
    }
    const error = errorForResponse(response.status, response.headers, json, { request });
    if (said) error.message += ` (${said})`;
    throw error;
  }
  const token = validResponse(request, tokenResponseSchema, json);
  return { value: token.access_token, expiresAt: Date.now() + (token.expires_in ?? 3600) * 1000 };
}

/** A valid app-only token for Graph, from the session's cache when it has one. */
export async function accessToken(runtime: M365Runtime): Promise<string> {
  const current = session(runtime);
  if (current.token && current.token.expiresAt - TOKEN_MARGIN_MS > Date.now()) return current.token.value;
  current.tokenRequest ??= retryRequest(runtime, `POST ${tokenUrl(runtime.options)}`, () => requestToken(runtime), { signal: runtime.signal, ...(runtime.retry ? { policy: runtime.retry } : {}) }).finally(() => {
    current.tokenRequest = undefined;
  });
  current.token = await current.tokenRequest;
  return current.token.value;
}

/**
 * A Graph path relative to the version root, from a relative path ("/users?$top=1") or a
 * nextLink (the full URL Graph returned; it must be under the configured graphUrl).
 */
export function relativePath(graphRoot: string, pathOrLink: string): string {
  if (pathOrLink.startsWith('/')) return pathOrLink;
  const prefix = `${graphRoot}/${GRAPH_VERSION}/`;
  if (pathOrLink.toLowerCase().startsWith(prefix.toLowerCase())) return `/${pathOrLink.slice(prefix.length)}`;
  throw new PermanentSourceError(`the cursor ${JSON.stringify(pathOrLink.slice(0, 120))} is not a Graph nextLink under ${prefix}; start the stream again`);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * The typed error for what the Graph client threw, through the shared HTTP failure policy. The
 * client reports a connection dropped while the body was read as a GraphError with the answer's
 * 2xx status (or none): a broken answer, retried, not "answered 200".
 */
function mapGraphError(error: unknown, request: string, needs: readonly string[]): Error {
  if (error instanceof PermanentSourceError || error instanceof RateLimitedError || error instanceof TransientSourceError) return error;
  // A request that got no answer: what fetch threw, carried as the body (see BearerMiddleware).
  if (!(error instanceof GraphError) || !(error.statusCode >= 300)) return networkFailure(request, (error instanceof GraphError ? (error.body as Partial<SendFailure> | undefined)?.sendFailure : undefined) ?? error);
  const body = parseBody(error.body);
  return withGraphWords(errorForResponse(error.statusCode, error.headers ?? {}, body, { request, needs: [...needs] }), error.code, error.message);
}

/** Graph's own code and message after the failure's words: "(Graph: Authorization_RequestDenied: Insufficient privileges …)". */
function withGraphWords(error: Error, code: unknown, message: unknown): Error {
  const said = [code, message].filter((part) => typeof part === 'string' && part).join(': ');
  if (said) error.message += ` (Graph: ${said})`;
  return error;
}

/**
 * Intune's limit is counted over 20 seconds: 2,000 requests per 20 s per app and tenant. A double
 * that counts it over a shorter window (bench:scale halves it) stays within the 3 % headroom with
 * the 200 ms catch-up down to a window of about 7 s.
 */
const INTUNE_WINDOW_MS = 20_000;

/**
 * Waits for the connection's next Intune slot: requests spaced at `intuneRequestsPerSecond`
 * (less the shared headroom) however many are in flight, every attempt of a retried one
 * included; a slot passed unused may still go up to 1 % of Intune's window late
 * (src/domain/pacing.ts).
 */
async function intuneTurn(runtime: M365Runtime, requests = 1): Promise<void> {
  const current = session(runtime);
  const now = performance.now();
  let at = now;
  for (let i = 0; i < requests; i++) {
    const slot = bookSlot(now, current.intuneNextAt, 1000 / (runtime.options.intuneRequestsPerSecond * PACING_HEADROOM), catchUpWithin(INTUNE_WINDOW_MS));
    current.intuneNextAt = slot.next;
    at = slot.at;
  }
  // A batch leaves at its last member's slot: none of them goes before its turn.
  if (at > now) await delay(at - now, runtime.signal);
}

/** A 404 a caller allowed: graphGet answers undefined for it. */
const NOT_FOUND = Symbol('not found');

/** The session's batcher for lookups under Graph's identity limits, or under Intune's (paced). */
function batcher(runtime: M365Runtime, intune: boolean): GraphBatcher {
  const current = session(runtime);
  const kind = intune ? 'intune' : 'identity';
  const found = current.batchers[kind];
  if (found) return found;
  const send = (requests: BatchRequest[]) =>
    withRequestSignal(runtime.signal, async (signal) => {
      try {
        return (await current.client.api('/$batch').options(signal ? { signal } : {}).post({ requests })) as unknown;
      } catch (error) {
        throw mapGraphError(error, 'POST /$batch', []);
      }
    });
  return (current.batchers[kind] = new GraphBatcher(send, intune ? (members) => intuneTurn(runtime, members) : undefined));
}

/** What a member of a batch answered, as graphGet would have taken it alone. */
function memberResult<T extends z.ZodType>(answer: MemberAnswer, request: string, schema: T, needs: readonly string[], allowNotFound: boolean): z.infer<T> | typeof NOT_FOUND {
  if (answer.status >= 200 && answer.status < 300) return validResponse(request, schema, answer.body);
  if (allowNotFound && answer.status === 404) return NOT_FOUND;
  const said = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  throw withGraphWords(errorForResponse(answer.status, answer.headers, answer.body, { request, needs: [...needs] }), said?.code, said?.message);
}

export interface GetOptions {
  /** Answer undefined for a 404 instead of failing (a deleted user or app). */
  allowNotFound?: boolean;
  /** An Intune (device management) request, paced by its own limit. */
  intune?: boolean;
  /** Request headers (ConsistencyLevel for $count). */
  headers?: Record<string, string>;
  /**
   * Sent in a JSON batch with the other lookups made at the same time (batch.ts): for the many
   * small requests of a page (each app's grants, each app's devices), not for the page itself.
   */
  batch?: boolean;
}

/** GET one Graph resource and validate it; a response of the wrong shape is a clear Error. */
export async function graphGet<T extends z.ZodType>(runtime: M365Runtime, pathOrLink: string, schema: T, needs: readonly string[], options: GetOptions & { allowNotFound: true }): Promise<z.infer<T> | undefined>;
export async function graphGet<T extends z.ZodType>(runtime: M365Runtime, pathOrLink: string, schema: T, needs: readonly string[], options?: GetOptions): Promise<z.infer<T>>;
export async function graphGet<T extends z.ZodType>(runtime: M365Runtime, pathOrLink: string, schema: T, needs: readonly string[], options: GetOptions = {}): Promise<z.infer<T> | undefined> {
  const current = session(runtime);
  const path = relativePath(current.graphRoot, pathOrLink);
  const request = `GET ${path.split('?')[0]}`;
  const result = await retryRequest(
    runtime,
    request,
    async () => {
      await accessToken(runtime);
      if (options.batch) {
        const answer = await batcher(runtime, options.intune === true).get({ path, ...(options.headers ? { headers: options.headers } : {}) });
        return memberResult(answer, request, schema, needs, options.allowNotFound === true);
      }
      if (options.intune) await intuneTurn(runtime);
      let body: unknown;
      try {
        body = await withRequestSignal(runtime.signal, (signal) => current.client.api(path).headers(options.headers ?? {}).options(signal ? { signal } : {}).get());
      } catch (error) {
        if (options.allowNotFound && error instanceof GraphError && error.statusCode === 404) return NOT_FOUND;
        throw mapGraphError(error, request, needs);
      }
      return validResponse(request, schema, body);
    },
    { signal: runtime.signal, ...(runtime.retry ? { policy: runtime.retry } : {}) },
  );
  return result === NOT_FOUND ? undefined : (result as z.infer<T>);
}

export interface GraphPage<T> {
  items: T[];
  next: string | null;
}

/** GET one page of a Graph collection: `{"value": [...], "@odata.nextLink"?}`. */
export async function graphPage<T extends z.ZodType>(runtime: M365Runtime, pathOrLink: string, item: T, needs: readonly string[], options: GetOptions = {}): Promise<GraphPage<z.infer<T>>> {
  const page = await graphGet(runtime, pathOrLink, collectionSchema(item), needs, options);
  return { items: page.value as z.infer<T>[], next: page['@odata.nextLink'] ?? null };
}

/** Every item of a Graph collection, following nextLinks inside this call. */
export async function graphAll<T extends z.ZodType>(runtime: M365Runtime, path: string, item: T, needs: readonly string[], options: GetOptions = {}): Promise<z.infer<T>[]> {
  const items: z.infer<T>[] = [];
  let link: string | null = path;
  for (let pages = 0; link; pages++) {
    if (pages >= MAX_INNER_PAGES) throw new Error(`GET ${path.split('?')[0]}: more than ${MAX_INNER_PAGES} pages; giving up`);
    const page: GraphPage<z.infer<T>> = await graphPage(runtime, link, item, needs, options);
    items.push(...page.items);
    link = page.next;
  }
  return items;
}

/** A stream cursor: null/undefined to start, else the nextLink string to continue from. */
export function cursorLink(cursor: unknown, stream: string): string | null {
  if (cursor === null || cursor === undefined) return null;
  if (typeof cursor === 'string' && cursor.length > 0) return cursor;
  throw new PermanentSourceError(`stream ${stream}: the cursor ${JSON.stringify(cursor)} is not a Graph nextLink; start the stream again`);
}

/** OData string literal inside a $filter: single quotes doubled, then URL-encoded. */
export function odataFilter(expression: string): string {
  return encodeURIComponent(expression);
}
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
