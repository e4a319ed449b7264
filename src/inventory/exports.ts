import { PassThrough, type Readable } from 'node:stream';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { OperationError } from '../domain/errors.js';
import type { DocumentKind } from '../domain/organisation.js';
import { toCycloneDx } from '../register/exports/cyclonedx.js';
import { validateCycloneDx } from '../register/exports/cyclonedx-validate.js';
import { type AuditDocument, type DocumentControl, documentMarkdown } from '../register/exports/document.js';
import { exportIncidents, incidentsDocument } from '../register/exports/incidents.js';
import { exportRegister, registerDocument, type RegisterExportEntry } from '../register/exports/register.js';
import { exportScopeCsv, scopeDocument, scopeStatement } from '../register/exports/scope.js';
import { exportSoa, soaDocument } from '../register/exports/soa.js';
import { writeDocumentXlsx } from '../register/exports/xlsx.js';
import { statementOfApplicability } from '../register/requirements.js';
import { suggestRoles } from '../register/roles.js';
import { suggestTier } from '../register/triage.js';
import { VERSION } from '../version.js';
import { documentControl } from './documents.js';
import type { ExportFormat, ExportKind } from './export-formats.js';
import { listIncidents } from './incidents.js';
import { controlRecordMap, getOrganisation } from './organisation.js';
import { registerEntries } from './register-entries.js';

/** Systems a reviewer judged "not AI" stay in the register (the decision is auditable) but in no AI-only output. */
const isAi = (entry: RegisterExportEntry): boolean => entry.status !== 'not_ai';

/** Register entries with unshadow's suggestions until reviewers decide: roles and risk tier. */
async function suggested(db: Db, catalog: Catalog): Promise<RegisterExportEntry[]> {
  return (await registerEntries(db, catalog)).map((entry) => ({ ...entry, suggestedRoles: suggestRoles(entry).roles, riskTier: suggestTier(entry).tier }));
}

export { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from './export-formats.js';

export interface ExportDocument {
  /** Text, or a stream for spreadsheets (written as it is read, never whole in memory). */
  body: string | Readable;
  contentType: string;
  /** A file name for downloads: document, organisation, version and date. */
  filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  'json-document': 'application/json',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', 'json-document': 'document.json', md: 'md', xlsx: 'xlsx' };

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);

function filename(stem: string, control: DocumentControl, format: ExportFormat): string {
  const organisation = slug(control.organisation) || 'organisation';
  return `${stem}-${organisation}-${control.version}-${control.generatedAt.slice(0, 10)}.${EXTENSIONS[format]}`;
}

/** What each document kind gives, before a format renders it. */
interface Built {
  document: AuditDocument;
  /** The machine rows (`csv`, `json`, and `rows` of `json-document`). */
  rows: unknown;
  csv: () => string;
}

async function build(db: Db, catalog: Catalog, kind: DocumentKind, control: DocumentControl): Promise<Built> {
  switch (kind) {
    case 'register': {
      const entries = await suggested(db, catalog);
      return { document: registerDocument(entries, control), rows: JSON.parse(exportRegister(entries, 'json')) as unknown, csv: () => exportRegister(entries, 'csv') };
    }
    case 'soa': {
      const ai = (await suggested(db, catalog)).filter(isAi);
      const rows = statementOfApplicability(
        ai.map((entry) => ({ entry, roles: entry.roles ?? entry.suggestedRoles ?? [] })),
        await controlRecordMap(db),
      );
      const names = new Map(ai.map((entry) => [entry.id, entry.product]));
      return { document: soaDocument(rows, names, control), rows, csv: () => exportSoa(rows, 'csv') };
    }
    case 'scope': {
      const scope = scopeStatement(await suggested(db, catalog), control.organisation, await getOrganisation(db));
      const document = scopeDocument(scope, control);
      // The scope's JSON has always been one object; the document control joins it as a field.
      return { document, rows: { ...scope, document: control }, csv: () => exportScopeCsv(scope) };
    }
    case 'incidents': {
      const incidents = await listIncidents(db);
      return { document: incidentsDocument(incidents, control), rows: incidents, csv: () => exportIncidents(incidents, 'csv') };
    }
  }
}

const STEMS: Record<DocumentKind, string> = { register: 'ai-register', soa: 'statement-of-applicability', scope: 'aims-scope', incidents: 'ai-incidents' };
const DEFAULT_FORMATS: Record<DocumentKind, ExportFormat> = { register: 'csv', soa: 'md', scope: 'md', incidents: 'md' };

/** One document as its model: what the console prints and `json-document` carries. */
export async function auditDocument(db: Db, catalog: Catalog, kind: DocumentKind, options: { organisation?: string } = {}): Promise<AuditDocument & { rows: unknown }> {
  const control = await documentControl(db, kind, options);
  const built = await build(db, catalog, kind, control);
  return { ...built.document, rows: built.rows };
}

/**
 * The documents auditors ask for, for the CLI and the API alike: the register, the statement of
 * applicability, the scope and the incident log in every format, and a CycloneDX BOM (checked
 * against the 1.6 schema) naming the organisation.
 */
export async function exportDocument(db: Db, catalog: Catalog, kind: ExportKind, options: { format?: ExportFormat; organisation?: string } = {}): Promise<ExportDocument> {
  if (kind === 'cyclonedx') {
    const control = await documentControl(db, 'register', options);
    const bom = toCycloneDx((await suggested(db, catalog)).filter(isAi), { organisation: control.organisation, timestamp: control.generatedAt, toolVersion: VERSION });
    const errors = await validateCycloneDx(bom);
    if (errors.length > 0) throw new OperationError(`the BOM does not validate against CycloneDX 1.6: ${errors.slice(0, 5).join('; ')}`);
    return { body: `${JSON.stringify(bom, null, 2)}\n`, contentType: 'application/vnd.cyclonedx+json', filename: `ai-bom-${slug(control.organisation) || 'organisation'}-${control.generatedAt.slice(0, 10)}.cdx.json` };
  }
  const format = options.format ?? DEFAULT_FORMATS[kind];
  const control = await documentControl(db, kind, options);
  const built = await build(db, catalog, kind, control);
  const name = filename(STEMS[kind], control, format);
  switch (format) {
    case 'md':
      return { body: documentMarkdown(built.document), contentType: CONTENT_TYPES.md, filename: name };
    case 'csv':
      return { body: built.csv(), contentType: CONTENT_TYPES.csv, filename: name };
    case 'json':
      return { body: `${JSON.stringify(built.rows, null, 2)}\n`, contentType: CONTENT_TYPES.json, filename: name };
    case 'json-document':
      return { body: `${JSON.stringify({ document: control, summary: built.document.summary, sections: built.document.sections, rows: built.rows }, null, 2)}\n`, contentType: CONTENT_TYPES.json, filename: name };
    case 'xlsx': {
      const stream = new PassThrough();
      writeDocumentXlsx(built.document, stream).catch((error: unknown) => stream.destroy(error as Error));
      return { body: stream, contentType: CONTENT_TYPES.xlsx, filename: name };
    }
  }
}
