import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { dashboard } from '../../src/inventory/dashboard.js';
import { recordReview } from '../../src/inventory/review.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { freshDatabase } from '../helpers/databases.js';
import { matcher } from '../helpers/queue.js';

describe('the dashboard tells the truth about time and about "not AI" (real Postgres, the demo organisation)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    await importDemoOrganisation(database, matcher);
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('leaves systems judged not AI out of the total and every chart, and counts them on their own card', async () => {
    const before = await dashboard(database.db);
    const [otter] = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where catalog_id = 'otter-ai'`);
    await recordReview(database.db, otter!.id, { status: 'not_ai' }, { actor: 'test' });
    const after = await dashboard(database.db);
    expect(after.total).toBe(before.total - 1);
    expect(after.byStatus.not_ai).toBe(1);
    expect(Object.values(after.byCategory).reduce((a, b) => a + b, 0)).toBe(after.total);
    expect(after.topExposures.map((row) => row.id)).not.toContain(otter!.id);
    expect(after.review).toMatchObject({ notAi: 1, decided: 0, awaiting: after.total });
  });

  it('dates people and "new" by the evidence, not by the import', async () => {
    const data = await dashboard(database.db, new Date('2026-12-06T12:00:00Z'));
    const lastCharge = await queryRows<{ month: string }>(database.db, sql`select to_char(max(occurred_on), 'YYYY-MM') as month from observations where kind = 'expense'`);
    // OAuth grants and licences carry no date of use: they no longer land in the import's month.
    expect(data.usersByMonth.at(-1)!.month <= lastCharge[0]!.month).toBe(true);
    expect(data.undatedPeople).toBeGreaterThan(0);
    const imported = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ai_systems where status <> 'not_ai'`);
    // Systems found only through undated evidence were first seen by unshadow on the import day; the rest carry their charges' dates.
    expect(data.newThisWeek.length).toBeLessThan(imported[0]!.n);
    expect(data.recentlyFirstSeen.length).toBeGreaterThan(0);
    for (const row of data.newThisWeek) expect(row.firstSeen >= '2026-11-29').toBe(true);
  });
});
