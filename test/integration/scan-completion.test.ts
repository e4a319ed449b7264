import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { ingestObservations } from '../../src/inventory/ingest.js';
import { advanceCursor, completeIfDone, getScan, keepObservations, markFetchedIfDone, startScan } from '../../src/inventory/scans.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const match = { catalogId: 'openai-api', vendor: 'OpenAI', product: 'OpenAI API platform', category: 'model_api' as const, confidence: 0.99, reasons: ['test'] };
const dependency = (repo: string, name: string) => ({
  kind: 'dependency' as const,
  key: `github:dep:${repo}:sbom:npm:${name}`,
  attributes: { ecosystem: 'npm', name, repo },
  match,
});

/** The stream's last page recorded, then the scan marked fetched if every stream is. */
async function finishStream(db: Parameters<typeof advanceCursor>[0], scanId: string, stream: string, streams: string[]) {
  await advanceCursor(db, scanId, { stream, page: 0, records: 0, next: null });
  await markFetchedIfDone(db, scanId, streams);
}

describe.each(DIALECTS)('completing a scan on %s', (dialect) => {
  it('is fetched only once every stream has reached its end, whichever finishes last', async () => {
    const database = await freshDatabase(dialect);
    try {
      const { db } = database;
      const connection = await addConnection(db, { kind: 'github', name: 'org', config: {}, secrets: {} });
      const scanId = await startScan(db, connection.id, {});
      const streams = ['copilot', 'apps', 'repositories'];
      await finishStream(db, scanId, 'repositories', streams);
      await finishStream(db, scanId, 'copilot', streams);
      expect((await getScan(db, scanId))!.fetched).toBe(false);
      expect(await completeIfDone(db, scanId)).toBe(false);
      await finishStream(db, scanId, 'apps', streams);
      expect((await getScan(db, scanId))!.fetched).toBe(true);
      expect(await completeIfDone(db, scanId)).toBe(true);
    } finally {
      await database.dispose();
    }
  });

  it('marks unseen observations gone, except those an unchanged source vouched for', async () => {
    const database = await freshDatabase(dialect);
    try {
      const { db } = database;
      const connection = await addConnection(db, { kind: 'github', name: 'org', config: {}, secrets: {} });
      const first = await startScan(db, connection.id, {});
      await db.transaction((tx) =>
        ingestObservations(tx, { connectionId: connection.id, scanId: first, catalogVersion: 'v', actor: 'test', seenAt: new Date() }, [
          dependency('acme/unchanged', 'openai'),
          dependency('acme/rewritten', 'openai'),
        ]),
      );
      await finishStream(db, first, 'repositories', ['repositories']);
      expect(await completeIfDone(db, first)).toBe(true);

      // The next scan reads acme/rewritten again (openai is gone from it) and skips acme/unchanged.
      const second = await startScan(db, connection.id, {});
      await keepObservations(db, connection.id, second, ['github:dep:acme/unchanged:', 'github:artefact:acme/unchanged:']);
      await finishStream(db, second, 'repositories', ['repositories']);
      expect(await completeIfDone(db, second)).toBe(true);
      expect(await completeIfDone(db, second)).toBe(false);

      const rows = await queryRows<{ key: string; gone: boolean; last_scan_id: string }>(db, sql`select key, gone_at is not null as gone, last_scan_id from observations order by key`);
      expect(rows).toEqual([
        { key: 'github:dep:acme/rewritten:sbom:npm:openai', gone: true, last_scan_id: first },
        { key: 'github:dep:acme/unchanged:sbom:npm:openai', gone: false, last_scan_id: second },
      ]);
    } finally {
      await database.dispose();
    }
  });

  it('vouches for a whole stream but the prefixes it read again: what those no longer have is gone', async () => {
    const database = await freshDatabase(dialect);
    try {
      const { db } = database;
      const connection = await addConnection(db, { kind: 'google-workspace', name: 'gws', config: {}, secrets: {} });
      const grant = (user: string, client: string) => ({ kind: 'oauth_grant' as const, key: `gws:token:${user}:${client}`, attributes: { provider: 'google', clientId: client, user }, match });
      const first = await startScan(db, connection.id, {});
      await db.transaction((tx) =>
        ingestObservations(tx, { connectionId: connection.id, scanId: first, catalogVersion: 'v', actor: 'test', seenAt: new Date() }, [grant('ann@x.example', 'c1'), grant('bob@x.example', 'c1'), grant('bob@x.example', 'c2'), grant('bobby@x.example', 'c1')]),
      );
      await finishStream(db, first, 'tokens', ['tokens']);
      expect(await completeIfDone(db, first)).toBe(true);

      // Bob revoked c2: only he is listed again (c1 is still there); everyone else is vouched for.
      const second = await startScan(db, connection.id, {});
      await keepObservations(db, connection.id, second, ['gws:token:'], ['gws:token:bob@x.example:']);
      await db.transaction((tx) => ingestObservations(tx, { connectionId: connection.id, scanId: second, catalogVersion: 'v', actor: 'test', seenAt: new Date() }, [grant('bob@x.example', 'c1')]));
      await finishStream(db, second, 'tokens', ['tokens']);
      expect(await completeIfDone(db, second)).toBe(true);
      const rows = await queryRows<{ key: string; gone: boolean }>(db, sql`select key, gone_at is not null as gone from observations order by key`);
      expect(rows).toEqual([
        { key: 'gws:token:ann@x.example:c1', gone: false },
        { key: 'gws:token:bob@x.example:c1', gone: false },
        { key: 'gws:token:bob@x.example:c2', gone: true },
        { key: 'gws:token:bobby@x.example:c1', gone: false },
      ]);
    } finally {
      await database.dispose();
    }
  });
});
