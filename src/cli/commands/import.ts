import { importExpenses, type ImportExpensesResult } from '../../pipeline/import-expenses.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';
import { progressReporter } from '../progress.js';

export interface ImportExpensesFlags {
  format?: string;
  map?: string;
  currency?: string;
  dateOrder?: 'mdy' | 'dmy';
  connection?: string;
  json?: boolean;
}

/** The summary a person reads after an import; bad rows are listed, they do not fail the import. */
export function describeImport(path: string, result: ImportExpensesResult): string {
  const lines = [
    `Imported ${path} (${result.layout} layout): ${result.imported} of ${result.rows} rows read, ` +
      `${result.flagged} AI-related row(s) kept as evidence, ${result.aggregated} other row(s) kept only as monthly totals per merchant.`,
  ];
  if (result.assumedCurrency) lines.push(`The file has no currency column; amounts were taken as ${result.assumedCurrency} (change with --currency).`);
  if (result.systemsNew > 0) lines.push(`${result.systemsNew} new AI system(s) in the inventory.`);
  if (result.skipped > 0) {
    lines.push(`${result.skipped} row(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  line ${problem.line}: ${problem.reason}`);
    if (result.skipped > 50) lines.push(`  … and ${result.skipped - 50} more (unshadow scans show ${result.scanId} lists them)`);
  }
  return lines.join('\n');
}

export async function importExpenseFile(file: string, flags: ImportExpensesFlags): Promise<void> {
  await withContext(async (context) => {
    const progress = progressReporter('Importing');
    try {
      const result = await importExpenses(context.database, context.matcher, file, { ...flags, onProgress: progress.update, log: context.log });
      progress.stop();
      if (flags.json) printJson(result);
      else process.stdout.write(`${describeImport(file, result)}\n`);
    } finally {
      progress.stop();
    }
    await alertsAfterScan(context);
  });
}
