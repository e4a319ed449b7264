import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { type AlertDeps, attemptDelivery, sweepAlerts } from '../alerts/dispatch.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { routeEvents } from '../inventory/alert-routing.js';
import { RateLimitedError } from '../domain/connector.js';
import { failureMessage } from '../domain/errors.js';
import { findConnectionById } from '../inventory/connections.js';
import { findSchedule } from '../inventory/schedules.js';
import { failScan, getScan, hasCompletedScan, ScanRunningError, setScanRetry, startScan } from '../inventory/scans.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { isFileConnection, runFileScan } from '../scan/file-sources.js';
import { describeFailure, endpointsOf, isUnreachable } from '../scan/failure-words.js';
import { isPermanent, logFailure } from '../scan/run-in-process.js';
import { RETRY } from '../scan/retry-policy.js';
import { fetchStream, inventoryStage, type MatchedBatch, pendingStreams } from '../scan/stages.js';
import { inventoryPayload, JOBS, type JobName, jobIds, type Queues } from './jobs.js';
import { LOAD } from './worker-load.js';

export interface ProcessorDeps {
  db: Db;
  config: Pick<Config, 'env' | 'secretKey'> & AlertDeps['config'];
  matcher: Matcher;
  catalog: Catalog;
  queues: Queues;
  log: Logger;
  /** Whether a stream should go on in another process (FetchDeps.handOver). */
  handOver?: (starting: boolean) => boolean;
}

/**
 * Thin processors: validate the payload, call the stage, translate the outcome for BullMQ.
 * A rate limit moves the job to delayed for as long as the source asked, without spending an
 * attempt; an error no retry can fix fails the job at once; anything else retries with backoff.
 */
export function createProcessor(deps: ProcessorDeps, shutdown: AbortSignal) {
  return async (job: Job, token?: string): Promise<unknown> => {
    const spec = JOBS[job.name as JobName];
    if (!spec) throw new UnrecoverableError(`unknown job '${job.name}'`);
    const parsed = spec.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job '${job.name}' has an invalid payload: ${parsed.error.issues[0]?.message ?? ''}`);
    const log = deps.log.child({ job: job.name, jobId: job.id, ...('scanId' in parsed.data ? { scanId: parsed.data.scanId } : {}) });
    // A job that outlives its timeout is aborted and retried; a shutting-down worker aborts too.
    const timeout = AbortSignal.timeout(spec.timeoutMs);
    const signal = AbortSignal.any([timeout, shutdown]);
    try {
      return await run(job, job.name as JobName, parsed.data, signal, log, token);
    } catch (error) {
      // A job that moved itself to delayed (an alert waiting to retry) is not a failure.
      if (error instanceof DelayedError) throw error;
      if (error instanceof RateLimitedError) {
        log.info({ waitMs: error.retryAfterMs }, `${error.message}; waiting as asked`);
        // The wait is the source's, not a failure: the scan says when it goes on, without spending an attempt.
        if ('scanId' in parsed.data && (job.name === 'scan.run' || job.name === 'scan.stream')) {
          const nextAt = new Date(Date.now() + error.retryAfterMs).toISOString();
          await setScanRetry(deps.db, parsed.data.scanId, { attempt: job.attemptsMade + 1, attempts: spec.attempts, nextAt, cause: describeFailure(error).message }).catch(() => {});
        }
        await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
        throw new DelayedError();
      }
      if (shutdown.aborted && !timeout.aborted) {
        // Back to the queue at once: its cursor is saved, another worker resumes it.
        log.info('worker shutting down; job handed back to the queue');
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (job.name === 'scan.run' || job.name === 'scan.stream') return scanJobFailed(job, parsed.data as { scanId: string; stream?: string }, error, log);
      if (isPermanent(error)) throw new UnrecoverableError(failureMessage(error));
      log.warn({ error: failureMessage(error), attempt: job.attemptsMade + 1 }, 'job failed; it will be retried');
      throw error;
    }
  };

  /**
   * A scan job that failed: the last attempt (or a failure no retry can fix, or a first scan
   * whose source cannot be reached at all) fails the scan with one error line; any other records
   * on the scan which attempt comes next and when, as BullMQ's backoff will schedule it at the latest.
   */
  async function scanJobFailed(job: Job, data: { scanId: string; stream?: string }, error: unknown, log: Logger): Promise<never> {
    const scan = await getScan(deps.db, data.scanId);
    if (!scan) throw new UnrecoverableError(`scan ${data.scanId} no longer exists`);
    const connection = await findConnectionById(deps.db, scan.connectionId);
    const unreachableFirst = isUnreachable(error) && !(await hasCompletedScan(deps.db, connection.id));
    const attempt = job.attemptsMade + 1;
    const attempts = JOBS[job.name as JobName].attempts;
    const failure = describeFailure(error, { endpoints: endpointsOf(connection.config), firstScan: unreachableFirst, attempts: attempt });
    if (isPermanent(error) || unreachableFirst || attempt >= attempts) {
      logFailure(log, error, failure.message);
      await failScan(deps.db, data.scanId, { ...failure, ...(data.stream ? { at: `stream ${data.stream}` } : {}) });
      throw new UnrecoverableError(failure.message);
    }
    const nextAt = new Date(Date.now() + RETRY.baseDelayMs * 2 ** (attempt - 1)).toISOString();
    await setScanRetry(deps.db, data.scanId, { attempt: attempt + 1, attempts, nextAt, cause: failure.message });
    log.info({ attempt, error: failure.message }, 'scan job failed; it will be retried');
    throw error;
  }

  function alertDeps(signal: AbortSignal, log: Logger): AlertDeps {
    return { db: deps.db, catalog: deps.catalog, config: deps.config, log, signal };
  }

  async function run(job: Job, name: JobName, data: unknown, signal: AbortSignal, log: Logger, token: string | undefined): Promise<unknown> {
    switch (name) {
      case 'scan.run': {
        const { scanId } = data as { scanId: string };
        const scan = await getScan(deps.db, scanId);
        // A file connection's file is read where the job runs: in one job, with nothing to page.
        if (scan && isFileConnection((await findConnectionById(deps.db, scan.connectionId)).kind)) {
          await runFileScan({ db: deps.db, matcher: deps.matcher, catalog: deps.catalog, log }, scanId);
          return { scanId };
        }
        const streams = await pendingStreams(deps.db, scanId);
        for (const stream of streams) await deps.queues.add('scan.stream', { scanId, stream }, jobIds.stream(scanId, stream));
        return { scanId, streams };
      }
      case 'scan.stream': {
        const { scanId, stream } = data as { scanId: string; stream: string };
        const fetched = await fetchStream({ db: deps.db, config: deps.config, matcher: deps.matcher, signal, ...(deps.handOver ? { handOver: deps.handOver } : {}) }, scanId, stream, async (batch: MatchedBatch) => {
          // A batch with nothing to store is completed here: a job for it would cost more than the batch.
          if (batch.items.length === 0) await inventoryStage(deps.db, batch);
          else await deps.queues.add('inventory.page', inventoryPayload(batch), jobIds.inventory(batch.scanId, batch.stream, batch.page, batch.lastPage ?? batch.page));
        });
        if (fetched === 'handed over') {
          // Its cursor is saved: the process with time resumes it, without spending an attempt.
          log.info({ stream }, 'this worker is saturated and another has time: the stream goes on there');
          await job.moveToDelayed(Date.now() + LOAD.delayMs, token);
          throw new DelayedError();
        }
        return { scanId, stream };
      }
      case 'inventory.page': {
        const batch = data as MatchedBatch;
        const result = await inventoryStage(deps.db, batch);
        // Routing and delivery are jobs of their own: a slow receiver never holds up a page.
        if (result.eventsNew > 0) await deps.queues.add('alert.route', {}, jobIds.route(`${batch.scanId}_${batch.stream}_${batch.page}-${batch.lastPage ?? batch.page}`));
        return result;
      }
      case 'alert.route': {
        const routed = await routeEvents(deps.db, deps.catalog);
        for (const id of routed.deliveries) await deps.queues.add('alert.deliver', { deliveryId: id }, jobIds.deliver(id));
        return { events: routed.events, deliveries: routed.deliveries.length };
      }
      case 'alert.sweep': {
        const swept = await sweepAlerts(alertDeps(signal, log));
        for (const id of swept.due) await deps.queues.add('alert.deliver', { deliveryId: id }, jobIds.deliver(id));
        return { events: swept.events, due: swept.due.length };
      }
      case 'alert.deliver': {
        const result = await attemptDelivery(alertDeps(signal, log), (data as { deliveryId: string }).deliveryId);
        if (result.status === 'retry') {
          // The wait is the delivery's own (Retry-After or backoff), counted in Postgres.
          await job.moveToDelayed(Date.now() + result.inMs, token);
          throw new DelayedError();
        }
        return result;
      }
      case 'schedule.tick': {
        const schedule = await findSchedule(deps.db, (data as { scheduleId: string }).scheduleId).catch(() => undefined);
        if (!schedule || schedule.paused) return { skipped: 'schedule removed or paused' };
        const connection = await findConnectionById(deps.db, schedule.connectionId);
        try {
          // The tick's job id names the tick: a scan records which tick started it.
          const scanId = await startScan(deps.db, connection.id, { tick: job.id }, `schedule:${schedule.id}`);
          await deps.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
          log.info({ scanId, connection: connection.name }, 'scheduled scan started');
          return { scanId };
        } catch (error) {
          // The previous tick's scan is still running: this tick does not start a second one.
          if (error instanceof ScanRunningError) return { skipped: `scan ${error.scanId} still running` };
          throw error;
        }
      }
    }
  }
}
