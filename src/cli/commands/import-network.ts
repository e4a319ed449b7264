import { importNetwork, type ImportNetworkResult } from '../../pipeline/import-network.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';
import { progressReporter } from '../progress.js';

/** The summary a person reads after a network import; bad lines are listed, they do not fail it. */
export function describeNetworkImport(result: ImportNetworkResult): string {
  const lines = result.files.map(
    (f) => `Imported ${f.path} (${f.format}${f.compression === 'plain' ? '' : `, ${f.compression}`}): ${f.records} of ${f.lines} lines read, ${f.matched} to AI systems kept per person (or device) and day, ${f.aggregated} kept only as daily counts per domain, without users.`,
  );
  if (result.blocked > 0) lines.push(`${result.blocked} request(s) to AI systems were blocked: attempted use, shown as such in the inventory.`);
  if (result.systemsNew > 0) lines.push(`${result.systemsNew} new AI system(s) in the inventory.`);
  if (result.rematchedHosts > 0) lines.push(`${result.rematchedHosts} host(s) that earlier imports kept only as counts are now known as AI, and were added as evidence.`);
  if (result.skipped > 0) {
    lines.push(`${result.skipped} line(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  ${problem.file}${problem.line ? ` line ${problem.line}` : ''}: ${problem.reason}`);
    if (result.skipped > 50) lines.push(`  … and ${result.skipped - 50} more (unshadow scans show ${result.scanId} lists them)`);
  }
  return lines.join('\n');
}

export interface ImportNetworkFlags {
  format?: string;
  map?: string;
  connection: string;
  json?: boolean;
}

export async function importNetworkLogs(files: string[], flags: ImportNetworkFlags): Promise<void> {
  await withContext(async (context) => {
    const progress = progressReporter('Importing');
    try {
      const result = await importNetwork(context.database, context.matcher, files, { ...flags, onProgress: progress.update, log: context.log });
      progress.stop();
      if (flags.json) printJson(result);
      else process.stdout.write(`${describeNetworkImport(result)}\n`);
    } finally {
      progress.stop();
    }
    await alertsAfterScan(context);
  });
}
