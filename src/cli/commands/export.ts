import { type Command, Option } from 'commander';
import { exportDocument } from '../../inventory/exports.js';
import { withContext } from '../context.js';

export function registerExport(program: Command): void {
  const command = program.command('export').description('the AI system register and a CycloneDX bill of materials, for auditors and GRC tools');
  command
    .command('register')
    .description('the AI system register')
    .addOption(new Option('--format <format>', 'csv, json or md').choices(['csv', 'json', 'md']).default('csv'))
    .action(async (flags: { format: 'csv' | 'json' | 'md' }) => {
      await withContext(async ({ database, catalog }) => {
        process.stdout.write((await exportDocument(database.db, catalog, 'register', { format: flags.format })).body);
      });
    });
  command
    .command('cyclonedx')
    .description('a CycloneDX 1.6 JSON BOM of the AI services and components in use, checked against the 1.6 schema')
    .option('--organisation <name>', 'the organisation the BOM describes', 'Organisation')
    .action(async (flags: { organisation: string }) => {
      await withContext(async ({ database, catalog }) => {
        process.stdout.write((await exportDocument(database.db, catalog, 'cyclonedx', { organisation: flags.organisation })).body);
      });
    });
  command
    .command('soa')
    .description('a statement of applicability: all 38 ISO/IEC 42001 Annex A controls, applicable or not, justified from the inventory')
    .addOption(new Option('--format <format>', 'csv, json or md').choices(['csv', 'json', 'md']).default('md'))
    .action(async (flags: { format: 'csv' | 'json' | 'md' }) => {
      await withContext(async ({ database, catalog }) => {
        process.stdout.write((await exportDocument(database.db, catalog, 'soa', { format: flags.format })).body);
      });
    });
  command
    .command('scope')
    .description('a draft ISO/IEC 42001 clause 4.3 scope statement: AI systems in scope, units, roles, exclusions')
    .option('--organisation <name>', 'the organisation the scope describes', 'the organisation')
    .option('--json', 'print JSON instead of Markdown')
    .action(async (flags: { organisation: string; json?: boolean }) => {
      await withContext(async ({ database, catalog }) => {
        process.stdout.write((await exportDocument(database.db, catalog, 'scope', { organisation: flags.organisation, ...(flags.json ? { format: 'json' as const } : {}) })).body);
      });
    });
}
