import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Db, queryRows } from '../../src/db/client.js';
import { addConnection, removeConnection } from '../../src/inventory/connections.js';
import { HeldSystemChanges, type IngestContext, type IngestItem, inHeldTransaction, ingestObservations, withdrawHeldSystems } from '../../src/inventory/ingest.js';
import { startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { freshDatabase } from '../helpers/databases.js';

const grant = (user: string, catalogId: string, first: string): IngestItem => ({
  kind: 'oauth_grant',
  key: `google:token:${user}:${catalogId}`,
  attributes: { provider: 'google', appName: catalogId, user },
  occurredOn: first,
  match: { catalogId, vendor: catalogId, product: catalogId, category: 'chat_assistant', confidence: 0.9, reasons: ['test'] },
});

/** A scan's context and a file import's, on two connections of `db`. */
async function scanAndImport(db: Db): Promise<{ scan: IngestContext; file: IngestContext }> {
  const [scanning, importing] = await Promise.all(['scan', 'import'].map((name) => addConnection(db, { kind: 'synthetic', name, config: {}, secrets: {} })));
  const contextOf = async (connectionId: string) => {
    const scanId = await startScan(db, connectionId, {});
    return { connectionId, scanId, catalogVersion: 'v', actor: `scan:${scanId}`, seenAt: new Date() };
  };
  return { scan: await contextOf(scanning!.id), file: await contextOf(importing!.id) };
}

/**
 * The import's one transaction (inHeldTransaction), kept open once its batch is written until
 * `close()`: what a scan does meanwhile is what it does while a large file is still being read.
 */
async function openImport(db: Db, file: IngestContext, items: IngestItem[]): Promise<{ close(): Promise<void> }> {
  let finish!: () => void;
  let written!: () => void;
  const ready = new Promise<void>((resolve) => (written = resolve));
  const imported = inHeldTransaction(db, file, silentLogger, async (tx, holding) => {
    await ingestObservations(tx, holding, items);
    written();
    await new Promise<void>((resolve) => (finish = resolve));
  });
  await Promise.race([ready, imported]);
  return {
    async close() {
      finish();
      await imported;
    },
  };
}

/** A scan's page, in a transaction that gives up after 2 s on a lock: it must not wait for an import. */
const scanPage = (db: Db, scan: IngestContext, items: IngestItem[]) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    return ingestObservations(tx, scan, items);
  });

describe('batches of two workers landing on the same new AI systems at once (Postgres)', () => {
  it('create each system once, link every batch to it and keep the widest first and last seen', async () => {
    const database = await freshDatabase('postgres');
    try {
      const { db } = database;
      const products = Array.from({ length: 20 }, (_, i) => `product-${i}`);
      const connections = await Promise.all(['a', 'b'].map((name) => addConnection(db, { kind: 'synthetic', name, config: {}, secrets: {} })));
      const contexts = await Promise.all(
        connections.map(async (connection) => {
          const scanId = await startScan(db, connection.id, {});
          return { connectionId: connection.id, scanId, catalogVersion: 'v', actor: `scan:${scanId}`, seenAt: new Date() };
        }),
      );
      // Many rounds, so that some interleave between one batch's lookup and its insert.
      for (let round = 0; round < 10; round++) {
        const batch = (worker: number, day: string) => products.map((product) => grant(`user${round}-${worker}@corp.example`, `${product}-${round}`, day));
        await Promise.all([
          db.transaction((tx) => ingestObservations(tx, contexts[0]!, batch(0, '2026-01-05'))),
          db.transaction((tx) => ingestObservations(tx, contexts[1]!, batch(1, '2026-03-09'))),
        ]);
      }
      const systems = await queryRows<{ key: string; first: string; last: string; evidence: number; discovered: number }>(
        db,
        sql`select s.key, s.first_seen_at::date::text as first, s.last_seen_at::date::text as last,
            (select count(*)::int from observations o where o.ai_system_id = s.id) as evidence,
            (select count(*)::int from audit_log a where a.entity_id = s.id::text and a.action = 'discovered') as discovered
          from ai_systems s`,
      );
      expect(systems).toHaveLength(200);
      for (const system of systems) expect(system, system.key).toMatchObject({ first: '2026-01-05', last: '2026-03-09', evidence: 2, discovered: 1 });
    } finally {
      await database.dispose();
    }
  });

  // A file import is one transaction from its first line to its last. Had it updated a known
  // system's row batch by batch, every scan that saw the same system would wait for it to commit.
  it('a long import holds back its changes to known systems: a scan updates them meanwhile without waiting, and the import widens them at its end', async () => {
    const database = await freshDatabase('postgres');
    try {
      const { db } = database;
      const { scan, file } = await scanAndImport(db);
      await db.transaction((tx) => ingestObservations(tx, scan, [grant('ana@corp.example', 'chat', '2026-02-01')]));

      const importing = await openImport(db, file, [grant('ben@corp.example', 'chat', '2026-01-10'), grant('cy@corp.example', 'chat', '2026-04-20')]);
      try {
        // The scan's next page, while the import is open: it must not wait for the import's commit.
        await scanPage(db, scan, [grant('dee@corp.example', 'chat', '2026-03-01')]);
      } finally {
        await importing.close();
      }
      const [system] = await queryRows<{ first: string; last: string; evidence: number }>(
        db,
        sql`select s.first_seen_at::date::text as first, s.last_seen_at::date::text as last, (select count(*)::int from observations o where o.ai_system_id = s.id) as evidence
          from ai_systems s where s.key = 'catalog:chat'`,
      );
      expect(system).toEqual({ first: '2026-01-10', last: '2026-04-20', evidence: 4 });
    } finally {
      await database.dispose();
    }
  });

  // Nor may an AI system the import found first keep scans waiting: inserted in its transaction,
  // the system's key stayed locked until the import committed.
  it('a long import creates the systems it finds first at once: a scan finding one meanwhile neither waits nor creates it again, and its discovery goes out with the import', async () => {
    const database = await freshDatabase('postgres');
    try {
      const { db } = database;
      const { scan, file } = await scanAndImport(db);
      const discoveries = async () =>
        (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from events where type = 'ai_system.discovered' and detail->'system'->>'product' = 'fresh'`))[0]!.n;
      const importing = await openImport(db, file, [grant('ben@corp.example', 'fresh', '2026-01-10')]);
      try {
        const written = await scanPage(db, scan, [grant('dee@corp.example', 'fresh', '2026-03-01')]);
        expect(written.systemsNew).toBe(0);
        // Only the import's commit announces the system it found.
        expect(await discoveries()).toBe(0);
      } finally {
        await importing.close();
      }
      expect(await discoveries()).toBe(1);
      const [system] = await queryRows<{ evidence: number; discovered: number; first: string; last: string }>(
        db,
        sql`select (select count(*)::int from observations o where o.ai_system_id = s.id) as evidence,
            (select count(*)::int from audit_log a where a.entity_id = s.id::text and a.action = 'discovered') as discovered,
            s.first_seen_at::date::text as first, s.last_seen_at::date::text as last
          from ai_systems s where s.key = 'catalog:fresh'`,
      );
      expect(system).toEqual({ evidence: 2, discovered: 1, first: '2026-01-10', last: '2026-03-01' });
    } finally {
      await database.dispose();
    }
  });

  it('a failed import withdraws the systems it created that nothing else found, and announces those a scan found meanwhile', async () => {
    const database = await freshDatabase('postgres');
    try {
      const { db } = database;
      const { scan, file: plain } = await scanAndImport(db);
      const held = new HeldSystemChanges(db);
      const file = { ...plain, held };
      await expect(
        db.transaction(async (tx) => {
          await ingestObservations(tx, file, [grant('ben@corp.example', 'lonely', '2026-01-10'), grant('ben@corp.example', 'shared', '2026-01-10')]);
          // A scan of another source finds one of them meanwhile, and commits.
          await scanPage(db, scan, [grant('dee@corp.example', 'shared', '2026-03-01')]);
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await withdrawHeldSystems(db, file, held, 'disk full')).toEqual({ withdrawn: 1, kept: 1 });
      const systems = await queryRows<{ key: string; evidence: number }>(db, sql`select key, (select count(*)::int from observations o where o.ai_system_id = s.id) as evidence from ai_systems s order by key`);
      expect(systems).toEqual([{ key: 'catalog:shared', evidence: 1 }]);
      const history = await queryRows<{ action: string; product: string; reason: string | null }>(
        db,
        sql`select action, coalesce(after, before)->>'product' as product, reason from audit_log where entity_type = 'ai_system' order by id`,
      );
      expect(history.map(({ action, product }) => `${action} ${product}`).sort()).toEqual(['discovered lonely', 'discovered shared', 'withdrawn lonely']);
      expect(history.find((entry) => entry.action === 'withdrawn')!.reason).toMatch(/the import that found it failed and kept nothing \(disk full\); no other source had found it/);
      const events = await queryRows<{ product: string }>(db, sql`select detail->'system'->>'product' as product from events where type = 'ai_system.discovered'`);
      expect(events).toEqual([{ product: 'shared' }]);
    } finally {
      await database.dispose();
    }
  });
});

describe('a connection removed while a batch of its scan is being stored (Postgres)', () => {
  it('waits for the batch, then removes what it stored with the connection; a batch after that stores nothing and says why', async () => {
    const database = await freshDatabase('postgres');
    const { db } = database;
    try {
      const { scan, file: other } = await scanAndImport(db);
      await db.transaction((tx) => ingestObservations(tx, other, [grant('kept@corp.example', 'chatgpt', '2026-03-01')]));
      let stored!: () => void;
      const written = new Promise<void>((resolve) => (stored = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const batch = db.transaction(async (tx) => {
        await ingestObservations(tx, scan, [grant('ann@corp.example', 'chatgpt', '2026-03-01'), grant('bo@corp.example', 'claude', '2026-03-02')]);
        stored();
        await held;
      });
      await written;
      const removing = removeConnection(db, scan.connectionId);
      // The removal waits on the batch's lock of the connection: let it reach that, then commit the batch.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await batch;
      await removing;
      const left = await queryRows<{ observations: number; evidence: number }>(
        db,
        sql`select (select count(*)::int from observations) as observations, (select count(*)::int from observations o join ai_systems s on s.id = o.ai_system_id) as evidence`,
      );
      // Only the other connection's observation, with its evidence, is left.
      expect(left).toEqual([{ observations: 1, evidence: 1 }]);

      await expect(db.transaction((tx) => ingestObservations(tx, scan, [grant('cy@corp.example', 'chatgpt', '2026-03-03')]))).rejects.toThrow(
        `connection ${scan.connectionId} no longer exists`,
      );
      const [after] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from observations where connection_id = ${scan.connectionId}::uuid`);
      expect(after!.n).toBe(0);
    } finally {
      await database.dispose();
    }
  });
});
