import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { OperationError } from '../domain/errors.js';
import { toCycloneDx } from '../register/exports/cyclonedx.js';
import { validateCycloneDx } from '../register/exports/cyclonedx-validate.js';
import { exportRegister, type RegisterExportEntry } from '../register/exports/register.js';
import { scopeMarkdown, scopeStatement } from '../register/exports/scope.js';
import { exportSoa } from '../register/exports/soa.js';
import { statementOfApplicability } from '../register/requirements.js';
import { suggestRoles } from '../register/roles.js';
import { suggestTier } from '../register/triage.js';
import { VERSION } from '../version.js';
import { registerEntries } from './register-entries.js';

/** Systems a reviewer judged "not AI" stay in the register (the decision is auditable) but in no AI-only output. */
const isAi = (entry: RegisterExportEntry): boolean => entry.status !== 'not_ai';

/** Register entries with unshadow's suggestions until reviewers decide: roles and risk tier. */
async function suggested(db: Db, catalog: Catalog): Promise<RegisterExportEntry[]> {
  return (await registerEntries(db, catalog)).map((entry) => ({ ...entry, suggestedRoles: suggestRoles(entry).roles, riskTier: suggestTier(entry).tier }));
}

export const EXPORT_KINDS = ['register', 'cyclonedx', 'soa', 'scope'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = 'csv' | 'json' | 'md';

export interface ExportDocument {
  body: string;
  contentType: string;
  /** A file name for downloads. */
  filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json', md: 'text/markdown; charset=utf-8' };

/**
 * The documents auditors ask for, for the CLI and the API alike: the register, a CycloneDX BOM
 * (checked against the 1.6 schema), the statement of applicability and a draft scope.
 */
export async function exportDocument(db: Db, catalog: Catalog, kind: ExportKind, options: { format?: ExportFormat; organisation?: string } = {}): Promise<ExportDocument> {
  const entries = await suggested(db, catalog);
  const day = new Date().toISOString().slice(0, 10);
  switch (kind) {
    case 'register': {
      const format = options.format ?? 'csv';
      return { body: exportRegister(entries, format), contentType: CONTENT_TYPES[format], filename: `ai-register-${day}.${format}` };
    }
    case 'cyclonedx': {
      const bom = toCycloneDx(entries.filter(isAi), { organisation: options.organisation ?? 'Organisation', timestamp: new Date().toISOString(), toolVersion: VERSION });
      const errors = await validateCycloneDx(bom);
      if (errors.length > 0) throw new OperationError(`the BOM does not validate against CycloneDX 1.6: ${errors.slice(0, 5).join('; ')}`);
      return { body: `${JSON.stringify(bom, null, 2)}\n`, contentType: 'application/vnd.cyclonedx+json', filename: `ai-bom-${day}.cdx.json` };
    }
    case 'soa': {
      const format = options.format ?? 'md';
      const ai = entries.filter(isAi);
      const rows = statementOfApplicability(ai.map((entry) => ({ entry, roles: entry.roles ?? entry.suggestedRoles ?? [] })));
      return { body: exportSoa(rows, format), contentType: CONTENT_TYPES[format], filename: `statement-of-applicability-${day}.${format}` };
    }
    case 'scope': {
      const scope = scopeStatement(entries, options.organisation ?? 'the organisation');
      const json = options.format === 'json';
      return { body: json ? `${JSON.stringify(scope, null, 2)}\n` : scopeMarkdown(scope), contentType: CONTENT_TYPES[json ? 'json' : 'md'], filename: `aims-scope-${day}.${json ? 'json' : 'md'}` };
    }
  }
}
