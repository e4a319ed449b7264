import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import { listInventory } from '../../src/inventory/queries.js';
import { registerEntries, reviewQueue } from '../../src/inventory/register-entries.js';
import { recordReview } from '../../src/inventory/review.js';
import { recordVendorDiligence } from '../../src/inventory/vendors.js';
import { learnedSuppressions } from '../../src/inventory/suppressions.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { lintCatalog } from '../../src/matcher/lint-catalog.js';
import { suggestRoles } from '../../src/register/roles.js';
import { importExpenses } from '../../src/pipeline/import-expenses.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const HEADER = 'Transaction ID,User Transaction Time,Merchant Name,Merchant Descriptor,Amount,Currency Code,User,SK Category Name,Memo';

/** A Ramp export with one ChatGPT and one Otter.ai charge per listed employee. */
function rampExport(dir: string, name: string, employees: string[]): string {
  const lines = employees.flatMap((employee, i) => [
    `${name}-c${i},2026-08-0${(i % 9) + 1}T12:00:00+00:00,Openai,OPENAI *CHATGPT SUBSCR,20.00,USD,${employee},Software,`,
    `${name}-o${i},2026-08-0${(i % 9) + 1}T12:00:00+00:00,Otter.ai,OTTER.AI,16.99,USD,${employee},Software,`,
  ]);
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
  return path;
}

interface AuditRow {
  actor: string;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

describe.each(DIALECTS)('the review lifecycle on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dir = mkdtempSync(join(tmpdir(), 'unshadow-review-'));
  let chatgpt: string;
  let otter: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function audit(id: string): Promise<AuditRow[]> {
    return queryRows<AuditRow>(
      database.db,
      sql`select actor, action, field, before, after, reason from audit_log where entity_type = 'ai_system' and entity_id = ${id} order by id`,
    );
  }

  async function status(id: string): Promise<string> {
    const [item] = await listInventory(database.db, { ids: [id] });
    return item!.status;
  }

  it('discovers the systems, suggests roles and queues them for review', async () => {
    await importExpenses(database, matcher, rampExport(dir, 'first', ['Ana', 'Ben']), { connection: 'ramp' });
    const items = await listInventory(database.db);
    chatgpt = items.find((item) => item.catalogId?.startsWith('openai-chatgpt'))!.id;
    otter = items.find((item) => item.vendor.toLowerCase().startsWith('otter'))!.id;
    expect(chatgpt).toBeDefined();
    expect(otter).toBeDefined();
    const queue = await reviewQueue(database.db, catalog);
    expect(queue.map(({ entry }) => entry.id).sort()).toEqual([chatgpt, otter].sort());
    // The suggestion from the evidence: expenses mean the organisation uses the tool.
    const entry = (await registerEntries(database.db, catalog)).find((e) => e.id === chatgpt)!;
    expect(suggestRoles(entry).roles).toEqual(['ai_customer']);
    expect(entry.roles).toBeUndefined();
    const [first] = await audit(chatgpt);
    expect(first).toMatchObject({ action: 'discovered', field: null });
    expect(first!.actor).toMatch(/^scan:/);
  });

  it('records each reviewed field with who, before, after and why, and moves the system to in review', async () => {
    const changes = await recordReview(
      database.db,
      chatgpt,
      { roles: ['ai_customer'], useContext: { purpose: 'Drafting emails', owner: 'Head of Sales', departments: ['Sales'], domain: 'internal_productivity' }, oversight: { reviewer: 'The sender' } },
      { actor: 'alice', reason: 'first review' },
    );
    expect(changes.map((c) => c.field).sort()).toEqual(['oversight.reviewer', 'roles', 'status', 'useContext.departments', 'useContext.domain', 'useContext.owner', 'useContext.purpose']);
    expect(await status(chatgpt)).toBe('in_review');
    const entries = (await audit(chatgpt)).slice(1);
    expect(entries).toHaveLength(7);
    for (const entry of entries) expect(entry).toMatchObject({ actor: 'alice', action: 'reviewed', reason: 'first review' });
    expect(entries.find((e) => e.field === 'status')).toMatchObject({ before: 'discovered', after: 'in_review' });
    expect(entries.find((e) => e.field === 'useContext.purpose')).toMatchObject({ before: null, after: 'Drafting emails' });
  });

  it('refuses "approved with conditions" without conditions and writes nothing', async () => {
    const before = await audit(chatgpt);
    await expect(recordReview(database.db, chatgpt, { status: 'approved_with_conditions' }, { actor: 'bob' })).rejects.toThrow(/needs the conditions/);
    expect(await audit(chatgpt)).toEqual(before);
    expect(await status(chatgpt)).toBe('in_review');
  });

  it('approves with conditions, keeps the suggestion beside the decision and leaves the queue', async () => {
    await recordReview(database.db, chatgpt, { status: 'approved_with_conditions', conditions: 'No customer data in prompts' }, { actor: 'bob', reason: 'DPA signed' });
    expect(await status(chatgpt)).toBe('approved_with_conditions');
    const entries = (await audit(chatgpt)).slice(-2);
    expect(entries).toEqual([
      { actor: 'bob', action: 'reviewed', field: 'status', before: 'in_review', after: 'approved_with_conditions', reason: 'DPA signed' },
      { actor: 'bob', action: 'reviewed', field: 'conditions', before: null, after: 'No customer data in prompts', reason: 'DPA signed' },
    ]);
    const entry = (await registerEntries(database.db, catalog)).find((e) => e.id === chatgpt)!;
    expect(entry.roles).toEqual(['ai_customer']);
    expect(entry.conditions).toBe('No customer data in prompts');
    expect((await reviewQueue(database.db, catalog)).map(({ entry: e }) => e.id)).not.toContain(chatgpt);
    expect(await recordReview(database.db, chatgpt, { status: 'approved_with_conditions', conditions: 'No customer data in prompts' }, { actor: 'bob' })).toEqual([]);
  });

  it('marks a false positive "not AI"', async () => {
    await recordReview(database.db, otter, { status: 'not_ai' }, { actor: 'carol', reason: 'only the transcription plan, no AI features' });
    expect(await status(otter)).toBe('not_ai');
  });

  it('a later scan with slightly wider use (2 → 3 users) overwrites no decision and queues nothing', async () => {
    const reviewBefore = await queryRows<{ id: string; status: string; review: unknown }>(database.db, sql`select id, status, review from ai_systems order by id`);
    await importExpenses(database, matcher, rampExport(dir, 'second', ['Ana', 'Ben', 'Cleo']), { connection: 'ramp' });
    expect(await queryRows(database.db, sql`select id, status, review from ai_systems order by id`)).toEqual(reviewBefore);
    expect(await reviewQueue(database.db, catalog)).toEqual([]);
  });

  it('reopens an approved system when new evidence widens its use, and says why', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `Person ${i}`);
    await importExpenses(database, matcher, rampExport(dir, 'third', many), { connection: 'ramp' });
    expect(await status(chatgpt)).toBe('in_review');
    const last = (await audit(chatgpt)).at(-1)!;
    expect(last).toMatchObject({ action: 'reopened', field: 'status', before: 'approved_with_conditions', after: 'in_review' });
    expect(last.actor).toMatch(/^scan:/);
    expect(last.reason).toMatch(/users grew from 2 to 15/);
    // The reviewer's answers stay; only the status moved.
    const entry = (await registerEntries(database.db, catalog)).find((e) => e.id === chatgpt)!;
    expect(entry.useContext.purpose).toBe('Drafting emails');
    expect(entry.conditions).toBe('No customer data in prompts');
    // A "not AI" decision is never reopened and never queued, however wide the evidence.
    expect(await status(otter)).toBe('not_ai');
    expect((await reviewQueue(database.db, catalog)).map(({ entry: e }) => e.id)).toEqual([chatgpt]);
  });

  it('records vendor due diligence with an audit entry per answer, for a vendor the inventory knows', async () => {
    const [item] = await listInventory(database.db, { ids: [chatgpt] });
    const { vendor, changes } = await recordVendorDiligence(database.db, item!.vendor.toUpperCase(), { certifications: ['soc2', 'iso27001'], dataProcessingAgreement: true, reviewedOn: '2026-11-01' }, { actor: 'dana' });
    expect(vendor).toBe(item!.vendor);
    expect(changes.map((c) => c.field)).toEqual(['certifications', 'dataProcessingAgreement', 'reviewedOn']);
    const entry = (await registerEntries(database.db, catalog)).find((e) => e.id === chatgpt)!;
    expect(entry.vendorDiligence).toMatchObject({ certifications: ['soc2', 'iso27001'], dataProcessingAgreement: true, reviewedOn: '2026-11-01' });
    await expect(recordVendorDiligence(database.db, 'No Such Vendor', { soc2: true } as never, { actor: 'dana' })).rejects.toThrow(/no vendor named/);
  });

  it('turns "not AI" decisions into catalog suppressions the matcher learns', async () => {
    const learned = await learnedSuppressions(database.db);
    expect(learned.notAi).toHaveLength(1);
    expect(learned.notAi[0]!.merchants).toEqual(['OTTER.AI']);
    expect(learned.notAi[0]!.reason).toContain('only the transcription plan');
    expect(matcher.matchExpense({ merchant: 'OTTER.AI' }).flagged).toBe(true);
    const file = join(dir, 'learned.yaml');
    writeFileSync(file, stringifyYaml(learned));
    const taught = compileMatcher(loadCatalog({ extraPath: file }));
    expect(taught.matchExpense({ merchant: 'OTTER.AI' }).flagged).toBe(false);
    expect(taught.matchExpense({ merchant: 'OPENAI *CHATGPT SUBSCR' }).flagged).toBe(true);
    // It overrides the Otter.ai fingerprint on purpose: `catalog validate` accepts the file.
    expect(lintCatalog(catalog.entries, [...catalog.notAi, ...learned.notAi])).toEqual([]);
  });

  it('keeps the audit trail append-only', async () => {
    await expect(database.db.execute(sql`update audit_log set actor = 'mallory'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });
});
