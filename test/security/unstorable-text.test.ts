import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import { ensureConnection } from '../../src/inventory/ingest.js';
import { listInventory } from '../../src/inventory/queries.js';
import { failScan, noteScanError, startScan } from '../../src/inventory/scans.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importFile } from '../../src/pipeline/file-imports.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const matcher = compileMatcher(loadCatalog());

/**
 * Postgres stores no U+0000 and refuses the whole statement that carries one, and stores a lone
 * surrogate as something else than was sent. Whoever registers an OAuth app names it, and a log
 * or export line can hold anything: neither may keep the records beside it (or the app itself)
 * out of the inventory.
 */
describe.each(DIALECTS)('text Postgres cannot store (NUL, a lone surrogate) in what a source sends (%s)', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'unshadow-nul-'));
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an OAuth app whose name holds one is kept, beside the other grants, with the character shown as U+FFFD', async () => {
    const file = join(dir, 'tokens.json');
    writeFileSync(
      file,
      JSON.stringify([
        { userKey: 'ana@corp.example', clientId: '77377267392-xxx.apps.googleusercontent.com', displayText: 'ChatGPT\u0000 for Sheets', scopes: ['https://www.googleapis.com/auth/spreadsheets'] },
        { userKey: 'ben@corp.example', clientId: '1-claude.apps.googleusercontent.com', displayText: 'Claude', scopes: ['openid', 'email'] },
      ]),
    );
    const result = await importFile(database, matcher, 'google-tokens', file, {});
    expect(result.flagged).toBe(2);
    const names = await queryRows<{ name: string }>(database.db, sql`select attributes->>'appName' as name from observations order by 1`);
    expect(names.map((row) => row.name)).toEqual(['ChatGPT\uFFFD for Sheets', 'Claude']);
    expect((await listInventory(database.db)).length).toBeGreaterThanOrEqual(2);
  });

  it('an app of a vendor nobody knows, named with a lone surrogate, becomes a possible AI system with U+FFFD in its name', async () => {
    const file = join(dir, 'tokens-surrogate.json');
    writeFileSync(
      file,
      // JSON.stringify writes a lone surrogate as the escape \ud800, as a crafted export would.
      JSON.stringify([{ userKey: 'cy@corp.example', clientId: '99-unknown.apps.googleusercontent.com', displayText: 'Zqx\uD800 AI Copilot', scopes: ['https://www.googleapis.com/auth/gmail.readonly'] }]),
    );
    const result = await importFile(database, matcher, 'google-tokens', file, { connection: 'surrogates' });
    expect(result.flagged).toBe(1);
    const [kept] = await queryRows<{ name: string }>(database.db, sql`select attributes->>'appName' as name from observations where attributes->>'appName' like 'Zqx%'`);
    expect(kept!.name).toBe('Zqx\uFFFD AI Copilot');
  });

  it('an expense row with one is kept, and so are the totals of the rows beside it', async () => {
    const file = join(dir, 'ramp.csv');
    writeFileSync(
      file,
      [
        'Transaction ID,User Transaction Time,Merchant Name,Merchant Descriptor,Amount,Currency Code,User,SK Category Name,Memo',
        'rtx_1,2026-08-01T12:00:00+00:00,Openai,OPENAI *CHATGPT SUBSCR,20.00,USD,Ana\u0000 Lima,Software,',
        'rtx_2,2026-08-02T12:00:00+00:00,Coffee\u0000 Bar,COFFEE\u0000 BAR,4.50,USD,Ben Okafor,Meals,',
      ].join('\n'),
    );
    const result = await importFile(database, matcher, 'expenses', file, { connection: 'cards' });
    expect(result).toMatchObject({ records: 2, flagged: 1, skipped: 0 });
    const [kept] = await queryRows<{ employee: string }>(database.db, sql`select attributes->>'employee' as employee from observations where attributes->>'merchant' like 'OPENAI%'`);
    expect(kept!.employee).toBe('Ana\uFFFD Lima');
    const aggregates = await queryRows<{ merchant: string; count: number }>(database.db, sql`select merchant, count from expense_aggregates`);
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]!.count).toBe(1);
  });

  it("a source's error that quotes one is kept among the scan's problems, and fails the scan when it ends it", async () => {
    const connectionId = await database.db.transaction((tx) => ensureConnection(tx, 'synthetic', 'quoting'));
    const scanId = await startScan(database.db, connectionId, {});
    await noteScanError(database.db, scanId, { at: 'user a\u0000b@corp.example', message: "skipped: the source answered 'x\u0000y'" });
    await failScan(database.db, scanId, "the source answered 'gone\u0000' and nothing else");
    const [scan] = await queryRows<{ status: string; errors: { at?: string; message: string }[] }>(database.db, sql`select status, errors from scans where id = ${scanId}`);
    expect(scan).toEqual({
      status: 'failed',
      errors: [{ at: 'user a\uFFFDb@corp.example', message: "skipped: the source answered 'x\uFFFDy'" }, { message: "the source answered 'gone\uFFFD' and nothing else" }],
    });
  });

  it('a log line with one is reported with its line number, and the scan that quotes it completes', async () => {
    const file = join(dir, 'access.log');
    writeFileSync(
      file,
      [
        '1789000000.123    120 10.20.0.1 TCP_TUNNEL/200 5120 CONNECT chatgpt.com:443 ana@corp.example HIER_DIRECT/104.18.1.1 -',
        '17890\u000000001.123    120 10.20.0.2 TCP_TUNNEL/200 5120 CONNECT claude.ai:443 ben@corp.example HIER_DIRECT/104.18.1.2 -',
        '1789000002.123    120 10.20.0.3 TCP_TUNNEL/200 5120 CONNECT example.com:443 cy@corp.example HIER_DIRECT/104.18.1.3 -',
      ].join('\n'),
    );
    const result = await importFile(database, matcher, 'network', file, { connection: 'proxy' });
    expect(result.problems.map((problem) => problem.line)).toEqual([2]);
    const [scan] = await queryRows<{ status: string; errors: { message: string }[] }>(database.db, sql`select status, errors from scans where id = ${result.scanId}`);
    expect(scan!.status).toBe('completed');
    expect(scan!.errors[0]!.message).toContain('\uFFFD');
  });
});
