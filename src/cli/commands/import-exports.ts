import type { Command } from 'commander';
import { EXPORT_READERS, type ExportFormat } from '../../pipeline/export-files.js';
import { importObservations, type ImportObservationsResult } from '../../pipeline/import-observations.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';

function describe(file: string, result: ImportObservationsResult): string {
  const lines = [`Imported ${file}: ${result.records} record(s), ${result.flagged} of them AI-related and kept; ${result.systemsNew} new AI system(s) in the inventory.`];
  if (result.problems.length) {
    lines.push(`${result.problems.length} record(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  ${problem.at ? `${problem.at}: ` : ''}${problem.message}`);
  }
  return lines.join('\n');
}

function register(imports: Command, format: ExportFormat, defaultConnection: string): void {
  const reader = EXPORT_READERS[format];
  const command = imports
    .command(`${format} <file>`)
    .description(reader.description)
    .option('--connection <name>', 'the connection to import into', defaultConnection)
    .option('--json', 'print the result as JSON');
  if (format === 'entra') command.option('--tenant-id <id>', "your tenant id: apps your tenant owns are not third-party consents");
  command.action(async (file: string, flags: { connection: string; json?: boolean; tenantId?: string }) => {
    const input = reader.read(file, flags.tenantId ? { tenantId: flags.tenantId } : {});
    await withContext(async (context) => {
      const result = await importObservations(context.database, context.matcher, { ...input, connection: flags.connection, file, format, ...(flags.tenantId ? { tenantId: flags.tenantId } : {}) }, { log: context.log });
      if (flags.json) printJson(result);
      else process.stdout.write(`${describe(file, result)}\n`);
      await alertsAfterScan(context);
    });
  });
}

export function registerExportImports(imports: Command): void {
  register(imports, 'google-tokens', 'google-tokens');
  register(imports, 'entra', 'entra');
  register(imports, 'microsoft-skus', 'microsoft-skus');
}
