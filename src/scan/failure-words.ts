import type { ScanError } from '../db/schema.js';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../domain/connector.js';
import { failureMessage, findCause, RefusedAddressError, UserError } from '../domain/errors.js';
import { optionName } from '../domain/option-names.js';
import { failedRequest } from '../domain/request-retry.js';

/**
 * A scan's failure as the one line a person reads: the call that failed, the cause in words and
 * what to do about it; never a stack trace or a chain of "fetch failed". Pure: it reads only the
 * error (and the causes fetch and the SDKs wrap around it) and the connection's endpoints.
 */

export interface Endpoint {
  /** The connection's option that holds the URL (apiUrl, graphUrl, …). */
  option: string;
  url: string;
}

export interface FailureContext {
  /** The connection's URL options, the API's first: to name the host and the option to check. */
  endpoints?: readonly Endpoint[];
  /** The connection has never completed a scan, so a source it cannot reach failed the scan at once. */
  firstScan?: boolean;
  /** The scan's attempts before it gave up, when it retried. */
  attempts?: number;
}

/** What the network layer said, from the first cause in the chain that carries a code. */
interface NetworkCause {
  code: string;
  host?: string;
  port?: number;
  url?: string;
}

function networkCause(error: unknown): NetworkCause | undefined {
  let url: string | undefined;
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    const node = current as { code?: unknown; hostname?: unknown; host?: unknown; address?: unknown; port?: unknown; request?: { url?: unknown }; config?: { url?: unknown } };
    const named = node.request?.url ?? node.config?.url;
    if (typeof named === 'string') url ??= named;
    if (typeof node.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(node.code)) {
      const host = [node.hostname, node.host, node.address].find((value): value is string => typeof value === 'string' && value.length > 0);
      return { code: node.code, ...(host ? { host } : {}), ...(typeof node.port === 'number' ? { port: node.port } : {}), ...(url ? { url } : {}) };
    }
  }
  return undefined;
}

const urlIn = (text: string | undefined) => text?.match(/\bhttps?:\/\/[^\s)'"]+/)?.[0];

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

type CauseKind = 'refused' | 'dns' | 'timeout' | 'route' | 'tls' | 'reset' | 'other';

function causeKind(code: string): CauseKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ECONNABORTED') return 'timeout';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN') return 'route';
  if (/^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return 'tls';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  return 'other';
}

function causeWords(kind: CauseKind, host: string, code: string): string {
  switch (kind) {
    case 'refused':
      return `connection refused by ${host} (nothing listens there)`;
    case 'dns':
      return `the host name ${host.replace(/:\d+$/, '')} does not resolve (DNS ${code})`;
    case 'timeout':
      return `no answer from ${host} (connection timed out)`;
    case 'route':
      return `no route to ${host} (${code})`;
    case 'tls':
      return `the TLS handshake with ${host} failed (${code})`;
    case 'reset':
      return `${host} closed the connection (${code})`;
    default:
      return `cannot connect to ${host} (${code})`;
  }
}

/** "the address (--api-url)": the option a person would correct, in the CLI's words. */
function optionWords(endpoint: Endpoint | undefined): string {
  return endpoint ? `the connection's address (--${optionName(endpoint.option)}, now ${endpoint.url})` : "the connection's address";
}

function fixWords(kind: CauseKind, host: string, endpoint: Endpoint | undefined): string {
  const option = optionWords(endpoint);
  switch (kind) {
    case 'refused':
      return `Check ${option} and that the service at ${host} is running.`;
    case 'dns':
      return `Check the host name in ${option} and this server's DNS.`;
    case 'tls':
      return `Check that ${host} speaks HTTPS with a certificate valid for that name and trusted here (NODE_EXTRA_CA_CERTS for an internal authority), and the scheme in ${option}.`;
    default:
      return `Check that this server can reach ${host} (firewall, proxy, DNS) and ${option}.`;
  }
}

/** retryRequest's "(gave up on GET /x after 6 attempts)": the line says the call once. */
const withoutGiveUp = (message: string) => message.replace(/ \(gave up on .+ after (\d+ attempts|the scan's retry budget of \d+ is spent)\)$/, '');

/** A request that failed to connect, at its host: "GET http://127.0.0.1:8443/users", or "GET /users on graph.example". */
function callWords(request: string | undefined, cause: NetworkCause, host: string): string {
  if (cause.url && (!request || !urlIn(request))) return request ? `${request.split(' ')[0]} ${cause.url.split('?')[0]}` : cause.url.split('?')[0]!;
  if (!request) return `a request to ${host}`;
  return urlIn(request) ? request : `${request} on ${host}`;
}

const attemptsWords = (context: FailureContext) => (context.attempts && context.attempts > 1 ? ` (gave up after ${context.attempts} attempts)` : '');

/** The failure of a scan, or of one of its attempts, in one line with its fix. */
export function describeFailure(error: unknown, context: FailureContext = {}): ScanError {
  const refused = findCause(error, RefusedAddressError);
  if (refused) return { message: refused.message, fix: 'Only the operator widens where requests may go, with UNSHADOW_ALLOW_PRIVATE_NETWORKS on the server.' };
  if (error instanceof UserError) return { message: error.message, ...(error.hint ? { fix: error.hint } : {}) };
  const unreachable = error instanceof TransientSourceError && error.problem === 'unreachable' ? networkCause(error) : undefined;
  if (unreachable) {
    const request = failedRequest(error);
    const endpoints = context.endpoints ?? [];
    const host =
      hostOf(unreachable.url ?? urlIn(request)) ?? (unreachable.host ? `${unreachable.host}${unreachable.port ? `:${unreachable.port}` : ''}` : undefined) ?? hostOf(endpoints[0]?.url) ?? 'the source';
    const bare = host.replace(/:\d+$/, '');
    const endpoint = endpoints.find((e) => hostOf(e.url) === host) ?? endpoints.find((e) => hostOf(e.url)?.replace(/:\d+$/, '') === bare) ?? endpoints[0];
    const kind = causeKind(unreachable.code);
    const first = context.firstScan ? ' This connection has never completed a scan, so the scan stopped at once instead of retrying for minutes.' : '';
    return { message: `${callWords(request, unreachable, host)}: ${causeWords(kind, host, unreachable.code)}${attemptsWords(context)}`, fix: `${fixWords(kind, host, endpoint)}${first}` };
  }
  const message = withoutGiveUp(failureMessage(error));
  if (error instanceof PermanentSourceError) {
    const fix =
      error.problem === 'permission'
        ? `${error.missing.length ? `Grant ${error.missing.join(', ')}, then check` : 'Check'} every permission with \`unshadow connections test\` (Test in the console).`
        : error.problem === 'credential'
          ? 'Store a valid secret (`unshadow connections set`, or edit the connection in the console), then test the connection.'
          : error.problem === 'not_found'
            ? "Check the connection's names and ids (tenant, domain, organisation) and its addresses."
            : 'Test the connection (`unshadow connections test`) to see what the source refuses.';
    return { message, fix };
  }
  if (error instanceof RateLimitedError) return { message: `${message}${attemptsWords(context)}`, fix: 'The source limits how fast it is read; the scan waits as asked. Scan less often if this keeps happening.' };
  if (error instanceof TransientSourceError) {
    return { message: `${message}${attemptsWords(context)}`, fix: 'The source failed or answered badly; this is usually temporary. Run the scan again later, and check the provider\'s status page if it keeps failing.' };
  }
  return { message: `internal error: ${message}${attemptsWords(context)}`, fix: 'This looks like a bug in unshadow: the server log has the details (UNSHADOW_LOG_LEVEL=debug shows the stack).' };
}

/** A connection's URL options, in the connector's order (the API first, then tokens and sign-in). */
export function endpointsOf(config: Record<string, unknown>): Endpoint[] {
  return Object.entries(config)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^https?:\/\//i.test(entry[1]))
    .map(([option, url]) => ({ option, url }));
}

/** The connector could not connect to its source at all (refused, unknown host, TLS, timeout). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TransientSourceError && error.problem === 'unreachable';
}
