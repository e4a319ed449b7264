import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/jobs.js';
import { queryRows } from '../../src/db/client.js';
import { connections } from '../../src/db/schema.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { storableSecret } from '../../src/secrets/index.js';
import { capturingLogger, catalog, expectedFlagged, matcher, queueEnvironment, queueScan, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { OutageProxy, PrivateRedis, TEST_REDIS_URL, waitFor } from '../helpers/services.js';
import { runScanInProcess } from '../../src/scan/run-in-process.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** The SaaS API is nock's; Postgres and Redis on this machine stay reachable. */
function onlyLocalNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

async function observationCount(db: Parameters<typeof queryRows>[0], connectionId: string) {
  const [row] = await queryRows<{ n: number; distinct_keys: number; gone: number }>(
    db,
    sql`select count(*)::int as n, count(distinct key)::int as distinct_keys, count(gone_at)::int as gone from observations where connection_id = ${connectionId}`,
  );
  return row!;
}

describe('scans on the queue workers (real Redis and Postgres)', () => {
  it('pages through a source into the inventory, and marks unseen records gone only after a complete scan', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const workers = await startTestWorkers(environment, silentLogger);
    cleanups.push(() => workers.close());

    const { connection, scanId } = await queueScan(environment, 'tenant', { records: 3000, pageSize: 250 });
    const scan = await waitForScan(environment.db, scanId, 30_000);
    expect(scan.status).toBe('completed');
    expect(scan.counts).toMatchObject({ records: 3000, pages: 12, flagged: expectedFlagged(3000) });
    expect(await observationCount(environment.db, connection.id)).toEqual({ n: expectedFlagged(3000), distinct_keys: expectedFlagged(3000), gone: 0 });
    // Stored batches leave nothing in Redis: their observations are in Postgres.
    const inventory = environment.queues.get('inventory');
    expect(await inventory.getJobCounts('completed', 'waiting', 'active', 'failed')).toEqual({ completed: 0, waiting: 0, active: 0, failed: 0 });

    // The tenant shrinks: a complete scan marks what it no longer sees as gone, deleting nothing.
    await environment.db.update(connections).set({ config: { records: 1000, pageSize: 250 } }).where(eq(connections.id, connection.id));
    const second = await startScan(environment.db, connection.id, {});
    await environment.queues.add('scan.run', { scanId: second }, jobIds.scan(second));
    expect((await waitForScan(environment.db, second, 30_000)).status).toBe('completed');
    expect(await observationCount(environment.db, connection.id)).toEqual({
      n: expectedFlagged(3000),
      distinct_keys: expectedFlagged(3000),
      gone: expectedFlagged(3000) - expectedFlagged(1000),
    });
  });

  it('rides out a Redis restart in the middle of a scan', async () => {
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.dispose());
    const environment = await queueEnvironment(redis.url);
    cleanups.push(() => environment.dispose());
    const workers = await startTestWorkers(environment, silentLogger);
    cleanups.push(() => workers.close());

    const { connection, scanId } = await queueScan(environment, 'slow', { records: 2000, pageSize: 100, delayMs: 150 });
    await waitFor(async () => ((await getScan(environment.db, scanId))?.progress.grants?.pages ?? 0) >= 4, 20_000, 'a few pages');
    await redis.stopProcess();
    await sleep(1500);
    await redis.startProcess();
    const scan = await waitForScan(environment.db, scanId, 90_000);
    expect(scan.status).toBe('completed');
    expect(scan.counts.records).toBe(2000);
    expect(await observationCount(environment.db, connection.id)).toMatchObject({ n: expectedFlagged(2000), distinct_keys: expectedFlagged(2000) });
  });

  it('retries through a Postgres outage and completes without losing a record', async () => {
    const proxy = await OutageProxy.start('127.0.0.1', 5432);
    cleanups.push(() => proxy.close());
    const direct = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => direct.dispose());
    // The workers reach the same database only through the proxy.
    const url = new URL(direct.env.DATABASE_URL);
    url.port = String(proxy.port);
    const { openDatabase } = await import('../../src/db/client.js');
    const proxied = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '' });
    cleanups.push(() => proxied.close());
    const workers = await startTestWorkers({ database: proxied, config: direct.config }, silentLogger);
    cleanups.push(() => workers.close());

    const { connection, scanId } = await queueScan(direct, 'flaky-db', { records: 2000, pageSize: 100, delayMs: 100 });
    await waitFor(async () => ((await getScan(direct.db, scanId))?.progress.grants?.pages ?? 0) >= 3, 20_000, 'a few pages');
    proxy.cut();
    await sleep(3000);
    proxy.restore();
    const scan = await waitForScan(direct.db, scanId, 120_000);
    expect(scan.status).toBe('completed');
    expect(scan.counts.records).toBe(2000);
    expect(await observationCount(direct.db, connection.id)).toMatchObject({ n: expectedFlagged(2000), distinct_keys: expectedFlagged(2000) });
  });

  it('waits as long as a 429 Retry-After asks, without spending an attempt', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const workers = await startTestWorkers(environment, silentLogger);
    cleanups.push(() => workers.close());
    onlyLocalNetwork();
    const times: number[] = [];
    const api = nock('https://grants.example.test')
      .get('/pages')
      .query({ cursor: '0' })
      .reply(() => {
        times.push(Date.now());
        return [429, { error: 'slow down' }, { 'Retry-After': '2' }];
      })
      .get('/pages')
      .query({ cursor: '0' })
      .reply(() => {
        times.push(Date.now());
        return [200, { from: 0, to: 50, next: 50 }];
      })
      .get('/pages')
      .query({ cursor: '50' })
      .reply(200, { from: 50, to: 100, next: null });

    const { scanId } = await queueScan(environment, 'limited', { url: 'https://grants.example.test/pages' });
    const scan = await waitForScan(environment.db, scanId, 30_000);
    expect(scan.status).toBe('completed');
    api.done();
    const waited = times[1]! - times[0]!;
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(5000);
    const job = await environment.queues.get('scan').getJob(jobIds.scan(scanId));
    expect(job?.attemptsMade).toBe(1);
  });

  it('fails at once on a missing permission, naming it, and marks nothing gone', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const workers = await startTestWorkers(environment, silentLogger);
    cleanups.push(() => workers.close());
    onlyLocalNetwork();
    const api = nock('https://grants.example.test').get('/pages').query(true).reply(403, { message: 'Forbidden' });
    const { scanId } = await queueScan(environment, 'forbidden', { url: 'https://grants.example.test/pages' });
    const scan = await waitForScan(environment.db, scanId, 30_000);
    api.done();
    expect(scan.status).toBe('failed');
    expect(scan.errors.map((e) => e.message).join(' ')).toContain('grant grants.read');
    const job = await environment.queues.get('scan').getJob(jobIds.scan(scanId));
    expect(job?.attemptsMade).toBe(1);
  });

  it('never puts a connection token in the database, Redis, job data or logs', async () => {
    const token = `tok_${randomBytes(16).toString('hex')}`;
    const secretKey = randomBytes(24).toString('hex');
    const environment = await queueEnvironment(TEST_REDIS_URL, { SYNTHETIC_TOKEN: token, UNSHADOW_SECRET_KEY: secretKey });
    cleanups.push(() => environment.dispose());
    const { log, lines } = capturingLogger();
    const workers = await startTestWorkers(environment, log);
    cleanups.push(() => workers.close());
    onlyLocalNetwork();
    // The API only answers when the token is presented: it was resolved and used.
    const api = nock('https://grants.example.test', { reqheaders: { authorization: `Bearer ${token}` } })
      .get('/pages')
      .query(true)
      .times(4)
      .reply(200, { from: 0, to: 20, next: null });

    const byReference = await queueScan(environment, 'by-reference', { url: 'https://grants.example.test/pages' }, { token: 'env:SYNTHETIC_TOKEN' });
    const encrypted = await queueScan(environment, 'encrypted', { url: 'https://grants.example.test/pages' }, { token: (id) => storableSecret({ table: 'connections', id, option: 'token' }, token, secretKey) });
    expect((await waitForScan(environment.db, byReference.scanId, 30_000)).status).toBe('completed');
    expect((await waitForScan(environment.db, encrypted.scanId, 30_000)).status).toBe('completed');
    expect(api.isDone() || api.pendingMocks().length < 4).toBe(true);

    const tables = await queryRows<{ table_name: string }>(environment.db, sql`select table_name from information_schema.tables where table_schema = 'public'`);
    for (const { table_name } of tables) {
      const rows = await queryRows<{ row: string }>(environment.db, sql.raw(`select row_to_json(t)::text as row from "${table_name}" t`));
      for (const { row } of rows) expect(row, `table ${table_name}`).not.toContain(token);
    }
    const keys = await environment.redis.keys(`${environment.env.UNSHADOW_QUEUE_PREFIX}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const type = await environment.redis.type(key);
      const value =
        type === 'hash' ? JSON.stringify(await environment.redis.hgetall(key))
        : type === 'list' ? JSON.stringify(await environment.redis.lrange(key, 0, -1))
        : type === 'zset' ? JSON.stringify(await environment.redis.zrange(key, '0', '-1'))
        : type === 'set' ? JSON.stringify(await environment.redis.smembers(key))
        : type === 'string' ? String(await environment.redis.get(key))
        : type === 'stream' ? JSON.stringify(await environment.redis.xrange(key, '-', '+'))
        : '';
      expect(value, `redis key ${key}`).not.toContain(token);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('runs the same stages in process without Redis, honouring Retry-After there too', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    onlyLocalNetwork();
    const times: number[] = [];
    nock('https://grants.example.test')
      .get('/pages')
      .query(true)
      .reply(() => {
        times.push(Date.now());
        return [429, {}, { 'Retry-After': '1' }];
      })
      .get('/pages')
      .query(true)
      .reply(() => {
        times.push(Date.now());
        return [200, { from: 0, to: 30, next: null }];
      });
    const { addConnection } = await import('../../src/inventory/connections.js');
    const connection = await addConnection(environment.db, { kind: 'synthetic', name: 'embedded', config: { url: 'https://grants.example.test/pages' }, secrets: {} });
    const scanId = await startScan(environment.db, connection.id, {});
    const scan = await runScanInProcess({ db: environment.db, config: environment.config, matcher, catalog, log: silentLogger }, scanId);
    expect(scan.status).toBe('completed');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(scan.counts.records).toBe(30);
  });
});
