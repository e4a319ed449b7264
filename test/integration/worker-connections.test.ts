import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { ingestObservations, type IngestItem } from '../../src/inventory/ingest.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { jobIds, type QueueName } from '../../src/queue/jobs.js';
import { connectionsFor, startWorkers } from '../../src/queue/workers.js';
import { catalog, matcher, queueEnvironment, queueScan, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

const held: IngestItem = {
  kind: 'oauth_grant',
  key: 'held:grant',
  attributes: { appName: 'Held Assistant' },
  match: { catalogId: null, vendor: 'Held Vendor', product: 'Held Assistant', category: 'unknown', confidence: 0.5, reasons: ['test'] },
};

describe("a worker's Postgres connections", () => {
  // An import holds its transaction until its last line (all or nothing). Inventory pages of the
  // AI systems it creates wait for it; they must not take the connections every other job needs.
  it('keep a scan fetching while its inventory jobs wait on another transaction', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const options: { queues: QueueName[]; concurrency: number } = { queues: ['scan', 'inventory'], concurrency: 4 };
    const database = await openDatabase(environment.config, { migrate: false, connections: connectionsFor(options) });
    cleanups.push(() => database.close());

    // The long import: it has created the system "Held Vendor" and not committed.
    const importer = await openDatabase(environment.config, { migrate: false, connections: 1 });
    cleanups.push(() => importer.close());
    const connection = await addConnection(environment.db, { id: randomUUID(), kind: 'synthetic', name: 'held', config: {}, secrets: {} });
    const heldScan = await startScan(environment.db, connection.id, {});
    const context = { connectionId: connection.id, scanId: heldScan, catalogVersion: 'test', actor: 'test', seenAt: new Date() };
    let commit: () => void = () => {};
    const importing = importer.db.transaction(async (tx) => {
      await ingestObservations(tx, context, [held]);
      await new Promise<void>((resolve) => {
        commit = resolve;
        holding = true;
      });
    });
    let holding = false;
    await waitFor(async () => holding, 5000, 'the import to hold its transaction');
    // Ends the import however the test ends, before its connection closes.
    cleanups.push(async () => {
      commit();
      await importing;
    });

    const workers = await startWorkers({ db: database.db, config: environment.config, matcher, catalog, log: silentLogger }, options);
    cleanups.push(() => workers.close());
    // More pages of the held system than the worker runs inventory jobs at once: every slot waits.
    for (let page = 0; page < 6; page++) {
      const batch = { scanId: heldScan, connectionId: connection.id, seenAt: new Date().toISOString(), stream: 'grants', page, catalogVersion: 'test', items: [{ ...held, key: `held:grant:${page}` }] };
      await environment.queues.add('inventory.page', batch as never, jobIds.inventory(heldScan, 'grants', page, page));
    }
    const waiting = () => queryRows<{ n: number }>(environment.db, sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into "ai_systems"%'`);
    await waitFor(async () => (await waiting())[0]!.n >= options.concurrency, 10_000, 'every inventory slot to wait on the import');

    // Another connection's scan: its pages are fetched, matched and registered meanwhile.
    const { scanId } = await queueScan(environment, 'tenant', { records: 1000, pageSize: 100 });
    const fetched = await waitFor(async () => {
      const scan = await getScan(environment.db, scanId);
      return scan?.progress.grants?.done ? scan : undefined;
    }, 15_000, 'the scan to fetch every page while the import holds its transaction');
    expect(fetched.progress.grants?.pages).toBe(10);
    expect((await waiting())[0]!.n).toBeGreaterThanOrEqual(options.concurrency);

    // The import commits: the waiting pages are stored, and the scan completes.
    commit();
    await importing;
    expect((await waitForScan(environment.db, scanId, 30_000)).status).toBe('completed');
    await waitFor(async () => (await queryRows<{ n: number }>(environment.db, sql`select count(*)::int as n from observations where connection_id = ${connection.id}`))[0]!.n === 7, 15_000, 'the held pages to be stored');
  });
});
