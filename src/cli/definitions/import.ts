import type { Command } from 'commander';
import { FORMAT_NAMES } from '../../../connectors/network/detect.js';
import { GENERIC_FIELDS } from '../../../connectors/network/formats/generic.js';
import { EXPORT_FORMAT_DESCRIPTIONS, type ExportFormat } from '../../pipeline/export-file-formats.js';
import { SEAT_FIELDS } from '../../pipeline/seat-lists.js';
import type { ImportExpensesFlags } from '../commands/import.js';
import type { ImportExportFlags } from '../commands/import-exports.js';
import type { ImportNetworkFlags } from '../commands/import-network.js';
import type { SeatFlags } from '../commands/import-seats.js';

function defineExportImport(imports: Command, format: Exclude<ExportFormat, 'seats'>): void {
  const command = imports
    .command(`${format} <file>`)
    .description(EXPORT_FORMAT_DESCRIPTIONS[format])
    .option('--connection <name>', 'the connection to import into', format)
    .option('--json', 'print the result as JSON');
  if (format === 'entra') command.option('--tenant-id <id>', "your tenant id: apps your tenant owns are not third-party consents");
  command.action(async (file: string, flags: ImportExportFlags) => (await import('../commands/import-exports.js')).importExport(format, file, flags));
}

export function defineImport(imports: Command): void {
  defineExportImport(imports, 'google-tokens');
  defineExportImport(imports, 'entra');
  defineExportImport(imports, 'microsoft-skus');
  defineExportImport(imports, 'intune-detected-apps');
  defineExportImport(imports, 'chrome-installed-apps');
  imports
    .command('network <files...>')
    .description('import proxy, DNS or firewall logs (plain, gzip or zstd): Zscaler, Netskope, Palo Alto, Cisco Umbrella, Cloudflare Gateway, Squid, W3C or any CSV/JSON')
    .option('--format <format>', `force a format: ${FORMAT_NAMES.join(', ')}`)
    .option('--map <col=field,...>', `name columns yourself (generic format): fields ${GENERIC_FIELDS.join(', ')}`)
    .option('--connection <name>', 'the network connection to import into', 'network')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], flags: ImportNetworkFlags) => (await import('../commands/import-network.js')).importNetworkLogs(files, flags));
  imports
    .command('seats <file>')
    .description(EXPORT_FORMAT_DESCRIPTIONS.seats)
    .option('--map <col=field,...>', `name columns yourself: fields ${SEAT_FIELDS.join(', ')}`)
    .option('--vendor <name>', 'the vendor, for a list without a vendor column (a vendor\'s own export)')
    .option('--plan <name>', 'the plan, for a list without a plan or product column')
    .option('--connection <name>', 'the connection to import into (default seats-<vendor> for a list of one vendor, else seats)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: SeatFlags) => (await import('../commands/import-seats.js')).importSeats(file, flags));
  imports
    .command('expenses <file>')
    .description('import a card or expense export (CSV): Ramp, Brex, Expensify, SAP Concur, Navan, Chase, Amex or generic')
    .option('--format <layout>', 'force a layout: ramp, brex, expensify, concur, navan, chase, amex, generic')
    .option('--map <col=field,...>', 'name columns yourself: fields date, merchant, amount, debit, credit, currency, employee, category, memo, id')
    .option('--currency <code>', 'currency of files without a currency column (default USD)')
    .option('--date-order <order>', 'mdy or dmy, for numeric dates the data cannot tell apart')
    .option('--connection <name>', 'the expenses connection to import into', 'expenses')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: ImportExpensesFlags) => (await import('../commands/import.js')).importExpenseFile(file, flags));
}
