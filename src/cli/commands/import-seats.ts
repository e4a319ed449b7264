import { EXPORT_READERS } from '../../pipeline/export-files.js';
import { importObservations, type ImportObservationsResult } from '../../pipeline/import-observations.js';
import { seatConnectionName } from '../../pipeline/seat-lists.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';

export interface SeatFlags {
  map?: string;
  vendor?: string;
  plan?: string;
  connection?: string;
  json?: boolean;
}

function describe(file: string, vendors: string[], result: ImportObservationsResult): string {
  const lines = [
    `Imported ${file} (${vendors.join(', ')}): ${result.records} seat record(s), ${result.flagged} of them AI and kept; ${result.systemsNew} new AI system(s) in the inventory.`,
  ];
  if (result.records > 0 && result.flagged === 0) lines.push('No vendor or plan in it is known as AI: `unshadow catalog learn` or an UNSHADOW_CATALOG entry can name one.');
  if (result.problems.length) {
    lines.push(`${result.problems.length} row(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  ${problem.at ? `${problem.at}: ` : ''}${problem.message}`);
  }
  return lines.join('\n');
}

export async function importSeats(file: string, flags: SeatFlags): Promise<void> {
  // Every option is recorded, empty when not given, so a later scan reads the file the same way.
  const readOptions = { map: flags.map ?? '', vendor: flags.vendor ?? '', plan: flags.plan ?? '' };
  const input = EXPORT_READERS.seats.read(file, flags);
  const vendors = [...new Set(input.observations.flatMap((observation) => (observation.kind === 'licence' && observation.attributes.vendor ? [observation.attributes.vendor] : [])))];
  await withContext(async (context) => {
    const connection = flags.connection ?? seatConnectionName(vendors);
    const result = await importObservations(context.database, context.matcher, { ...input, connection, file, format: 'seats', readOptions }, { log: context.log });
    if (flags.json) printJson({ ...result, connection, vendors });
    else process.stdout.write(`${describe(file, vendors, result)}\n`);
    await alertsAfterScan(context);
  });
}
