import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { getScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { startWorkers } from '../../src/queue/workers.js';
import { catalog, matcher, queueEnvironment, queueScan } from '../helpers/queue.js';
import { TEST_REDIS_URL, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe('a worker process paging through a stream', () => {
  it('takes inventory batches one at a time meanwhile, and as many as its concurrency once the stream is fetched', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    // Every inventory batch waits on this lock, so the batches a process has taken stay active.
    const holder = new pg.Client({ connectionString: environment.env.DATABASE_URL });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('begin');
    await holder.query('lock table ai_systems in exclusive mode');
    let released = false;
    const release = async () => {
      if (!released) await holder.query('commit');
      released = true;
    };

    const workers = await startWorkers({ db: environment.db, config: environment.config, matcher, catalog, log: silentLogger }, { queues: ['scan', 'inventory'], concurrency: 4 });
    // Before the lock is released: closing waits for the batches it holds up.
    cleanups.push(async () => {
      await release();
      await workers.close();
    });
    // Every grant is an AI app's: 16,000 observations, eight batches, over about two seconds of paging.
    const { scanId } = await queueScan(environment, 'tenant', { records: 16_000, pageSize: 200, aiShare: 1, delayMs: 25 });
    const inventory = environment.queues.get('inventory');
    let mostWhileStreaming = 0;
    await waitFor(async () => {
      const [active, scan] = await Promise.all([inventory.getActiveCount(), getScan(environment.db, scanId)]);
      if (scan?.progress.grants?.done) return true;
      mostWhileStreaming = Math.max(mostWhileStreaming, active);
      return false;
    }, 30_000, 'the stream to be fetched', 10);
    expect(mostWhileStreaming).toBe(1);

    // Fetched, the process takes the waiting batches as its concurrency allows.
    await release();
    let mostAfter = 0;
    await waitFor(async () => {
      mostAfter = Math.max(mostAfter, await inventory.getActiveCount());
      return (await getScan(environment.db, scanId))?.status === 'completed';
    }, 30_000, 'the scan to complete', 5);
    expect(mostAfter).toBeGreaterThan(1);
  });
});
