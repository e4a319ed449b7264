import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, MIGRATIONS_DIR, openDatabase, queryRows } from '../../src/db/client.js';
import { showInventoryItem } from '../../src/inventory/queries.js';
import { createPostgresDatabase, DIALECTS, type Dialect } from '../helpers/databases.js';

/** The migrations folder as a release before 0015 shipped it. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'unshadow-migrations-'));
  cpSync(MIGRATIONS_DIR, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag.startsWith(tag));
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

async function migrateTo(database: Database, folder: string): Promise<void> {
  const { migrate } = database.dialect === 'postgres' ? await import('drizzle-orm/node-postgres/migrator') : await import('drizzle-orm/pglite/migrator');
  await migrate(database.db as never, { migrationsFolder: folder });
}

async function place(dialect: Dialect): Promise<{ config: { databaseUrl: string | undefined; pgliteDir: string }; drop: () => Promise<void> }> {
  if (dialect === 'postgres') {
    const created = await createPostgresDatabase();
    return { config: { databaseUrl: created.url, pgliteDir: '' }, drop: created.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'unshadow-pglite-'));
  return { config: { databaseUrl: undefined, pgliteDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(DIALECTS)('upgrading an inventory whose matches and evidence were tables of their own, on %s', (dialect) => {
  it('keeps every observation with its match and the AI system it is evidence of', async () => {
    const where = await place(dialect);
    const folder = migrationsBefore('0015_');
    try {
      const old = await openDatabase(where.config, { migrate: false });
      try {
        await migrateTo(old, folder);
        await old.db.execute(sql`insert into connections (id, kind, name, config) values ('00000000-0000-4000-8000-000000000001', 'google-workspace', 'workspace', '{}')`);
        await old.db.execute(sql`insert into ai_systems (id, key, catalog_id, vendor, product, category, confidence, first_seen_at, last_seen_at)
          values ('00000000-0000-4000-8000-0000000000aa', 'catalog:chatgpt', 'chatgpt', 'OpenAI', 'ChatGPT', 'chat_assistant', 0.9, now(), now())`);
        await old.db.execute(sql`insert into observations (connection_id, kind, key, attributes) values
          ('00000000-0000-4000-8000-000000000001', 'oauth_grant', 'google:token:ann', '{"provider":"google","appName":"ChatGPT","user":"ann@corp.example"}'),
          ('00000000-0000-4000-8000-000000000001', 'oauth_grant', 'google:token:bo', '{"provider":"google","appName":"ChatGPT","user":"bo@corp.example"}')`);
        await old.db.execute(sql`insert into matches (observation_id, catalog_id, catalog_version, flagged, confidence, reasons, matched_at)
          select id, 'chatgpt', 'v7', true, 0.9, '["OAuth app name \\"ChatGPT\\""]', '2026-05-01T10:00:00Z' from observations`);
        await old.db.execute(sql`insert into evidence (ai_system_id, observation_id) select '00000000-0000-4000-8000-0000000000aa', id from observations`);
      } finally {
        await old.close();
      }

      const upgraded = await openDatabase(where.config);
      try {
        const rows = await queryRows<{ key: string; system: string; catalog_id: string; version: string; reasons: string[]; matched_at: string }>(
          upgraded.db,
          sql`select key, ai_system_id::text as system, catalog_id, catalog_version as version, reasons, to_char(matched_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as matched_at from observations order by key`,
        );
        const kept = { system: '00000000-0000-4000-8000-0000000000aa', catalog_id: 'chatgpt', version: 'v7', reasons: ['OAuth app name "ChatGPT"'], matched_at: '2026-05-01 10:00' };
        expect(rows).toEqual([
          { key: 'google:token:ann', ...kept },
          { key: 'google:token:bo', ...kept },
        ]);
        // What a reviewer sees: the system's two records, each with its match.
        const system = await showInventoryItem(upgraded.db, '00000000-0000-4000-8000-0000000000aa');
        expect(system?.users).toBe(2);
        expect(system?.evidence.map((item) => ({ key: item.key, version: item.catalogVersion, reasons: item.reasons }))).toEqual([
          { key: 'google:token:ann', version: 'v7', reasons: ['OAuth app name "ChatGPT"'] },
          { key: 'google:token:bo', version: 'v7', reasons: ['OAuth app name "ChatGPT"'] },
        ]);
        const [tables] = await queryRows<{ matches: string | null; evidence: string | null }>(upgraded.db, sql`select to_regclass('matches')::text as matches, to_regclass('evidence')::text as evidence`);
        expect(tables).toEqual({ matches: null, evidence: null });
      } finally {
        await upgraded.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await where.drop();
    }
  });
});
