import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { jobIds, QUEUE_NAMES, Queues } from '../../queue/jobs.js';
import { removeScheduler, syncScheduler } from '../../queue/schedulers.js';
import { ALERT_SWEEP_MS, connectionsFor, startWorkers } from '../../queue/workers.js';
import { dispatchInProcess } from '../../alerts/dispatch.js';
import { createFirstRunCode, type FirstRunCode } from '../../access/first-run.js';
import { createApi } from '../../api/app.js';
import type { ApiDeps } from '../../api/context.js';
import { UserError } from '../../domain/errors.js';
import { anyoneCanSignIn } from '../../inventory/access.js';
import { findConnectionById } from '../../inventory/connections.js';
import { findSchedule } from '../../inventory/schedules.js';
import { ScanRunningError, startScan } from '../../inventory/scans.js';
import { createRedis } from '../../queue/redis.js';
import { pruneUploads, uploadsDir } from '../../scan/uploads.js';
import { runScanInProcess } from '../../scan/run-in-process.js';
import { runEmbeddedSchedules } from '../../schedule/embedded.js';
import { type CliContext, withContext } from '../context.js';
import { untilStopped } from './worker.js';

/** With Redis, serve is a worker of every queue, this many jobs at once on each. */
const JOBS_PER_QUEUE = 4;
/** Postgres connections for the console and the API, beside the jobs' (connectionsFor). */
const API_CONNECTIONS = 4;

export interface ServeOptions {
  port: number;
  host: string;
}

/**
 * The long-running process: the HTTP API and console, and the schedules and alerts (as a worker
 * of every queue with Redis, in this process without). Resolves with the URL once listening and
 * a stop function that shuts everything down; and, when nobody can sign in yet, the one-time code
 * that creates the first admin from the sign-in page (for the operator's eyes: `serve` prints it).
 */
export async function startServer(context: CliContext, options: ServeOptions): Promise<{ url: string; stop: () => Promise<void>; firstRun?: FirstRunCode }> {
  const { database, config, matcher, catalog, log } = context;
  const db = database.db;
  const abort = new AbortController();
  const stops: (() => Promise<void> | void)[] = [];
  let deps: ApiDeps;
  if (config.redisUrl) {
    const workers = await startWorkers({ db, config: { ...config, redisUrl: config.redisUrl }, matcher, catalog, log }, { queues: QUEUE_NAMES, concurrency: JOBS_PER_QUEUE, lockDurationMs: config.jobLockMs });
    const redis = createRedis(config.redisUrl);
    const queues = new Queues(redis, config.queuePrefix);
    stops.push(() => workers.close(), () => queues.close(), () => redis.disconnect());
    deps = {
      ...context,
      db,
      runScan: (scanId) => queues.add('scan.run', { scanId }, jobIds.scan(scanId)),
      scheduleChanged: (schedule, removed) => (removed ? removeScheduler(queues, schedule.id) : syncScheduler(queues, schedule)),
    };
  } else {
    const runInProcess = async (scanId: string) => {
      await runScanInProcess({ db, config, matcher, catalog, log }, scanId, { signal: abort.signal });
      await dispatchInProcess({ db, catalog, config, log, signal: abort.signal });
    };
    const schedules = runEmbeddedSchedules(db, log, async (scheduleId, connectionId) => {
      // A schedule paused or removed since its task was set up does not fire (its task is gone at the next reload).
      const schedule = await findSchedule(db, scheduleId).catch(() => undefined);
      if (!schedule || schedule.paused) return;
      const connection = await findConnectionById(db, connectionId);
      try {
        const scanId = await startScan(db, connection.id, {}, `schedule:${scheduleId}`);
        log.info({ scanId, connection: connection.name }, 'scheduled scan started');
        await runInProcess(scanId);
      } catch (error) {
        if (error instanceof ScanRunningError) log.info({ connection: connection.name }, 'previous scan still running; tick skipped');
        else throw error;
      }
    });
    // The alert stage on a timer of its own: deliveries, retries and digests never wait for a scan.
    const alerts = setInterval(() => {
      dispatchInProcess({ db, catalog, config, log, signal: abort.signal }).catch((error: unknown) => log.error({ err: error }, 'alert dispatch failed; it runs again shortly'));
    }, ALERT_SWEEP_MS);
    stops.push(() => clearInterval(alerts), () => schedules.stop());
    deps = {
      ...context,
      db,
      // The scan runs on after the request is answered; the console follows its progress.
      runScan: async (scanId) => void runInProcess(scanId).catch((error: unknown) => log.error({ err: error, scanId }, 'scan failed')),
      // Embedded schedules also reload from the database every minute, for changes made elsewhere.
      scheduleChanged: () => schedules.reload(),
    };
  }
  // Uploads a replaced export or a removed connection left behind, at start and every hour.
  const prune = () => pruneUploads(db, uploadsDir(config.home)).catch((error: unknown) => log.warn({ err: error }, 'could not delete uploads no connection reads'));
  await prune();
  const pruning = setInterval(() => void prune(), 60 * 60 * 1000);
  stops.push(() => clearInterval(pruning));
  const firstRun = (await anyoneCanSignIn(db)) ? undefined : createFirstRunCode();
  const app = createApi({ ...deps, listenHost: options.host, ...(firstRun ? { firstRun } : {}) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UserError(`port ${options.port} on ${options.host} is already in use`, 'Stop the other process or choose another --port.') : error),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url,
    ...(firstRun ? { firstRun } : {}),
    async stop() {
      abort.abort();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stop of stops) await stop();
    },
  };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port takes a port number from 0 to 65535, not '${value}'`);
  return port;
}

export async function serveConsole(flags: { port: string; host: string }): Promise<void> {
  const port = parsePort(flags.port);
  await withContext(
    async (context) => {
      const server = await startServer(context, { port, host: flags.host });
      process.stderr.write(`unshadow serve: console and API at ${server.url} (OpenAPI at ${server.url}/openapi.json); stop with Ctrl-C.\n`);
      if (server.firstRun) {
        process.stderr.write(`Nobody can sign in yet. Create the first admin at ${server.url}/login with this one-time setup code: ${server.firstRun.code}\n`);
      }
      if (!context.config.publicUrl) process.stderr.write('note: UNSHADOW_PUBLIC_URL is not set, so alerts carry no link back to the console; set it to the address people use.\n');
      await untilStopped();
      await server.stop();
    },
    {},
    { connections: connectionsFor({ queues: QUEUE_NAMES, concurrency: JOBS_PER_QUEUE }) + API_CONNECTIONS },
  );
}
