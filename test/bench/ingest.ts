/**
 * Benchmark: the inventory stage's batch ingest (AI systems, observations with their matches
 * and evidence, audit entries and events, in batches as the pipeline hands them on)
 * against plain `pg` writing the same observation rows with multi-row inserts into a table of
 * the same shape and indexes, both in this run on the same Postgres server. Two
 * passes each: the first scan (every row new) and a re-scan (every row upserted unchanged).
 * The scale issue's requirement is that storing is never the bottleneck: the ratio is what the
 * inventory's bookkeeping costs over the database's bulk speed.
 *
 *   npm run bench:ingest             # 200,000 AI observations
 *   npm run bench:ingest -- 500000
 */
import pg from 'pg';
import { loadCatalog } from '../../src/catalog/load.js';
import type { MatchDetail } from '../../src/domain/match.js';
import { addConnection } from '../../src/inventory/connections.js';
import { type IngestItem, ingestObservations } from '../../src/inventory/ingest.js';
import { startScan } from '../../src/inventory/scans.js';
import { HAND_ON } from '../../src/scan/stages.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { openDatabase } from '../../src/db/client.js';

const total = Number(process.argv[2] ?? 200_000);
// As the pipeline hands them on.
const BATCH = HAND_ON.items;

/** OAuth grants of 300 catalog products to a large workforce, as a Google tokens scan yields them. */
function generateItems(): IngestItem[] {
  const entries = loadCatalog().entries.slice(0, 300);
  const levels = ['low', 'medium', 'high'] as const;
  return Array.from({ length: total }, (_, i) => {
    const entry = entries[(i * 7919) % entries.length]!;
    const match: MatchDetail = { catalogId: entry.id, vendor: entry.vendor, product: entry.product, category: entry.category, confidence: 0.95, reasons: [`OAuth app name "${entry.product}" is a known AI product`] };
    const user = `user${Math.floor(i / 10)}@corp.example`;
    return {
      kind: 'oauth_grant',
      key: `google:token:${user}:${entry.id}`,
      attributes: { provider: 'google', appName: entry.product, appId: `${entry.id}.apps.googleusercontent.com`, scopes: ['openid', 'email', 'https://www.googleapis.com/auth/drive.readonly'], user, exposure: { level: levels[i % 3], scopes: [] } },
      match,
    };
  });
}

async function timed(label: string, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${label}: ${seconds.toFixed(2)} s\n`);
  return seconds;
}

const batches = (items: IngestItem[]) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

const items = generateItems();
const created = await createPostgresDatabase();
const database = await openDatabase({ databaseUrl: created.url, pgliteDir: '' });
const plain = new pg.Client({ connectionString: created.url });
await plain.connect();
try {
  // The baseline's table: the same columns, defaults and indexes.
  await plain.query(`create table plain_observations (like observations including all)`);
  const connection = await addConnection(database.db, { kind: 'synthetic', name: 'bench', config: {}, secrets: {} });
  const [{ id: systemId }] = (await plain.query<{ id: string }>(`insert into ai_systems (key, vendor, product, category, confidence, first_seen_at, last_seen_at) values ('catalog:plain', 'v', 'p', 'other', 1, now(), now()) returning id`)).rows as [{ id: string }];

  const ours = async () => {
    const scanId = await startScan(database.db, connection.id, {});
    const context = { connectionId: connection.id, scanId, catalogVersion: 'bench', actor: `scan:${scanId}`, seenAt: new Date() };
    for (const batch of batches(items)) await database.db.transaction((tx) => ingestObservations(tx, context, batch));
    await plain.query(`update scans set status = 'completed', finished_at = now() where id = $1`, [scanId]);
  };
  // The same rows as plain multi-row inserts, one transaction and one statement per batch.
  const baseline = async () => {
    for (const batch of batches(items)) {
      await plain.query('begin');
      await plain.query(
        `insert into plain_observations as o (connection_id, kind, key, attributes, ai_system_id, catalog_id, catalog_version, confidence, reasons, matched_at)
         select $1::uuid, k, key, a, $7::uuid, c, 'bench', 0.95, r, now() from unnest($2::text[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[]) as t(k, key, a, c, r)
         on conflict (connection_id, key) do update set attributes = excluded.attributes, last_seen_at = now(), ai_system_id = excluded.ai_system_id,
           catalog_id = excluded.catalog_id, catalog_version = excluded.catalog_version, confidence = excluded.confidence, reasons = excluded.reasons`,
        [
          connection.id,
          batch.map((item) => item.kind),
          batch.map((item) => item.key),
          batch.map((item) => JSON.stringify(item.attributes)),
          batch.map((item) => item.match.catalogId),
          batch.map((item) => JSON.stringify(item.match.reasons)),
          systemId,
        ],
      );
      await plain.query('commit');
    }
  };

  const baselineNew = await timed('plain pg, first scan', baseline);
  const oursNew = await timed('unshadow ingest, first scan', ours);
  const baselineAgain = await timed('plain pg, re-scan', baseline);
  const oursAgain = await timed('unshadow ingest, re-scan', ours);
  const rate = (seconds: number) => Math.round(total / seconds).toLocaleString('en');
  console.log(`\nIngest of ${total.toLocaleString('en')} AI observations in batches of ${BATCH} (one connection, Postgres)`);
  console.log('pass        plain pg rows/s   unshadow rows/s   ratio (time)');
  console.log(`first scan  ${rate(baselineNew).padStart(15)}   ${rate(oursNew).padStart(15)}   ${(oursNew / baselineNew).toFixed(2)}×`);
  console.log(`re-scan     ${rate(baselineAgain).padStart(15)}   ${rate(oursAgain).padStart(15)}   ${(oursAgain / baselineAgain).toFixed(2)}×`);
} finally {
  await plain.end();
  await database.close();
  await created.drop();
}
