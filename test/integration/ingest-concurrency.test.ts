import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { ingestObservations, type IngestItem } from '../../src/inventory/ingest.js';
import { startScan } from '../../src/inventory/scans.js';
import { freshDatabase } from '../helpers/databases.js';

const grant = (user: string, catalogId: string, first: string): IngestItem => ({
  kind: 'oauth_grant',
  key: `google:token:${user}:${catalogId}`,
  attributes: { provider: 'google', appName: catalogId, user },
  occurredOn: first,
  match: { catalogId, vendor: catalogId, product: catalogId, category: 'chat_assistant', confidence: 0.9, reasons: ['test'] },
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
            (select count(*)::int from evidence e where e.ai_system_id = s.id) as evidence,
            (select count(*)::int from audit_log a where a.entity_id = s.id::text and a.action = 'discovered') as discovered
          from ai_systems s`,
      );
      expect(systems).toHaveLength(200);
      for (const system of systems) expect(system, system.key).toMatchObject({ first: '2026-01-05', last: '2026-03-09', evidence: 2, discovered: 1 });
    } finally {
      await database.dispose();
    }
  });
});
