import { EXPORT_READERS, type ExportFormat } from '../../pipeline/export-files.js';
import { importObservations, type ImportObservationsResult } from '../../pipeline/import-observations.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';

export interface ImportExportFlags {
  connection: string;
  json?: boolean;
  tenantId?: string;
}

function describe(file: string, result: ImportObservationsResult): string {
  const lines = [`Imported ${file}: ${result.records} record(s), ${result.flagged} of them AI-related and kept; ${result.systemsNew} new AI system(s) in the inventory.`];
  if (result.problems.length) {
    lines.push(`${result.problems.length} record(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  ${problem.at ? `${problem.at}: ` : ''}${problem.message}`);
  }
  return lines.join('\n');
}

export async function importExport(format: ExportFormat, file: string, flags: ImportExportFlags): Promise<void> {
  const input = EXPORT_READERS[format].read(file, flags.tenantId ? { tenantId: flags.tenantId } : {});
  await withContext(async (context) => {
    const result = await importObservations(context.database, context.matcher, { ...input, connection: flags.connection, file, format, ...(flags.tenantId ? { tenantId: flags.tenantId } : {}) }, { log: context.log });
    if (flags.json) printJson(result);
    else process.stdout.write(`${describe(file, result)}\n`);
    await alertsAfterScan(context);
  });
}
