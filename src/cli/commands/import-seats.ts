import type { Command } from 'commander';
import { EXPORT_READERS } from '../../pipeline/export-files.js';
import { importObservations, type ImportObservationsResult } from '../../pipeline/import-observations.js';
import { SEAT_FIELDS } from '../../pipeline/seat-lists.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';

interface SeatFlags {
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

/** "seats-anthropic": one connection per vendor, since each import is a complete snapshot of its connection. */
const connectionFor = (vendors: string[]) =>
  vendors.length === 1 ? `seats-${vendors[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'list'}` : 'seats';

export function registerImportSeats(imports: Command): void {
  imports
    .command('seats <file>')
    .description(EXPORT_READERS.seats.description)
    .option('--map <col=field,...>', `name columns yourself: fields ${SEAT_FIELDS.join(', ')}`)
    .option('--vendor <name>', 'the vendor, for a list without a vendor column (a vendor\'s own export)')
    .option('--plan <name>', 'the plan, for a list without a plan or product column')
    .option('--connection <name>', 'the connection to import into (default seats-<vendor> for a list of one vendor, else seats)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: SeatFlags) => {
      // Every option is recorded, empty when not given, so a later scan reads the file the same way.
      const readOptions = { map: flags.map ?? '', vendor: flags.vendor ?? '', plan: flags.plan ?? '' };
      const input = EXPORT_READERS.seats.read(file, flags);
      const vendors = [...new Set(input.observations.flatMap((observation) => (observation.kind === 'licence' && observation.attributes.vendor ? [observation.attributes.vendor] : [])))];
      await withContext(async (context) => {
        const connection = flags.connection ?? connectionFor(vendors);
        const result = await importObservations(context.database, context.matcher, { ...input, connection, file, format: 'seats', readOptions }, { log: context.log });
        if (flags.json) printJson({ ...result, connection, vendors });
        else process.stdout.write(`${describe(file, vendors, result)}\n`);
        await alertsAfterScan(context);
      });
    });
}
