import type { z } from 'zod';
import type { Observation } from './observation.js';
import type { RequestRetryPolicy } from './request-retry.js';

/**
 * What every source connector is: a small interface. It fetches one page of a stream at a time
 * and turns it into observations (pure); the scan runner owns persistence, cursors, retries and
 * completion. A connector never sees the database or the queue.
 */

/** What a source said about one item of a stream when it was last read (see `Page.items`). */
export interface KnownItem {
  state: Record<string, unknown>;
  /** A complete scan read or vouched for it: only then may a scan skip it as unchanged. */
  confirmed: boolean;
}

/** Resolved secrets (never stored or logged) and validated options of one connection. */
export interface ConnectorRuntime<Options = Record<string, unknown>> {
  options: Options;
  secrets: Record<string, string>;
  signal?: AbortSignal;
  /** When the connection's last complete scan started (ISO), for incremental streams. */
  lastCompleteScanAt?: string;
  /** What earlier scans recorded about an item (`Page.items`), for streams that record items. */
  known?: (stream: string, item: string) => KnownItem | undefined;
  /** Overrides of the request retry policy (tests and benchmarks shorten the backoff). */
  retry?: Partial<RequestRetryPolicy>;
}

/** An item of the stream read in full on this page (or vouched for), and what to remember of it. */
export interface SourceItem {
  item: string;
  state: Record<string, unknown>;
}

export interface Page {
  observations: Observation[];
  /** Where the next page starts; null when the stream is finished. Plain JSON. */
  next: unknown;
  /**
   * Key prefixes of observations this page vouches for without reading them again: their
   * source has not changed since the last complete scan (a repository not pushed since).
   * They count as seen, so a complete scan does not mark them gone.
   */
  unchanged?: string[];
  /**
   * Key prefixes under `unchanged` that this scan reads again, so they are not vouched for: what
   * the source no longer has under them is marked gone (an incremental listing vouches for a
   * whole stream but the users it lists again).
   */
  unchangedExcept?: string[];
  /**
   * Items of the stream this page read in full or vouched for, with what to remember of them
   * (a push date, an ETag). The runner keeps them; a later scan sees them through
   * `runtime.known` once a complete scan has confirmed them.
   */
  items?: SourceItem[];
}

export interface PermissionCheck {
  /** What was checked: a permission, a scope, an endpoint. */
  name: string;
  ok: boolean;
  detail?: string;
  /** What kind of failure it is, when it failed: each has its own fix. */
  problem?: SourceProblem | 'configuration';
  /** What to do about it, in the words of the person who runs `connections test`. */
  fix?: string;
  /** The declared permission (`Connector.permissions[].name`) this check probes, if it probes one. */
  permission?: string;
  /** Not tried, because a check it depends on failed (no token, organisation not reachable). */
  skipped?: boolean;
}

/**
 * One permission (a Graph application permission, an OAuth scope, a token scope) a connector's
 * streams need: the permission tables of the connector READMEs, as data, so that `connections
 * test`, the console's form and the README say the same.
 */
export interface RequiredPermission {
  /** As the provider's admin console names it. */
  name: string;
  /** The exact string to grant, where it is longer than the name (Google's scope URLs). */
  grant?: string;
  /** Broader permissions that also grant it. */
  alternatives?: readonly string[];
  /** Where the provider offers a finer-grained model too (GitHub's fine-grained tokens and Apps). */
  fineGrained?: string;
  streams: readonly string[];
  /** What it is used for, in words. */
  purpose: string;
}

/** A secret option as a form shows it. */
export interface SecretField {
  label: string;
  help: string;
  /** A connection cannot work without it (some connectors take one of several instead). */
  required?: boolean;
  /** Its value has several lines (a PEM key): a form takes it in a text area, whose newlines a one-line field would drop. */
  multiline?: boolean;
}

export interface Connector<Options = Record<string, unknown>> {
  kind: string;
  /** The source's name as people know it ("Microsoft 365"). */
  label: string;
  description: string;
  /** Non-secret options, as `connections add` takes them (camelCase keys). */
  optionsSchema: z.ZodType<Options>;
  /** Options that are secrets: given as env:VAR, file:path or stored encrypted. */
  secretOptions: readonly string[];
  /** What each secret option is, for help and forms (one per `secretOptions` entry). */
  secretFields: Readonly<Record<string, SecretField>>;
  /** What the streams need from the source's admin, as the connector's README tables it. */
  permissions: readonly RequiredPermission[];
  streams: readonly string[];
  /** Checks credentials and every permission the streams need, naming each missing one. */
  test(runtime: ConnectorRuntime<Options>): Promise<PermissionCheck[]>;
  fetchPage(runtime: ConnectorRuntime<Options>, stream: string, cursor: unknown): Promise<Page>;
}

/** The source asked us to wait: retry after `retryAfterMs` without counting an attempt. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** What went wrong with a source, in the words `connections test` and scans report it in. */
export type SourceProblem = 'credential' | 'permission' | 'not_found' | 'invalid_request' | 'unreachable' | 'unavailable' | 'malformed';

/**
 * Retrying cannot help: a missing permission, a revoked or wrong credential, a resource that
 * is not there, a request the source refuses as invalid. The message says what to grant or fix.
 */
export class PermanentSourceError extends Error {
  override readonly name = 'PermanentSourceError';
  constructor(
    message: string,
    readonly missing: string[] = [],
    readonly problem: SourceProblem = 'permission',
  ) {
    super(message);
  }
}

/**
 * Retrying may help: the source failed (5xx), could not be reached, or answered a body that was
 * cut off, empty or not the shape its documentation gives. Never read as an empty page.
 */
export class TransientSourceError extends Error {
  override readonly name = 'TransientSourceError';
  constructor(
    message: string,
    readonly problem: Extract<SourceProblem, 'unreachable' | 'unavailable' | 'malformed'> = 'unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
