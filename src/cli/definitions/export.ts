import { type Command, Option } from 'commander';
import { EXPORT_FORMATS, type ExportFormat, type ExportKind } from '../../inventory/export-formats.js';
import type { ExportFlags } from '../commands/export.js';

const actions = () => import('../commands/export.js');

function documentCommand(exports: Command, kind: Exclude<ExportKind, 'cyclonedx'>, description: string, defaultFormat: ExportFormat): Command {
  return exports
    .command(kind)
    .description(description)
    .addOption(new Option('--format <format>', 'md and xlsx for people (with document control), json-document for GRC tools, csv and json for scripts (rows with codes)').choices([...EXPORT_FORMATS]).default(defaultFormat))
    .option('--organisation <name>', "the organisation's name on the document (default: the organisation record's)")
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: ExportFlags) => (await actions()).exportOne(kind, flags));
}

export function defineExport(exports: Command): void {
  documentCommand(exports, 'register', 'the AI system register: every system with every recorded decision, its vendors and incidents', 'csv');
  documentCommand(exports, 'soa', 'the statement of applicability: all 38 Annex A controls, applicable or not, justified from the inventory, with implementation status, owner and evidence', 'md');
  documentCommand(exports, 'scope', 'the clause 4.3 scope statement: context (4.1, 4.2), boundaries, interfaces, dependencies, AI systems in scope, exclusions', 'md').option('--json', 'the same as --format json');
  documentCommand(exports, 'incidents', 'the AI incident log: what happened, investigation, corrective action, escalation', 'md');
  exports
    .command('pack')
    .description('every document in every format and the BOM, into one folder for the auditor: one version, one date')
    .requiredOption('--output <dir>', 'the folder to write (created when missing)')
    .option('--organisation <name>', "the organisation's name on the documents (default: the organisation record's)")
    .action(async (flags: { output: string; organisation?: string }) => (await actions()).pack(flags));
  exports
    .command('cyclonedx')
    .description('a CycloneDX 1.6 JSON BOM of the AI services and components in use, checked against the 1.6 schema')
    .option('--organisation <name>', "the organisation the BOM describes (default: the organisation record's name)")
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: ExportFlags) => (await actions()).exportOne('cyclonedx', flags));
}
