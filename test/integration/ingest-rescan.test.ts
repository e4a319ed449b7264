import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { MatchDetail } from '../../src/domain/match.js';
import { addConnection } from '../../src/inventory/connections.js';
import { type IngestContext, type IngestItem, ingestObservations } from '../../src/inventory/ingest.js';
import { finishScan, startScan } from '../../src/inventory/scans.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const chatgpt: MatchDetail = { catalogId: 'chatgpt', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant', confidence: 0.9, reasons: ['OAuth app name "ChatGPT"'] };
const claude: MatchDetail = { catalogId: 'claude', vendor: 'Anthropic', product: 'Claude', category: 'chat_assistant', confidence: 0.9, reasons: ['OAuth app name "Claude"'] };
const grant = (user: string, match: MatchDetail): IngestItem => ({ kind: 'oauth_grant', key: `google:token:${user}`, attributes: { provider: 'google', appName: match.product, user }, match });

interface MatchRow {
  key: string;
  version: string;
  catalog_id: string;
  confidence: number;
  matched_at: string;
  system: string;
  last_scan_id: string;
}

describe.each(DIALECTS)('a scan that sees the same records again, on %s', (dialect) => {
  it('marks them seen, keeps the date of their unchanged matches, and moves what a newer catalog changed', async () => {
    const database = await freshDatabase(dialect);
    const { db } = database;
    try {
      const connection = await addConnection(db, { kind: 'google-workspace', name: 'workspace', config: {}, secrets: {} });
      const scan = async (catalogVersion: string): Promise<IngestContext> => {
        const scanId = await startScan(db, connection.id, {});
        return { connectionId: connection.id, scanId, catalogVersion, actor: `scan:${scanId}`, seenAt: new Date() };
      };
      const rows = () =>
        queryRows<MatchRow>(
          db,
          sql`select o.key, o.catalog_version as version, o.catalog_id, o.confidence, o.matched_at::text, s.key as system, o.last_scan_id::text as last_scan_id
            from observations o join ai_systems s on s.id = o.ai_system_id order by o.key`,
        );
      const ingest = async (context: IngestContext, items: IngestItem[]) => {
        const written = await db.transaction((tx) => ingestObservations(tx, context, items));
        await finishScan(db, context.scanId, { status: 'completed', counts: {}, errors: [], errorCount: 0 });
        return written;
      };

      const first = await scan('v1');
      await ingest(first, [grant('ann@corp.example', chatgpt), grant('bo@corp.example', chatgpt)]);
      const before = await rows();

      const again = await scan('v1');
      expect(await ingest(again, [grant('ann@corp.example', chatgpt), grant('bo@corp.example', chatgpt)])).toMatchObject({ observationsNew: 0, systemsNew: 0 });
      const seenAgain = await rows();
      expect(seenAgain.map((row) => row.last_scan_id)).toEqual([again.scanId, again.scanId]);
      expect(seenAgain.map((row) => row.matched_at)).toEqual(before.map((row) => row.matched_at));

      // A newer catalog: Ann's grant is now more certain, Bo's is another product's.
      const newer = await scan('v2');
      await ingest(newer, [grant('ann@corp.example', { ...chatgpt, confidence: 0.97 }), grant('bo@corp.example', claude)]);
      const rematched = await rows();
      expect(rematched.map(({ key, version, catalog_id, confidence, system }) => ({ key, version, catalog_id, confidence: Math.round(confidence * 100) / 100, system }))).toEqual([
        { key: 'google:token:ann@corp.example', version: 'v2', catalog_id: 'chatgpt', confidence: 0.97, system: 'catalog:chatgpt' },
        { key: 'google:token:bo@corp.example', version: 'v2', catalog_id: 'claude', confidence: 0.9, system: 'catalog:claude' },
      ]);
      for (const [i, row] of rematched.entries()) expect(row.matched_at > before[i]!.matched_at).toBe(true);
      // Bo's grant is Claude's evidence now, and no longer ChatGPT's.
      const evidence = await queryRows<{ key: string; n: number }>(db, sql`select s.key, count(o.id)::int as n from ai_systems s left join observations o on o.ai_system_id = s.id group by s.key order by s.key`);
      expect(evidence).toEqual([
        { key: 'catalog:chatgpt', n: 1 },
        { key: 'catalog:claude', n: 1 },
      ]);
    } finally {
      await database.dispose();
    }
  });
});
