import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../domain/errors.js';
import { DOCUMENT_KINDS } from '../../domain/organisation.js';
import { EXPORT_FORMATS, type ExportDocument, type ExportFormat, type ExportKind, exportDocument } from '../../inventory/exports.js';
import { withContext } from '../context.js';

export interface ExportFlags {
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

/** One document (a `--json` flag asks for the rows as JSON), or the CycloneDX BOM, which has one format. */
export async function exportOne(kind: ExportKind, flags: ExportFlags): Promise<void> {
  await withContext(async ({ database, catalog }) => {
    const format = kind === 'cyclonedx' ? undefined : flags.json ? 'json' : flags.format;
    await write(await exportDocument(database.db, catalog, kind, { ...(format ? { format } : {}), ...(flags.organisation ? { organisation: flags.organisation } : {}) }), flags.output);
  });
}

export async function pack(flags: { output: string; organisation?: string }): Promise<void> {
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
}
