import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { PermanentSourceError, RateLimitedError } from '../domain/connector.js';
import { failureMessage, findCause, RefusedAddressError, UserError } from '../domain/errors.js';
import { findConnectionById } from '../inventory/connections.js';
import { failScan, getScan, noteScanError, type ScanRow } from '../inventory/scans.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
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

/** Errors no retry can fix: the scan fails at once, saying what to grant or change. */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentSourceError || error instanceof UserError || findCause(error, RefusedAddressError) !== undefined;
}

/**
 * Embedded mode: the three stages in this process, page by page, with the queue's policies —
 * a rate limit waits what the source asks without counting as an attempt, a transient failure
 * retries with backoff and resumes from the last committed page, a permanent one fails the scan.
 */
export async function runScanInProcess(deps: InProcessDeps, scanId: string, options: { signal?: AbortSignal } = {}): Promise<ScanRow> {
  const log = deps.log.child({ scanId });
  const scan = await getScan(deps.db, scanId);
  if (scan && isFileConnection((await findConnectionById(deps.db, scan.connectionId)).kind)) {
    await runFileScan({ ...deps, log }, scanId);
    return (await getScan(deps.db, scanId))!;
  }
  let attempt = 0;
  for (;;) {
    try {
      await fetchStage({ db: deps.db, config: deps.config, matcher: deps.matcher, ...(options.signal ? { signal: options.signal } : {}) }, scanId, async (batch) => {
        await inventoryStage(deps.db, batch);
      });
      break;
    } catch (error) {
      if (error instanceof RateLimitedError) {
        log.warn({ waitMs: error.retryAfterMs }, error.message);
        await sleep(error.retryAfterMs, undefined, options.signal ? { signal: options.signal } : {});
        continue;
      }
      attempt++;
      if (isPermanent(error) || attempt >= RETRY.attempts || options.signal?.aborted) {
        log.error({ err: error }, 'scan failed');
        await failScan(deps.db, scanId, failureMessage(error));
        break;
      }
      const delay = backoffDelay(attempt);
      log.warn({ err: error, attempt, delayMs: delay }, 'scan attempt failed; resuming from the last committed page');
      await noteScanError(deps.db, scanId, { message: `attempt ${attempt} failed, retried: ${failureMessage(error)}` }).catch(() => {});
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
  return (await getScan(deps.db, scanId))!;
}
