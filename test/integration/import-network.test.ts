import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import type { Catalog } from '../../src/domain/catalog.js';
import { findConnection, removeConnection } from '../../src/inventory/connections.js';
import { ensureConnection } from '../../src/inventory/ingest.js';
import { addHostCounts, recordLogFile } from '../../src/inventory/network.js';
import { registerEntries } from '../../src/inventory/register-entries.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { runFileScan } from '../../src/scan/file-sources.js';
import { listInventory } from '../../src/inventory/queries.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importNetwork } from '../../src/pipeline/import-network.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import { generateProxyLog } from '../bench/lib/generate-proxy-log.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/network');
const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const files = ['zscaler-nss.jsonl', 'squid-native.log', 'umbrella-dns.csv', 'netskope-transactions.log'].map((name) => join(FIXTURES, name));

describe.each(DIALECTS)('importing network logs on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);

  it('keeps AI traffic per person, system and day, and everything else only as daily counts per domain without users', async () => {
    const result = await importNetwork(database, matcher, files, { connection: 'proxy' });
    expect(result).toMatchObject({ lines: 20, records: 13, skipped: 4 });
    expect(result.problems.map((p) => `${p.file.split('/').pop()}:${p.line}`)).toEqual(['zscaler-nss.jsonl:4', 'squid-native.log:4', 'umbrella-dns.csv:4', 'netskope-transactions.log:7']);
    const observations = await rows<{ kind: string; attributes: Record<string, unknown> }>(sql`select kind, attributes from observations`);
    expect(observations.every((o) => o.kind === 'network')).toBe(true);
    const chatgpt = observations.find((o) => o.attributes.host === 'chatgpt.com' && o.attributes.user === 'ana.kovac@northwind.example')!;
    expect(chatgpt.attributes).toMatchObject({ domain: 'chatgpt.com', day: '2026-10-13', requests: 1, bytesOut: 7200, bytesIn: 41011, action: 'allowed', format: 'zscaler-nss' });
    // Nothing stored anywhere holds a path or a query string.
    expect(JSON.stringify(observations)).not.toMatch(/backend-api|session=|\?/);
    const counts = await rows<{ host: string; day: string; requests: number }>(sql`select host, day::text as day, requests::int from network_domain_counts order by host`);
    expect(counts.map((c) => c.host)).toEqual(['example-news.com', 'example.com', 'office.com', 'wikipedia.org']);
    const columns = await rows<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'network_domain_counts'`);
    expect(columns.map((c) => c.column_name)).not.toContain('user');
  });

  it('importing the same files again changes nothing', async () => {
    const before = await rows<{ o: number; c: number; r: number }>(sql`select (select count(*)::int from observations) as o, (select count(*)::int from network_domain_counts) as c, (select sum(requests)::int from network_domain_counts) as r`);
    const again = await importNetwork(database, matcher, files, { connection: 'proxy' });
    expect(again.observationsNew).toBe(0);
    const after = await rows<{ o: number; c: number; r: number }>(sql`select (select count(*)::int from observations) as o, (select count(*)::int from network_domain_counts) as c, (select sum(requests)::int from network_domain_counts) as r`);
    expect(after).toEqual(before);
  });

  it('triage sees people, blocked traffic as attempted use, and API calls from a server', async () => {
    const entries = await registerEntries(database.db, catalog);
    const byCatalog = new Map(entries.map((e) => [e.catalogId, e]));
    expect(byCatalog.get('openai-chatgpt')!.endpoint).toMatchObject({ people: 2, blocked: 0 });
    expect(byCatalog.get('openai-api')!.endpoint).toMatchObject({ devices: 1, apiHosts: ['api.openai.com'], uploadBytes: 95000 });
    const gemini = byCatalog.get('google-gemini-app')!.endpoint!;
    expect(gemini.blocked).toBe(gemini.requests);
    const events = await rows<{ type: string; dedup_key: string }>(sql`select type, dedup_key from events where type = 'network.new_ai_domain' order by dedup_key`);
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect((await listInventory(database.db)).find((i) => i.catalogId === 'openai-chatgpt')!.sources).toEqual({ network: 2 });
  });

  it('a newer catalog matches the daily counts again: example.com becomes evidence, still without users', async () => {
    const extended: Catalog = {
      ...catalog,
      version: `${catalog.version}-test`,
      entries: [...catalog.entries, { ...catalog.entries.find((e) => e.id === 'openai-chatgpt')!, id: 'example-ai', vendor: 'Example', product: 'Example AI', domains: ['example.com'] }],
    };
    const result = await importNetwork(database, compileMatcher(extended), [join(FIXTURES, 'squid-common.log')], { connection: 'proxy' });
    expect(result.rematchedHosts).toBe(1);
    const rematched = await rows<{ attributes: Record<string, unknown> }>(sql`select attributes from observations where attributes->>'format' = 'host-counts'`);
    expect(rematched).toHaveLength(1);
    expect(rematched[0]!.attributes).toMatchObject({ host: 'example.com', requests: 1 });
    expect(rematched[0]!.attributes.user).toBeUndefined();
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from network_domain_counts where host = 'example.com'`))[0]!.n).toBe(0);
  });

  it('a file read in pieces by two threads gives what one thread gives: counts, traffic, problems and their line numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-parts-'));
    try {
      const log = join(dir, 'access.log');
      await generateProxyLog(log, 6000);
      // A bad line in each half: a later piece reports its line by its number in the file.
      const lines = readFileSync(log, 'utf8').split('\n');
      lines.splice(99, 0, 'garbage');
      lines.splice(4999, 0, 'more garbage');
      writeFileSync(log, lines.join('\n'));
      const one = await importNetwork(database, matcher, [log], { connection: 'one-thread', threads: 1, countsFlush: 50, matchedFlush: 1_000_000 });
      // Small flushes: matched traffic of past days is written, and written again as it grows, while the rest is read.
      // Pieces of 64 KB: the threads claim a dozen of them in turn.
      const two = await importNetwork(database, matcher, [log], { connection: 'two-threads', threads: 2, smallestPart: 1, pieceSize: 64 * 1024, countsFlush: 50, matchedFlush: 3 });
      expect(one.files[0]).toMatchObject({ parts: 1, threads: 1 });
      expect(two.files[0]).toMatchObject({ threads: 2 });
      expect(two.files[0]!.parts).toBeGreaterThan(8);
      const { scanId: _a, connectionId: _b, files: filesOne, ...restOne } = one;
      const { scanId: _c, connectionId: _d, files: filesTwo, ...restTwo } = two;
      expect(restTwo).toEqual({ ...restOne, observationsNew: restOne.observationsNew, systemsNew: 0 });
      expect(restOne.problems.map((p) => p.line)).toEqual([100, 5000]);
      expect({ ...filesTwo[0], parts: 1, threads: 1 }).toEqual(filesOne[0]);
      expect(one.matched).toBeGreaterThan(0);
      const traffic = (connection: string) =>
        rows<{ key: string; attributes: Record<string, unknown> }>(
          sql`select o.key, o.attributes from observations o join connections c on c.id = o.connection_id where c.name = ${connection} order by o.key`,
        );
      const fromOne = await traffic('one-thread');
      expect(fromOne.length).toBeGreaterThan(10);
      expect(await traffic('two-threads')).toEqual(fromOne);
      const counts = (connection: string) =>
        rows<{ host: string; day: string; requests: number; blocked: number; bytes_out: number; bytes_in: number }>(
          sql`select host, day::text as day, requests::int, blocked::int, bytes_out::int, bytes_in::int from network_domain_counts n join connections c on c.id = n.connection_id where c.name = ${connection} order by host, day`,
        );
      const countsOne = await counts('one-thread');
      expect(countsOne.reduce((sum, c) => sum + c.requests, 0)).toBe(one.aggregated);
      expect(await counts('two-threads')).toEqual(countsOne);

      // The same lines out of time order: aggregates written early grow again and are written again.
      const shuffled = join(dir, 'shuffled.log');
      const body = lines.filter((line) => line.trim());
      for (let i = body.length - 1; i > 0; i--) {
        const j = (i * 7919) % (i + 1);
        [body[i], body[j]] = [body[j]!, body[i]!];
      }
      writeFileSync(shuffled, `${body.join('\n')}\n`);
      const mixed = await importNetwork(database, matcher, [shuffled], { connection: 'shuffled', threads: 2, smallestPart: 1, pieceSize: 64 * 1024, countsFlush: 50, matchedFlush: 3 });
      expect(mixed).toMatchObject({ lines: one.lines, records: one.records, matched: one.matched, observationsNew: one.observationsNew, blocked: one.blocked });
      const withoutKeys = (rows: { attributes: Record<string, unknown> }[]) => rows.map(({ attributes }) => JSON.stringify(attributes)).sort();
      expect(withoutKeys(await traffic('shuffled'))).toEqual(withoutKeys(fromOne));
      expect(await counts('shuffled')).toEqual(countsOne);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failing import keeps nothing, not even the counts being written when it failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-failing-proxy-'));
    try {
      const log = join(dir, 'access.log');
      await generateProxyLog(log, 4000);
      const tables = ['network_domain_counts', 'network_log_files', 'observations', 'ai_systems'];
      const counts = async () => Promise.all(tables.map(async (table) => (await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n));
      const before = await counts();
      // Counts are written every few hosts, so a write is in flight when the last report fails.
      const onProgress = (read: number, total: number) => {
        if (read === total) throw new Error('disk full');
      };
      await expect(importNetwork(database, matcher, [log], { connection: 'failing-proxy', countsFlush: 20, onProgress })).rejects.toThrow('disk full');
      expect(await counts()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const countsOf = async (connectionId: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from network_domain_counts where connection_id = ${connectionId}::uuid`))[0]!.n;

  it('removing a connection removes its daily counts, and no other connection’s', async () => {
    const removed = await findConnection(database.db, 'one-thread');
    const kept = await findConnection(database.db, 'two-threads');
    const keptBefore = await countsOf(kept.id);
    expect(await countsOf(removed.id)).toBeGreaterThan(0);
    await removeConnection(database.db, removed.id);
    expect(await countsOf(removed.id)).toBe(0);
    expect(await countsOf(kept.id)).toBe(keptBefore);
  });
});

describe('a network connection removed while an import of it is running', () => {
  it('loses the counts that import commits too: the counts have no foreign key to keep them out', async () => {
    const database = await freshDatabase('postgres');
    try {
      const connectionId = await database.db.transaction((tx) => ensureConnection(tx, 'network', 'racing'));
      const scanId = await startScan(database.db, connectionId, {});
      let counted!: () => void;
      const written = new Promise<void>((resolve) => (counted = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // An import's transaction, stopped after its counts and its file's row are written.
      const importing = database.db.transaction(async (tx) => {
        await addHostCounts(tx, connectionId, 'f'.repeat(64), [{ host: 'example.com', domain: 'example.com', day: '2026-11-02', requests: 3, blocked: 0, bytesOut: 10, bytesIn: 20 }], true);
        await recordLogFile(tx, connectionId, { digest: 'f'.repeat(64), path: 'proxy.log', format: 'squid-native', lines: 3, scanId });
        counted();
        await held;
      });
      await written;
      const removing = removeConnection(database.db, connectionId);
      // The removal waits for the import: let it see the import still open, then let the import commit.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await importing;
      await removing;
      const [left] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from network_domain_counts where connection_id = ${connectionId}::uuid`);
      expect(left!.n).toBe(0);
    } finally {
      await database.dispose();
    }
  });
});

describe('a network connection scanned again', () => {
  it('reads its imported files again, or only the new files of a watched folder', async () => {
    const database = await freshDatabase('pglite');
    const folder = mkdtempSync(join(tmpdir(), 'unshadow-proxy-'));
    try {
      const deps = { db: database.db, matcher, catalog, log: silentLogger };
      const imported = await importNetwork(database, matcher, [join(FIXTURES, 'squid-native.log')], { connection: 'squid' });
      const rescan = await startScan(database.db, imported.connectionId, {});
      await runFileScan(deps, rescan);
      expect(await getScan(database.db, rescan)).toMatchObject({ status: 'completed', counts: { files: 1, lines: 4, matched: 2, observationsNew: 0 } });

      copyFileSync(join(FIXTURES, 'umbrella-dns.csv'), join(folder, 'dns-1.csv'));
      const watched = await database.db.transaction((tx) => ensureConnection(tx, 'network', 'umbrella', { folder, pattern: '*.csv' }));
      const first = await startScan(database.db, watched, {});
      await runFileScan(deps, first);
      expect(await getScan(database.db, first)).toMatchObject({ status: 'completed', counts: { files: 1, matched: 2 } });
      copyFileSync(join(FIXTURES, 'generic-firewall.csv'), join(folder, 'fw-2.csv'));
      const second = await startScan(database.db, watched, {});
      await runFileScan(deps, second);
      // Only the new file is read; the one read before is recognised by its digest.
      expect(await getScan(database.db, second)).toMatchObject({ status: 'completed', counts: { files: 1, records: 2 } });
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await database.dispose();
    }
  });
});
