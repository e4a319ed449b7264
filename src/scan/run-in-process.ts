import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../domain/connector.js';
import { findCause, OperationError, RefusedAddressError, UserError } from '../domain/errors.js';
import { findConnectionById } from '../inventory/connections.js';
import { failScan, getScan, hasCompletedScan, type ScanRow, setScanRetry } from '../inventory/scans.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { describeFailure, endpointsOf, isUnreachable } from './failure-words.js';
import { isFileConnection, runFileScan } from './file-sources.js';
import { backoffDelay, RETRY } from './retry-policy.js';
import { fetchStage, inventoryStage } from './stages.js';

export interface InProcessDeps {
  db: Db;
  config: Pick<Config, 'env' | 'secretKey'>;
  matcher: Matcher;
  catalog: Catalog;
  log: Logger;
}

/** Why a scan stopped when the process running it was asked to stop (Ctrl-C, serve shutting down). */
const STOPPED = { message: 'stopped before it finished: the process running it was interrupted', fix: 'Run the scan again; it starts from the beginning of each stream it had not finished.' };

/** Errors no retry can fix: the scan fails at once, saying what to grant or change. */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentSourceError || error instanceof UserError || findCause(error, RefusedAddressError) !== undefined;
}

/**
 * Embedded mode: the three stages in this process, page by page, with the queue's policies —
 * a rate limit waits what the source asks without counting as an attempt, a transient failure
 * retries with backoff and resumes from the last committed page, a permanent one fails the scan.
 * While an attempt waits, the scan row says which comes next and when (`scans.retry`); a scan
 * that fails ends with one error: the call, the cause and the fix. The first scan of a
 * connection fails at once when its source cannot be reached at all.
 */
export async function runScanInProcess(deps: InProcessDeps, scanId: string, options: { signal?: AbortSignal } = {}): Promise<ScanRow> {
  const log = deps.log.child({ scanId });
  const scan = await getScan(deps.db, scanId);
  if (!scan) throw new UserError(`no scan with id '${scanId}'`);
  const connection = await findConnectionById(deps.db, scan.connectionId);
  if (isFileConnection(connection.kind)) {
    await runFileScan({ ...deps, log }, scanId);
    return (await getScan(deps.db, scanId))!;
  }
  const firstScan = !(await hasCompletedScan(deps.db, connection.id));
  const endpoints = endpointsOf(connection.config);
  // A wait cut short by the signal ends quietly: the next turn of the loop sees the signal and fails the scan as stopped.
  const wait = (ms: number) => sleep(ms, undefined, options.signal ? { signal: options.signal } : {}).catch((error: unknown) => {
    if (!options.signal?.aborted) throw error;
  });
  let attempt = 0;
  for (;;) {
    try {
      await fetchStage({ db: deps.db, config: deps.config, matcher: deps.matcher, ...(options.signal ? { signal: options.signal } : {}) }, scanId, async (batch) => {
        await inventoryStage(deps.db, batch);
      });
      break;
    } catch (error) {
      if (options.signal?.aborted) {
        await failScan(deps.db, scanId, STOPPED);
        break;
      }
      if (error instanceof RateLimitedError) {
        log.info({ waitMs: error.retryAfterMs }, error.message);
        await setScanRetry(deps.db, scanId, { attempt: attempt + 1, attempts: RETRY.attempts, nextAt: new Date(Date.now() + error.retryAfterMs).toISOString(), cause: describeFailure(error).message });
        await wait(error.retryAfterMs);
        continue;
      }
      attempt++;
      // A connection that never completed a scan and cannot reach its source has a wrong address far more often than an outage.
      const unreachableFirst = firstScan && isUnreachable(error);
      const failure = describeFailure(error, { endpoints, firstScan: unreachableFirst, attempts: attempt });
      if (isPermanent(error) || unreachableFirst || attempt >= RETRY.attempts) {
        logFailure(log, error, failure.message);
        await failScan(deps.db, scanId, failure);
        break;
      }
      const delay = backoffDelay(attempt);
      log.info({ attempt, delayMs: delay, error: failure.message }, 'scan attempt failed; retrying from the last committed page');
      await setScanRetry(deps.db, scanId, { attempt: attempt + 1, attempts: RETRY.attempts, nextAt: new Date(Date.now() + delay).toISOString(), cause: failure.message });
      await wait(delay);
    }
  }
  return (await getScan(deps.db, scanId))!;
}

/**
 * A source's failure is the scan's answer, kept on its row and shown where people look: the log
 * gets one line without a stack. Anything else is a bug, whose stack is kept for debug logs.
 */
export function logFailure(log: Logger, error: unknown, message: string): void {
  if (isSourceFailure(error)) log.info({ error: message }, 'scan failed');
  else {
    log.error({ error: message }, 'scan failed on an unexpected error');
    log.debug({ err: error }, 'the unexpected error');
  }
}

function isSourceFailure(error: unknown): boolean {
  return isPermanent(error) || error instanceof TransientSourceError || error instanceof RateLimitedError || error instanceof OperationError;
}
