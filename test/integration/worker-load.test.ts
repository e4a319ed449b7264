import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { getScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { startWorkers } from '../../src/queue/workers.js';
import { capturingLogger, catalog, expectedFlagged, matcher, queueEnvironment, queueScan, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe('streams between worker processes', () => {
  it('a saturated process hands one of its two streams to a process with time, and every record is stored once', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const deps = { db: environment.db, config: environment.config, matcher, catalog };
    // Two processes' worth of workers on one queue: this one's event loop always reads as
    // saturated, the other's as idle. A stream that leaves the busy one can only end in the other.
    const busy = capturingLogger();
    const saturated = await startWorkers({ ...deps, log: busy.log }, { queues: ['scan', 'inventory'], concurrency: 4, measureLoad: () => 0.95 });
    cleanups.push(() => saturated.close());

    const options = { records: 6000, pageSize: 100, delayMs: 100 };
    const scans = [await queueScan(environment, 'tenant-a', options), await queueScan(environment, 'tenant-b', options)];
    // Both streams under way in the saturated process before the other process starts.
    await waitFor(async () => {
      const progress = await Promise.all(scans.map(async ({ scanId }) => (await getScan(environment.db, scanId))?.progress.grants?.pages ?? 0));
      return progress.every((pages) => pages >= 2);
    }, 20_000, 'both streams under way');
    const idle = await startWorkers({ ...deps, log: silentLogger }, { queues: ['scan', 'inventory'], concurrency: 4, measureLoad: () => 0.05 });
    cleanups.push(() => idle.close());

    const finished = await Promise.all(scans.map(({ scanId }) => waitForScan(environment.db, scanId, 60_000)));
    expect(busy.lines.filter((line) => line.includes('the stream goes on there')).length).toBeGreaterThanOrEqual(1);
    for (const [i, scan] of finished.entries()) {
      expect(scan.status).toBe('completed');
      expect(scan.counts.records).toBe(6000);
      const [stored] = await queryRows<{ n: number; keys: number }>(
        environment.db,
        sql`select count(*)::int as n, count(distinct key)::int as keys from observations where connection_id = ${scans[i]!.connection.id}`,
      );
      expect(stored).toEqual({ n: expectedFlagged(6000), keys: expectedFlagged(6000) });
    }
  });

  it('keeps its streams while no other process has time for them', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const deps = { db: environment.db, config: environment.config, matcher, catalog };
    const first = capturingLogger();
    const second = capturingLogger();
    const a = await startWorkers({ ...deps, log: first.log }, { queues: ['scan', 'inventory'], concurrency: 4, measureLoad: () => 0.95 });
    cleanups.push(() => a.close());
    const b = await startWorkers({ ...deps, log: second.log }, { queues: ['scan', 'inventory'], concurrency: 4, measureLoad: () => 0.95 });
    cleanups.push(() => b.close());

    const options = { records: 3000, pageSize: 100, delayMs: 100 };
    const scans = [await queueScan(environment, 'tenant-a', options), await queueScan(environment, 'tenant-b', options)];
    const finished = await Promise.all(scans.map(({ scanId }) => waitForScan(environment.db, scanId, 60_000)));
    expect(finished.map((scan) => scan.status)).toEqual(['completed', 'completed']);
    expect([...first.lines, ...second.lines].filter((line) => line.includes('the stream goes on there'))).toEqual([]);
  });
});
