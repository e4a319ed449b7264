import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { catalogFileSchema } from '../../src/domain/catalog.js';
import { lintCatalog } from '../../src/matcher/lint-catalog.js';
import { runCli } from '../helpers/cli.js';

/**
 * The long tail, learned: an AI tool no catalog entry knows is imported (a card charge and an
 * OAuth consent), flagged as possible AI, confirmed by a reviewer, and `unshadow catalog learn`
 * turns it into a catalog entry that, saved under UNSHADOW_CATALOG, makes the matcher name it.
 * Every step runs the real CLI on an embedded (PGlite) database.
 */
const home = mkdtempSync(join(tmpdir(), 'unshadow-learn-'));
const env = { UNSHADOW_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Item {
  id: string;
  catalogId: string | null;
  vendor: string;
  status: string;
}

describe('unshadow catalog learn', () => {
  it('turns a confirmed possible-AI tool into a catalog entry the matcher then names', async () => {
    const expenses = join(home, 'card.csv');
    writeFileSync(
      expenses,
      [
        'Date,Description,Amount,Category,Memo',
        '2026-09-02,ZORBLAX AI INC 4155550123 LONDON GB,30.00,Software,AI inbox assistant',
        '2026-09-03,ZORBLAX AI INC 4155550123 LONDON GB,30.00,Software,AI inbox assistant',
        '2026-09-05,STARBUCKS STORE 01234,4.50,Meals,',
        '2026-09-07,QUANTIL AI PARIS FR,12.00,Software,',
      ].join('\n'),
    );
    const imported = await runCli(['import', 'expenses', expenses, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ flagged: 3 });

    const items = JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as Item[];
    const zorblax = items.find((item) => item.vendor === 'ZORBLAX AI')!;
    expect(zorblax).toMatchObject({ catalogId: null, status: 'discovered' });
    expect(items.find((item) => item.vendor === 'QUANTIL AI')).toBeDefined();

    // Only the one a reviewer confirmed is learned; the other is still awaiting review.
    const reviewed = await runCli(['review', zorblax.id.slice(0, 8), '--status', 'approved', '--note', 'inbox assistant, approved for sales'], env);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    const out = join(home, 'learned.yaml');
    const learned = await runCli(['catalog', 'learn', '--out', out], env);
    expect(learned.code, learned.stderr).toBe(0);
    expect(learned.stderr).toContain('1 catalog entry written');
    const file = catalogFileSchema.parse(parseYaml(readFileSync(out, 'utf8')));
    expect(file.entries).toHaveLength(1);
    const entry = file.entries[0]!;
    expect(entry).toMatchObject({ vendor: 'ZORBLAX AI', reviewed: true, sources: [`unshadow:review/${zorblax.id}`] });
    expect(entry.fingerprints.merchants).toContain('ZORBLAX AI');
    // The lint accepts it although it names no public page, web domain or consent screen.
    expect(lintCatalog(file.entries, [])).toEqual([]);
    expect((await runCli(['catalog', 'validate', out], env)).stderr).not.toContain(entry.id);

    const match = await runCli(['match', '--kind', 'expense'], { ...env, UNSHADOW_CATALOG: out }, `${JSON.stringify({ merchant: 'PADDLE.NET* ZORBLAX AI 5550199' })}\n`);
    expect(match.code, match.stderr).toBe(0);
    expect(JSON.parse(match.stdout)).toMatchObject({ flagged: true, match: { catalogId: entry.id, vendor: 'ZORBLAX AI' } });
    const before = await runCli(['match', '--kind', 'expense'], env, `${JSON.stringify({ merchant: 'PADDLE.NET* ZORBLAX AI 5550199' })}\n`);
    expect(JSON.parse(before.stdout)).toMatchObject({ flagged: true, match: { catalogId: null } });
  }, 300_000);
});
