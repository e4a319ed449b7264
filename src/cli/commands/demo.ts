import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { listInventory, showInventoryItem } from '../../inventory/queries.js';
import { parseGoogleTokensExport } from '../../../connectors/google-workspace/index.js';
import { normaliseEntraExport, normaliseSubscribedSkus } from '../../../connectors/microsoft365/index.js';
import { importExpenses } from '../../pipeline/import-expenses.js';
import { type ImportedFile, importObservations } from '../../pipeline/import-observations.js';
import { withContext } from '../context.js';
import { categoryLabel, inventoryTable, printJson } from '../output.js';

export const DEMO_DIR = fileURLToPath(new URL('../../../fixtures/demo/', import.meta.url));

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('discover the AI tools of a bundled sample organisation, in a fresh embedded database')
    .option('--json', 'print the inventory as JSON')
    .action(async (flags: { json?: boolean }) => {
      const started = Date.now();
      // Always embedded and always fresh: the demo must never touch a real DATABASE_URL.
      await withContext(
        async ({ config, database, matcher, catalog }) => {
          const expenseDir = join(DEMO_DIR, 'expenses');
          const files = readdirSync(expenseDir).filter((name) => name.endsWith('.csv')).sort();
          const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
          log(`unshadow demo: the sample organisation "Northwind Analytics" (catalog ${catalog.version}, ${catalog.entries.length} AI products)\n`);
          for (const name of files) {
            const result = await importExpenses(database, matcher, join(expenseDir, name), { connection: 'demo-expenses' });
            const skipped = result.skipped ? `, ${result.skipped} bad row(s) reported` : '';
            log(`  ${name.padEnd(38)} ${result.layout.padEnd(17)} ${String(result.rows).padStart(4)} rows, ${result.flagged} AI-related${skipped}`);
          }
          for (const source of demoExports()) {
            const result = await importObservations(database, matcher, source);
            log(`  ${source.file.slice(DEMO_DIR.length).padEnd(38)} ${source.kind.replace('-export', '').padEnd(17)} ${String(result.records).padStart(4)} records, ${result.flagged} AI-related`);
          }
          const items = await listInventory(database.db);
          if (flags.json) {
            printJson(items);
            return;
          }
          log(`\nAI tools discovered: ${items.length}\n`);
          log(inventoryTable(items));
          log('\nWhy each was flagged:');
          for (const item of items) {
            const detail = await showInventoryItem(database.db, item.id);
            const reasons = [...new Set(detail?.evidence.flatMap((e) => e.reasons) ?? [])];
            log(`  ${item.product} (${categoryLabel(item.category)}): ${reasons[0] ?? ''}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}`);
          }
          const home = relative(process.cwd(), config.home) || '.';
          log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Explore it: UNSHADOW_HOME=${home} npx unshadow inventory show <id>`);
        },
        demoOverrides(),
      );
    });
}

/** The sample organisation's offline exports: Entra consents, Microsoft licences, Google tokens. */
function demoExports(): ImportedFile[] {
  const read = (path: string) => JSON.parse(readFileSync(join(DEMO_DIR, path), 'utf8')) as unknown;
  const entra = normaliseEntraExport(read('microsoft365/entra-export.json'));
  return [
    { kind: 'microsoft365-export', connection: 'demo-entra', file: join(DEMO_DIR, 'microsoft365/entra-export.json'), observations: entra.observations, problems: [] },
    {
      kind: 'microsoft365-export',
      connection: 'demo-microsoft-skus',
      file: join(DEMO_DIR, 'microsoft365/subscribed-skus.json'),
      observations: normaliseSubscribedSkus(read('microsoft365/subscribed-skus.json')),
      problems: [],
    },
    {
      kind: 'google-workspace-export',
      connection: 'demo-google-tokens',
      file: join(DEMO_DIR, 'google-workspace/tokens-export.json'),
      observations: parseGoogleTokensExport(readFileSync(join(DEMO_DIR, 'google-workspace/tokens-export.json'), 'utf8')).observations,
      problems: [],
    },
  ];
}

function demoOverrides() {
  const home = join(process.env.UNSHADOW_HOME ?? '.unshadow', 'demo');
  const pgliteDir = join(home, 'db');
  rmSync(pgliteDir, { recursive: true, force: true });
  return { databaseUrl: undefined, home, pgliteDir };
}
