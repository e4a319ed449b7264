import { join, relative } from 'node:path';
import { listInventory, showInventoryItem } from '../../inventory/queries.js';
import { importDemoOrganisation } from '../../pipeline/demo-organisation.js';
import { createApiToken } from '../../inventory/access.js';
import { withContext } from '../context.js';
import { parsePort, startServer } from './serve.js';
import { untilStopped } from './worker.js';
import { categoryLabel, inventoryTable, printJson } from '../output.js';

export interface DemoFlags {
  json?: boolean;
  serve?: boolean;
  port: string;
}

export async function demo(flags: DemoFlags): Promise<void> {
  const port = parsePort(flags.port);
  const started = Date.now();
  // Always embedded and always fresh: the demo must never touch a real DATABASE_URL.
  await withContext(
    async (context) => {
      const { config, database, matcher, catalog } = context;
      const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
      log(`unshadow demo: the sample organisation "Northwind Analytics" (catalog ${catalog.version}, ${catalog.entries.length} AI products)\n`);
      await importDemoOrganisation(database, matcher, (step) => {
        const skipped = step.skipped ? `, ${step.skipped} bad row(s) reported` : '';
        const unit = step.file.endsWith('.csv') ? 'rows' : 'records';
        log(`  ${step.file.replace(/^expenses\//, '').padEnd(38)} ${step.kind.padEnd(17)} ${String(step.records).padStart(4)} ${unit}, ${step.flagged} AI-related${skipped}`);
      });
      const items = await listInventory(database.db);
      if (flags.json) {
        printJson(items);
        return;
      }
      log(`\nAI systems discovered: ${items.length}\n`);
      log(inventoryTable(items));
      log('\nWhy each was flagged:');
      for (const item of items) {
        const detail = await showInventoryItem(database.db, item.id);
        const reasons = [...new Set(detail?.evidence.flatMap((e) => e.reasons) ?? [])];
        log(`  ${item.product} (${categoryLabel(item.category)}): ${reasons[0] ?? ''}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}`);
      }
      const home = relative(process.cwd(), config.home) || '.';
      log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (!flags.serve) {
        log(`Explore it: UNSHADOW_HOME=${home} npx unshadow inventory show <id>`);
        log('See it in the web console: npm run demo -- --serve');
        return;
      }
      // A fresh demo database has no users: an admin token to sign in with, shown once.
      const { token } = await createApiToken(database.db, 'demo', 'admin');
      const server = await startServer(context, { port, host: '127.0.0.1' });
      // The console holds the embedded database while it runs: no CLI hint here, since a
      // second process on the same database is refused.
      log(`\nThe console holds the demo database while it runs; Ctrl-C stops it and frees the database for the CLI.`);
      log(`Sign in with this admin token: ${token}\nConsole for the demo organisation: ${server.url}/`);
      await untilStopped();
      await server.stop();
    },
    demoOverrides(),
    { fresh: true },
  );
}

/** The demo's own embedded database, emptied once this process holds it (never under another). */
function demoOverrides() {
  const home = join(process.env.UNSHADOW_HOME ?? '.unshadow', 'demo');
  return { databaseUrl: undefined, home, pgliteDir: join(home, 'db') };
}
