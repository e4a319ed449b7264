import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { UserError } from '../../domain/errors.js';
import { DOCUMENT_KINDS } from '../../domain/organisation.js';
import { EXPORT_FORMATS, type ExportDocument, type ExportFormat, type ExportKind, exportDocument } from '../../inventory/exports.js';
import { withContext } from '../context.js';

interface ExportFlags {
  format?: ExportFormat;
  organisation?: string;
  output?: string;
  json?: boolean;
}

/** To the file named, or stdout; a spreadsheet is never written to a terminal, where it would be noise. */
async function write(document: ExportDocument, output: string | undefined): Promise<void> {
  if (output) {
    await pipeline(typeof document.body === 'string' ? [document.body] : document.body, createWriteStream(output));
    process.stderr.write(`wrote ${output}\n`);
    return;
  }
  if (typeof document.body !== 'string' && process.stdout.isTTY) {
    document.body.destroy();
    throw new UserError('a spreadsheet cannot be shown in the terminal', `Add --output ${document.filename}, or redirect: > ${document.filename}`);
  }
  if (typeof document.body === 'string') process.stdout.write(document.body);
  else await pipeline(document.body, process.stdout, { end: false });
}

function documentCommand(parent: Command, kind: Exclude<ExportKind, 'cyclonedx'>, description: string, defaultFormat: ExportFormat): Command {
  return parent
    .command(kind)
    .description(description)
    .addOption(new Option('--format <format>', 'md and xlsx for people (with document control), json-document for GRC tools, csv and json for scripts (rows with codes)').choices([...EXPORT_FORMATS]).default(defaultFormat))
    .option('--organisation <name>', "the organisation's name on the document (default: the organisation record's)")
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: ExportFlags) => {
      await withContext(async ({ database, catalog }) => {
        const format = flags.json ? 'json' : flags.format;
        await write(await exportDocument(database.db, catalog, kind, { ...(format ? { format } : {}), ...(flags.organisation ? { organisation: flags.organisation } : {}) }), flags.output);
      });
    });
}

export function registerExport(program: Command): void {
  const command = program.command('export').description('the documents an ISO/IEC 42001 audit asks for: register, statement of applicability, scope, incident log, and a CycloneDX bill of materials');
  documentCommand(command, 'register', 'the AI system register: every system with every recorded decision, its vendors and incidents', 'csv');
  documentCommand(command, 'soa', 'the statement of applicability: all 38 Annex A controls, applicable or not, justified from the inventory, with implementation status, owner and evidence', 'md');
  documentCommand(command, 'scope', 'the clause 4.3 scope statement: context (4.1, 4.2), boundaries, interfaces, dependencies, AI systems in scope, exclusions', 'md').option('--json', 'the same as --format json');
  documentCommand(command, 'incidents', 'the AI incident log: what happened, investigation, corrective action, escalation', 'md');
  command
    .command('pack')
    .description('every document in every format and the BOM, into one folder for the auditor: one version, one date')
    .requiredOption('--output <dir>', 'the folder to write (created when missing)')
    .option('--organisation <name>', "the organisation's name on the documents (default: the organisation record's)")
    .action(async (flags: { output: string; organisation?: string }) => {
      mkdirSync(flags.output, { recursive: true });
      await withContext(async ({ database, catalog }) => {
        const options = flags.organisation ? { organisation: flags.organisation } : {};
        const written: string[] = [];
        for (const kind of [...DOCUMENT_KINDS, 'cyclonedx'] as const) {
          for (const format of kind === 'cyclonedx' ? [undefined] : EXPORT_FORMATS) {
            const document = await exportDocument(database.db, catalog, kind, { ...options, ...(format ? { format } : {}) });
            const file = join(flags.output, document.filename);
            await pipeline(typeof document.body === 'string' ? [document.body] : document.body, createWriteStream(file));
            written.push(document.filename);
          }
        }
        process.stdout.write(`${written.map((name) => `${name}\n`).join('')}${written.length} files written to ${flags.output}\n`);
      });
    });
  command
    .command('cyclonedx')
    .description('a CycloneDX 1.6 JSON BOM of the AI services and components in use, checked against the 1.6 schema')
    .option('--organisation <name>', "the organisation the BOM describes (default: the organisation record's name)")
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: ExportFlags) => {
      await withContext(async ({ database, catalog }) => {
        await write(await exportDocument(database.db, catalog, 'cyclonedx', flags.organisation ? { organisation: flags.organisation } : {}), flags.output);
      });
    });
}
