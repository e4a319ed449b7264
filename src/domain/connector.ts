import type { z } from 'zod';
import type { Observation } from './observation.js';

/**
 * What every source connector is: a small interface. It fetches one page of a stream at a time
 * and turns it into observations (pure); the scan runner owns persistence, cursors, retries and
 * completion. A connector never sees the database or the queue.
 */

/** Resolved secrets (never stored or logged) and validated options of one connection. */
export interface ConnectorRuntime<Options = Record<string, unknown>> {
  options: Options;
  secrets: Record<string, string>;
  signal?: AbortSignal;
  /** When the connection's last complete scan started (ISO), for incremental streams. */
  lastCompleteScanAt?: string;
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
}

export interface PermissionCheck {
  /** What was checked: a permission, a scope, an endpoint. */
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Connector<Options = Record<string, unknown>> {
  kind: string;
  description: string;
  /** Non-secret options, as `connections add` takes them (camelCase keys). */
  optionsSchema: z.ZodType<Options>;
  /** Options that are secrets: given as env:VAR, file:path or stored encrypted. */
  secretOptions: readonly string[];
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

/**
 * Retrying cannot help: a missing permission, a revoked or wrong credential, a resource that
 * is not there. The message says what to grant or fix.
 */
export class PermanentSourceError extends Error {
  override readonly name = 'PermanentSourceError';
  constructor(
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message);
  }
}
