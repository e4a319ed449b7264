import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import { listInventory, showInventoryItem } from '../../src/inventory/queries.js';
import { compileMatcher, type Matcher } from '../../src/matcher/index.js';
import { importExpenses } from '../../src/pipeline/import-expenses.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const matcher = compileMatcher(loadCatalog());
const TABLES = ['connections', 'observations', 'ai_systems', 'expense_aggregates', 'audit_log'] as const;

describe.each(DIALECTS)('importing expenses on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await queryRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`));
      result[table] = row!.n;
    }
    const [totals] = await queryRows<{ total: string }>(database.db, sql`select coalesce(sum(total), 0)::text as total from expense_aggregates`);
    result.aggregateTotal = Number(totals!.total);
    return result;
  }

  it('keeps AI rows as evidence and every other row only as a monthly total per merchant', async () => {
    const result = await importExpenses(database, matcher, join(FIXTURES, 'demo/expenses/ramp-2026-q3.csv'), { connection: 'ramp' });
    expect(result).toMatchObject({ layout: 'ramp', rows: 63, imported: 63, skipped: 0 });
    expect(result.flagged).toBeGreaterThan(0);
    expect(result.flagged + result.aggregated).toBe(63);

    const kept = await queryRows<{ merchant: string; employee: string | null }>(
      database.db,
      sql`select attributes->>'merchant' as merchant, attributes->>'employee' as employee from observations`,
    );
    expect(kept).toHaveLength(result.flagged);
    // Every kept row is one the matcher flags; coffee and flights are not kept row by row.
    for (const row of kept) expect(matcher.matchExpense({ merchant: row.merchant }).flagged).toBe(true);
    expect(kept.some((row) => row.merchant.startsWith('STARBUCKS'))).toBe(false);

    const aggregates = await queryRows<{ merchant: string; month: string; count: number; total: string }>(
      database.db,
      sql`select merchant, month, count, total::text from expense_aggregates order by merchant, month`,
    );
    expect(aggregates.reduce((sum, row) => sum + row.count, 0)).toBe(result.aggregated);
    expect(aggregates.some((row) => row.merchant.startsWith('STARBUCKS') && /^2026-0[789]$/.test(row.month))).toBe(true);
    expect(Object.keys(aggregates[0]!).sort()).toEqual(['count', 'merchant', 'month', 'total']);
  });

  it('leaves every count unchanged when the same file is imported again', async () => {
    const before = await counts();
    const inventoryBefore = await listInventory(database.db);
    const again = await importExpenses(database, matcher, join(FIXTURES, 'demo/expenses/ramp-2026-q3.csv'), { connection: 'ramp' });
    expect(again.observationsNew).toBe(0);
    expect(again.systemsNew).toBe(0);
    expect(await counts()).toEqual(before);
    expect(await listInventory(database.db)).toEqual(inventoryBefore);
  });

  it('imports the good rows of a malformed file and reports each bad one by line', async () => {
    const before = await counts();
    const result = await importExpenses(database, matcher, join(FIXTURES, 'expenses/malformed.csv'), { connection: 'malformed' });
    expect(result.imported).toBe(4);
    expect(result.skipped).toBe(7);
    expect(result.problems.map((p) => p.line)).toEqual([3, 4, 7, 8, 9, 11, 12]);
    const after = await counts();
    expect(after.observations! - before.observations!).toBe(result.flagged);
    const [scan] = await queryRows<{ status: string; error_count: number; errors: { at: string; message: string }[] }>(
      database.db,
      sql`select status, error_count, errors from scans where id = ${result.scanId}`,
    );
    expect(scan).toMatchObject({ status: 'completed', error_count: 7 });
    expect(scan!.errors[1]).toEqual({ at: 'line 4', message: 'missing amount' });
  });

  it('writes nothing for a file that matches no layout', async () => {
    const before = await counts();
    await expect(importExpenses(database, matcher, join(FIXTURES, 'expenses/unknown-layout.csv'))).rejects.toThrow(/match no known expense layout/);
    expect(await counts()).toEqual(before);
  });

  it('rolls back everything an import wrote when it fails midway', async () => {
    const before = await counts();
    let calls = 0;
    const failing: Matcher = {
      ...matcher,
      matchExpense(attributes) {
        if (++calls > 10) throw new Error('matcher crashed');
        return matcher.matchExpense(attributes);
      },
    };
    await expect(
      importExpenses(database, failing, join(FIXTURES, 'demo/expenses/brex-2026-10.csv'), { connection: 'brex', batchSize: 5 }),
    ).rejects.toThrow('matcher crashed');
    const after = await counts();
    expect({ ...after, connections: before.connections }).toEqual(before);
    const [scan] = await queryRows<{ status: string }>(database.db, sql`select s.status from scans s join connections c on c.id = s.connection_id where c.name = 'brex'`);
    expect(scan!.status).toBe('failed');
  });

  // On Postgres the AI systems an import finds first are created at once, beside its own
  // transaction (so that scans finding them meanwhile do not wait for it): its failure must still
  // leave none of them behind.
  it('leaves no AI system behind when an import that found it first fails, and the audit log says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-failing-import-'));
    try {
      const file = join(dir, 'runway.csv');
      const rows = Array.from({ length: 5000 }, (_, i) => `rtx_${i},2026-08-0${1 + (i % 9)}T12:00:00+00:00,Runwayml.Com,RUNWAYML.COM,15.00,USD,Person ${i % 40},Software,`);
      writeFileSync(file, `Transaction ID,User Transaction Time,Merchant Name,Merchant Descriptor,Amount,Currency Code,User,SK Category Name,Memo\n${rows.join('\n')}\n`);
      const before = await counts();
      // The last progress report comes after the first batches of rows were written.
      const onProgress = (read: number, total: number) => {
        if (read === total) throw new Error('disk full');
      };
      await expect(importExpenses(database, matcher, file, { connection: 'runway', onProgress })).rejects.toThrow('disk full');
      const after = await counts();
      const runway = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where catalog_id = 'runway'`);
      expect(runway).toEqual([]);
      const entries = await queryRows<{ action: string; reason: string | null }>(
        database.db,
        sql`select action, reason from audit_log where entity_type = 'ai_system' and coalesce(after, before)->>'product' like 'Runway%' order by id`,
      );
      if (dialect === 'postgres') {
        // Created beside the import, then withdrawn with it: both in the audit log, nothing else kept.
        expect(entries.map((entry) => entry.action)).toEqual(['discovered', 'withdrawn']);
        expect(entries[1]!.reason).toMatch(/the import that found it failed and kept nothing \(disk full\)/);
        expect({ ...after, connections: before.connections, audit_log: before.audit_log }).toEqual(before);
        expect(after.audit_log).toBe(before.audit_log! + 2);
      } else {
        // PGlite creates them in the import's own transaction: rolled back with it.
        expect(entries).toEqual([]);
        expect({ ...after, connections: before.connections }).toEqual(before);
      }
      const events = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from events where type = 'ai_system.discovered' and detail->'system'->>'product' like 'Runway%'`);
      expect(events[0]!.n).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows an AI system with its users, spend per month and first and last seen', async () => {
    const items = await listInventory(database.db);
    const chatgpt = items.find((item) => item.catalogId === 'openai-chatgpt');
    expect(chatgpt).toBeDefined();
    const detail = (await showInventoryItem(database.db, chatgpt!.id.slice(0, 8)))!;
    const expenses = detail.evidence.filter((e) => e.kind === 'expense');
    expect(detail.sources.expense).toBe(expenses.length);
    expect(detail.users).toBe(new Set(expenses.map((e) => e.attributes.employee)).size);
    expect(detail.firstSeen.slice(0, 10)).toBe(expenses.map((e) => String(e.attributes.date)).sort()[0]);
    const total = expenses.reduce((sum, e) => sum + Number(e.attributes.amount), 0);
    expect(detail.spendByMonth.reduce((sum, m) => sum + m.total, 0)).toBeCloseTo(total, 2);
    expect(detail.history[0]).toMatchObject({ action: 'discovered' });
    expect(detail.evidence[0]!.reasons[0]).toMatch(/merchant descriptor '.*' matches alias/);
  });

  it('refuses to rewrite the audit log', async () => {
    // drizzle wraps the database's error; the trigger's message is its cause
    const failure = (query: Promise<unknown>) => query.then(() => 'no error', (error: Error) => String((error.cause as Error)?.message ?? error.message));
    expect(await failure(database.db.execute(sql`update audit_log set actor = 'someone else'`))).toMatch(/audit_log is append-only: UPDATE/);
    expect(await failure(database.db.execute(sql`delete from audit_log`))).toMatch(/audit_log is append-only: DELETE/);
  });
});
