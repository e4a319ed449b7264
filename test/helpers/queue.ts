import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { jobIds, type QueueName, Queues } from '../../src/queue/jobs.js';
import { type RunningWorkers, startWorkers } from '../../src/queue/workers.js';
import { syntheticGrant } from '../../connectors/synthetic/index.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import type { Logger } from '../../src/log.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { createRedis } from '../../src/queue/redis.js';
import { createPostgresDatabase } from './databases.js';
import { uniquePrefix, waitFor } from './services.js';

export const catalog = loadCatalog();
export const matcher = compileMatcher(catalog);

/** How many of the first `records` synthetic grants the matcher flags: what a scan must store. */
export function expectedFlagged(records: number, aiShare = 0.1): number {
  let flagged = 0;
  for (let i = 0; i < records; i++) if (matcher.match(syntheticGrant(i, aiShare)).flagged) flagged++;
  return flagged;
}

/** A logger whose every line is kept, to check what was (not) logged. */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'trace' }, stream), lines };
}

/** A fresh Postgres database, a unique queue prefix and the config that points at them. */
export async function queueEnvironment(redisUrl: string, extraEnv: Record<string, string> = {}) {
  const created = await createPostgresDatabase();
  const prefix = uniquePrefix();
  // The test doubles and receivers listen on loopback, which only the operator's allowance opens.
  const env = { DATABASE_URL: created.url, REDIS_URL: redisUrl, UNSHADOW_QUEUE_PREFIX: prefix, UNSHADOW_HOME: '/tmp/unshadow-unused', UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback', ...extraEnv };
  const config = { ...loadConfig(env), env: { ...process.env, ...extraEnv } } as Config & { redisUrl: string };
  const database = await openDatabase(config);
  const redis = createRedis(redisUrl);
  const queues = new Queues(redis, prefix);
  return {
    env,
    config,
    database,
    db: database.db,
    queues,
    redis,
    async dispose() {
      await queues.close();
      redis.disconnect();
      await database.close();
      await created.drop();
    },
  };
}

export async function startTestWorkers(
  environment: { database: Database; config: Config & { redisUrl: string } },
  log: Logger,
  lockDurationMs = 30_000,
  queues: QueueName[] = ['scan', 'inventory'],
): Promise<RunningWorkers> {
  return startWorkers({ db: environment.database.db, config: environment.config, matcher, catalog, log }, { queues, concurrency: 2, lockDurationMs });
}

/**
 * A synthetic connection, scanned on the queue. `secrets` are stored as given, or as functions
 * of the connection id (encrypted values are bound to their row).
 */
export async function queueScan(
  environment: Awaited<ReturnType<typeof queueEnvironment>>,
  name: string,
  options: Record<string, unknown>,
  secrets: Record<string, string | ((id: string) => string)> = {},
) {
  const id = randomUUID();
  const stored = Object.fromEntries(Object.entries(secrets).map(([option, value]) => [option, typeof value === 'function' ? value(id) : value]));
  const connection = await addConnection(environment.db, { id, kind: 'synthetic', name, config: options, secrets: stored });
  const scanId = await startScan(environment.db, connection.id, {});
  await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
  return { connection, scanId };
}

export async function waitForScan(db: Database['db'], scanId: string, timeoutMs: number) {
  return waitFor(async () => {
    const scan = await getScan(db, scanId);
    return scan && scan.status !== 'running' ? scan : undefined;
  }, timeoutMs, `scan ${scanId} to finish`);
}
