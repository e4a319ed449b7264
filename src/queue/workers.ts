import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { failScan } from '../inventory/scans.js';
import { describeFailure } from '../scan/failure-words.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { createRedis } from '../queue/redis.js';
import { JOBS, type JobName, jobIds, type QueueName, Queues } from './jobs.js';
import { createProcessor } from './processors.js';
import { syncAllSchedulers } from './schedulers.js';
import { handsOver, WorkerLoad } from './worker-load.js';

export interface WorkerOptions {
  queues: readonly QueueName[];
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal: a worker killed mid-job frees its jobs after
   * about this long, and another worker resumes them.
   */
  lockDurationMs?: number;
  /** Reads this process's event-loop load each second (WorkerLoad); tests give one that says what they need. */
  measureLoad?: () => number;
}

export interface WorkerDeps {
  db: Db;
  config: Config & { redisUrl: string };
  matcher: Matcher;
  catalog: Catalog;
  log: Logger;
}

/**
 * The Postgres connections a worker process needs: one for each job it may run at once, and one
 * for what runs beside them (a failed job's scan update). With fewer, jobs that wait on a lock
 * hold them all: while a 5-million-line expense import held its transaction open for a minute,
 * the inventory pages of the AI systems it was creating waited on it, took every connection of
 * both workers' pools, and every scan's stream stopped writing for as long (bench:scale).
 */
export function connectionsFor(options: Pick<WorkerOptions, 'queues' | 'concurrency'>): number {
  return options.queues.length * options.concurrency + 1;
}

/** How often the alert sweep runs: overdue reviews, stragglers, due digests and retries. */
export const ALERT_SWEEP_MS = 60_000;

export interface RunningWorkers {
  /** Stops taking jobs; in-flight ones finish or go back to the queue with their cursor saved. */
  close(): Promise<void>;
}

export async function startWorkers(deps: WorkerDeps, options: WorkerOptions): Promise<RunningWorkers> {
  const redis = createRedis(deps.config.redisUrl);
  const queues = new Queues(redis, deps.config.queuePrefix);
  const shutdown = new AbortController();
  // A process paging through a stream is a scan's pace-setter: fetching and matching one page
  // after another on one thread. While it does, it takes inventory batches one at a time and
  // leaves the rest to processes that are not fetching (bench:pipeline: the streaming process
  // was busy all along and the other idle a third of the time).
  let streaming = 0;
  let scanJobs = 0;
  // Streams go where there is time for them (worker-load.ts): this process's load and its peers'.
  const load = new WorkerLoad(redis, deps.config.queuePrefix, () => (options.queues.includes('scan') ? Math.max(0, options.concurrency - scanJobs) : 0), options.measureLoad);
  let handedOverAt = -Infinity;
  const handOver = (starting: boolean) => {
    const now = performance.now();
    if (!handsOver(load.own, load.peers, { starting, streams: streaming, sinceLastMs: now - handedOverAt })) return false;
    handedOverAt = now;
    return true;
  };
  const processor = createProcessor({ db: deps.db, config: deps.config, matcher: deps.matcher, catalog: deps.catalog, queues, log: deps.log, handOver }, shutdown.signal);
  const lockDuration = options.lockDurationMs ?? 30_000;

  if (options.queues.includes('scan')) {
    const count = await syncAllSchedulers(deps.db, queues);
    deps.log.info({ schedules: count }, 'schedules synchronised');
  }
  if (options.queues.includes('alert')) {
    // One scheduler id: however many workers upsert it, one sweep runs per interval.
    await queues.get('alert').upsertJobScheduler('alert-sweep', { every: ALERT_SWEEP_MS }, { name: 'alert.sweep', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { age: 24 * 3600 } } });
  }

  const inventoryConcurrency = (concurrency: number) => {
    const inventory = workers[options.queues.indexOf('inventory')];
    if (inventory) inventory.concurrency = concurrency;
  };
  const run = async (job: Job, token?: string): Promise<unknown> => {
    const stream = job.name === 'scan.stream';
    const scanQueue = job.queueName === 'scan';
    if (scanQueue) scanJobs++;
    if (stream && ++streaming === 1) inventoryConcurrency(1);
    try {
      return await processor(job, token);
    } finally {
      if (scanQueue) scanJobs--;
      if (stream && --streaming === 0) inventoryConcurrency(options.concurrency);
    }
  };
  load.start();
  const connections = options.queues.map(() => createRedis(deps.config.redisUrl));
  const workers: Worker[] = options.queues.map((name, i) => {
    const worker = new Worker(name, run, {
      connection: connections[i]!,
      prefix: deps.config.queuePrefix,
      concurrency: options.concurrency,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      // A job whose worker died is resumed a few times before it counts as failed.
      maxStalledCount: 3,
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job) return;
      const spec = JOBS[job.name as JobName];
      const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (spec?.attempts ?? 1);
      const scanId = (job.data as { scanId?: string }).scanId;
      // The processor said what failed and why (a scan job fails its scan itself, in words); a stack is for debugging.
      deps.log.warn({ error: error.message, job: job.name, jobId: job.id, scanId, final }, 'job failed');
      deps.log.debug({ err: error, jobId: job.id }, 'job failure');
      // An exhausted job fails its scan, visibly: `scans show` lists the error (a no-op when the processor already did).
      if (final && scanId) {
        failScan(deps.db, scanId, describeFailure(error))
          .then(() => queues.add('alert.route', {}, jobIds.route(`failed_${scanId}`)))
          .catch(() => {});
      }
    });
    worker.on('error', (error) => deps.log.warn({ err: error, queue: name }, 'worker connection problem; retrying'));
    return worker;
  });
  deps.log.info({ queues: options.queues, concurrency: options.concurrency }, 'worker started');

  return {
    async close() {
      shutdown.abort();
      await Promise.all(workers.map((worker) => worker.close()));
      await load.stop();
      await queues.close();
      for (const connection of [redis, ...connections]) connection.disconnect();
      deps.log.info('worker stopped');
    },
  };
}
