import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { syncScheduler } from '../../src/queue/schedulers.js';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { addSchedule } from '../../src/inventory/schedules.js';
import { getScan } from '../../src/inventory/scans.js';
import { ROOT } from '../helpers/cli.js';
import { expectedFlagged, queueEnvironment, queueScan, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL, waitFor } from '../helpers/services.js';

/**
 * Real `unshadow worker` processes: killed, stopped and run side by side, as operators do.
 */
const processes: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const child of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'worker', '--concurrency', '2'], {
    cwd: ROOT,
    env: { ...process.env, ...env, UNSHADOW_JOB_LOCK_MS: '2000', UNSHADOW_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  processes.push(child);
  return child;
}

async function observations(db: Parameters<typeof queryRows>[0], connectionId: string) {
  const [row] = await queryRows<{ n: number; keys: number }>(db, sql`select count(*)::int as n, count(distinct key)::int as keys from observations where connection_id = ${connectionId}`);
  return row!;
}

describe('worker processes', () => {
  it('completes a scan exactly once after its worker is killed with SIGKILL mid-scan', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const first = startWorker(environment.env);
    const { connection, scanId } = await queueScan(environment, 'killed', { records: 3000, pageSize: 100, delayMs: 150 });
    await waitFor(async () => ((await getScan(environment.db, scanId))?.progress.grants?.pages ?? 0) >= 8, 30_000, 'eight pages');
    first.kill('SIGKILL');
    await once(first, 'exit');
    const pagesAtKill = (await getScan(environment.db, scanId))!.progress.grants!.pages;
    expect(pagesAtKill).toBeLessThan(30);

    const second = startWorker(environment.env);
    const scan = await waitForScan(environment.db, scanId, 90_000);
    expect(scan.status).toBe('completed');
    expect(scan.counts).toMatchObject({ records: 3000, pages: 30, flagged: expectedFlagged(3000) });
    expect(await observations(environment.db, connection.id)).toEqual({ n: expectedFlagged(3000), keys: expectedFlagged(3000) });
    second.kill('SIGTERM');
    expect(await once(second, 'exit')).toEqual([0, null]);
  });

  it('stops gracefully on SIGTERM, handing its scan back to the queue for another worker', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const first = startWorker(environment.env);
    const { connection, scanId } = await queueScan(environment, 'stopped', { records: 2000, pageSize: 100, delayMs: 150 });
    await waitFor(async () => ((await getScan(environment.db, scanId))?.progress.grants?.pages ?? 0) >= 5, 30_000, 'five pages');
    const stoppedAt = Date.now();
    first.kill('SIGTERM');
    expect(await once(first, 'exit')).toEqual([0, null]);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);

    startWorker(environment.env);
    const scan = await waitForScan(environment.db, scanId, 60_000);
    expect(scan.status).toBe('completed');
    expect(await observations(environment.db, connection.id)).toEqual({ n: expectedFlagged(2000), keys: expectedFlagged(2000) });
  });

  it('starts one scan per schedule tick with two worker processes running, and never two at once', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const fast = await addConnection(environment.db, { kind: 'synthetic', name: 'fast', config: { records: 200, pageSize: 100 }, secrets: {} });
    const slow = await addConnection(environment.db, { kind: 'synthetic', name: 'slow', config: { records: 500, pageSize: 100, delayMs: 500 }, secrets: {} });
    const everyTwo = await addSchedule(environment.db, { connectionId: fast.id, cron: '*/2 * * * * *', timezone: 'UTC' });
    const everySecond = await addSchedule(environment.db, { connectionId: slow.id, cron: '* * * * * *', timezone: 'UTC' });
    // Both processes synchronise the same schedulers when they start, and again here.
    startWorker(environment.env);
    startWorker(environment.env);
    await syncScheduler(environment.queues, everyTwo);
    await syncScheduler(environment.queues, everySecond);
    // Until enough ticks have come, however long the two processes took to start on a busy machine.
    await waitFor(async () => {
      const [row] = await queryRows<{ fast: number; slow: number }>(
        environment.db,
        sql`select count(*) filter (where connection_id = ${fast.id})::int as fast, count(*) filter (where connection_id = ${slow.id} and finished_at is not null)::int as slow from scans`,
      );
      return row!.fast >= 3 && row!.slow >= 2;
    }, 60_000, 'three scans of the fast connection and two of the slow one');
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));

    const scans = await queryRows<{ connection_id: string; tick: string; started_at: Date; finished_at: Date | null }>(
      environment.db,
      sql`select connection_id, source->>'tick' as tick, started_at, finished_at from scans order by started_at`,
    );
    const fastScans = scans.filter((s) => s.connection_id === fast.id);
    expect(fastScans.length).toBeGreaterThanOrEqual(3);
    expect(new Set(fastScans.map((s) => s.tick)).size).toBe(fastScans.length);

    // A 2.5-second scan on a one-second schedule: the ticks that come while it runs are skipped.
    const slowScans = scans.filter((s) => s.connection_id === slow.id);
    expect(slowScans.length).toBeGreaterThanOrEqual(2);
    expect(slowScans.length).toBeLessThan(9);
    for (let i = 1; i < slowScans.length; i++) {
      const previous = slowScans[i - 1]!;
      expect(previous.finished_at, 'the previous scan had finished').not.toBeNull();
      expect(new Date(slowScans[i]!.started_at).getTime()).toBeGreaterThanOrEqual(new Date(previous.finished_at!).getTime());
    }
  }, 120_000);
});
