import { once } from 'node:events';
import { QUEUE_NAMES, type QueueName, Queues } from '../../queue/jobs.js';
import { connectionsFor, startWorkers } from '../../queue/workers.js';
import { UserError } from '../../domain/errors.js';
import { listScans } from '../../inventory/scans.js';
import { createRedis } from '../../queue/redis.js';
import { withContext, withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

/** Runs until SIGTERM or SIGINT, then stops gracefully. */
export async function untilStopped(): Promise<string> {
  const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
  return signal;
}

function parseQueues(value: string): QueueName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw new UserError(`unknown queue '${name}'`, `Queues: ${QUEUE_NAMES.join(', ')}.`);
  return names as QueueName[];
}

export async function work(flags: { queues: string; concurrency: string }): Promise<void> {
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UserError('--concurrency takes a whole number from 1 to 256');
  const queues = parseQueues(flags.queues);
  await withContext(
    async ({ database, config, matcher, catalog, log }) => {
      if (!config.redisUrl) throw new UserError('unshadow worker needs REDIS_URL', 'Set REDIS_URL=redis://host:6379, or without Redis run schedules with `unshadow serve`.');
      const workers = await startWorkers({ db: database.db, config: { ...config, redisUrl: config.redisUrl }, matcher, catalog, log }, { queues, concurrency, lockDurationMs: config.jobLockMs });
      process.stderr.write(`unshadow worker: processing ${queues.join(', ')} (concurrency ${concurrency}); stop with Ctrl-C or SIGTERM.\n`);
      const signal = await untilStopped();
      log.info({ signal }, 'stopping');
      await workers.close();
    },
    {},
    { connections: connectionsFor({ queues, concurrency }) },
  );
}

export async function status(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const last = new Map<string, Awaited<ReturnType<typeof listScans>>[number]>();
    for (const row of await listScans(db, { limit: 1000 })) if (!last.has(row.connection)) last.set(row.connection, row);
    const scans = [...last.values()].map(({ scan, connection }) => ({ connection, id: scan.id, status: scan.status, startedAt: scan.startedAt, finishedAt: scan.finishedAt, errors: scan.errorCount }));
    let queues: { name: string; counts: Record<string, number>; workers: number }[] = [];
    if (config.redisUrl) {
      const redis = createRedis(config.redisUrl);
      const all = new Queues(redis, config.queuePrefix);
      try {
        queues = await Promise.all(
          QUEUE_NAMES.map(async (name) => ({
            name,
            counts: await all.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
            workers: (await all.get(name).getWorkers()).length,
          })),
        );
      } finally {
        await all.close();
        redis.disconnect();
      }
    }
    if (flags.json) {
      printJson({ mode: config.redisUrl ? 'queue' : 'embedded', queues, scans });
      return;
    }
    process.stdout.write(config.redisUrl ? `Mode: workers on Redis (prefix ${config.queuePrefix})\n` : 'Mode: embedded (no REDIS_URL): scans run in the process that starts them.\n');
    if (queues.length) {
      process.stdout.write(`${table(['Queue', 'Waiting', 'Active', 'Delayed', 'Failed', 'Workers'], queues.map((q) => [q.name, q.counts.waiting ?? 0, q.counts.active ?? 0, q.counts.delayed ?? 0, q.counts.failed ?? 0, q.workers]))}\n`);
    }
    process.stdout.write(`${table(['Connection', 'Last scan', 'Status', 'Started', 'Errors'], scans.map((s) => [s.connection, s.id.slice(0, 8), s.status, s.startedAt.toISOString().slice(0, 19).replace('T', ' '), s.errors || '']))}\n`);
  });
}
