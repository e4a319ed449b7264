/**
 * The AI system register (`unshadow export register --format csv|json|md`): one row per AI system
 * with what an ISO/IEC 42001 auditor asks for — role, use context, reach, exposure, human
 * oversight, vendor due diligence (Annex A.10.3) and the evidence behind the record.
 * Pure: arrays of RegisterEntry in, strings out; the same input gives the same bytes.
 */
import type { OrgRole, RegisterEntry, RiskTier, UseDomain, VendorDiligence } from '../../domain/register.js';
import { toCsv, type CsvCell } from './csv.js';
import { markdownTable } from './markdown.js';

/** A register entry plus what the exports show when the caller knows it. */
export interface RegisterExportEntry extends RegisterEntry {
  /** Roles unshadow suggested from the evidence; `roles` holds the reviewer's decision. */
  suggestedRoles?: OrgRole[];
  /** Triage tier (decided, or suggested when nothing was decided). */
  riskTier?: RiskTier;
}

export type RegisterFormat = 'csv' | 'json' | 'md';
export const REGISTER_FORMATS: readonly RegisterFormat[] = ['csv', 'json', 'md'];

/** One register row; the key order is the JSON contract. */
export interface RegisterRow {
  id: string;
  vendor: string;
  product: string;
  category: string;
  status: string;
  suggestedRoles: OrgRole[];
  roles: OrgRole[];
  riskTier: RiskTier | null;
  purpose: string | null;
  owner: string | null;
  departments: string[];
  domain: UseDomain | null;
  users: number;
  monthlySpend: { amount: number; currency: string } | null;
  exposure: 'none' | 'low' | 'medium' | 'high' | null;
  oversightReviewer: string | null;
  vendorDueDiligence: string;
  /** Observation counts by kind, kinds in a fixed order, zero counts left out. */
  evidenceSources: Record<string, number>;
}

const SOURCE_ORDER = ['licence', 'oauth_grant', 'app_install', 'expense', 'dependency', 'repo_artefact'];

const CERTIFICATION_LABELS: Record<VendorDiligence['certifications'][number], string> = {
  iso42001: 'ISO/IEC 42001',
  iso27001: 'ISO/IEC 27001',
  iso27701: 'ISO/IEC 27701',
  soc2: 'SOC 2',
};

function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function orderedSources(sources: Record<string, number>): Record<string, number> {
  const known = SOURCE_ORDER.filter((kind) => (sources[kind] ?? 0) > 0);
  const other = Object.keys(sources)
    .filter((kind) => !SOURCE_ORDER.includes(kind) && (sources[kind] ?? 0) > 0)
    .sort(compareText);
  return Object.fromEntries([...known, ...other].map((kind) => [kind, sources[kind]!]));
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** A one-line summary of the vendor due diligence, or `not recorded`. */
export function summariseVendorDiligence(diligence: VendorDiligence | undefined): string {
  if (!diligence) return 'not recorded';
  const certs = [...new Set(diligence.certifications ?? [])].map((c) => CERTIFICATION_LABELS[c] ?? c);
  const parts = [certs.length > 0 ? `certifications: ${certs.join(', ')}` : 'certifications: none recorded'];
  if (diligence.dataProcessingAgreement !== undefined) parts.push(`DPA: ${yesNo(diligence.dataProcessingAgreement)}`);
  if (diligence.trainsOnCustomerData !== undefined) parts.push(`trains on customer data: ${yesNo(diligence.trainsOnCustomerData)}`);
  if (diligence.incidentNotification) parts.push(`incident notification: ${diligence.incidentNotification}`);
  if (diligence.modelDocumentation !== undefined) parts.push(`model documentation: ${diligence.modelDocumentation ? 'received' : 'not received'}`);
  parts.push(diligence.reviewedOn ? `reviewed ${diligence.reviewedOn}` : 'review date not recorded');
  return parts.join('; ');
}

/** The register rows, ordered by vendor, product and id. */
export function registerRows(entries: readonly RegisterExportEntry[]): RegisterRow[] {
  return [...entries]
    .sort((a, b) => compareText(a.vendor, b.vendor) || compareText(a.product, b.product) || compareText(a.id, b.id))
    .map((entry) => ({
      id: entry.id,
      vendor: entry.vendor,
      product: entry.product,
      category: entry.category,
      status: entry.status,
      suggestedRoles: [...(entry.suggestedRoles ?? [])],
      roles: [...(entry.roles ?? [])],
      riskTier: entry.riskTier ?? null,
      purpose: entry.useContext?.purpose ?? null,
      owner: entry.useContext?.owner ?? null,
      departments: [...(entry.useContext?.departments ?? [])],
      domain: entry.useContext?.domain ?? null,
      users: entry.users,
      monthlySpend: entry.monthlySpend ? { amount: entry.monthlySpend.amount, currency: entry.monthlySpend.currency } : null,
      exposure: entry.exposure ?? null,
      oversightReviewer: entry.oversight?.reviewer ?? null,
      vendorDueDiligence: summariseVendorDiligence(entry.vendorDiligence),
      evidenceSources: orderedSources(entry.sources ?? {}),
    }));
}

const list = (values: readonly string[]) => values.join('; ');
const sourcesText = (sources: Record<string, number>) =>
  Object.entries(sources)
    .map(([kind, n]) => `${kind}: ${n}`)
    .join('; ');

interface Column {
  csv: string;
  label: string;
  csvCell: (row: RegisterRow) => CsvCell;
  mdCell?: (row: RegisterRow) => string | number | null;
}

/** CSV headers (snake_case, stable) and Markdown labels, in register order. */
export const REGISTER_COLUMNS: readonly Column[] = [
  { csv: 'id', label: 'ID', csvCell: (r) => r.id },
  { csv: 'vendor', label: 'Vendor', csvCell: (r) => r.vendor },
  { csv: 'product', label: 'Product', csvCell: (r) => r.product },
  { csv: 'category', label: 'Category', csvCell: (r) => r.category },
  { csv: 'status', label: 'Status', csvCell: (r) => r.status },
  { csv: 'suggested_roles', label: 'Suggested roles', csvCell: (r) => list(r.suggestedRoles) },
  { csv: 'roles', label: 'Roles (decided)', csvCell: (r) => list(r.roles) },
  { csv: 'risk_tier', label: 'Risk tier', csvCell: (r) => r.riskTier },
  { csv: 'purpose', label: 'Purpose', csvCell: (r) => r.purpose },
  { csv: 'owner', label: 'Owner', csvCell: (r) => r.owner },
  { csv: 'departments', label: 'Departments', csvCell: (r) => list(r.departments) },
  { csv: 'domain', label: 'Domain', csvCell: (r) => r.domain },
  { csv: 'users', label: 'Users', csvCell: (r) => r.users },
  {
    csv: 'monthly_spend',
    label: 'Monthly spend',
    csvCell: (r) => r.monthlySpend?.amount ?? null,
    mdCell: (r) => (r.monthlySpend ? `${r.monthlySpend.amount.toFixed(2)} ${r.monthlySpend.currency}` : null),
  },
  { csv: 'currency', label: 'Currency', csvCell: (r) => r.monthlySpend?.currency ?? null },
  { csv: 'exposure', label: 'Exposure', csvCell: (r) => r.exposure },
  { csv: 'oversight_reviewer', label: 'Oversight reviewer', csvCell: (r) => r.oversightReviewer },
  { csv: 'vendor_due_diligence', label: 'Vendor due diligence', csvCell: (r) => r.vendorDueDiligence },
  { csv: 'evidence_sources', label: 'Evidence sources', csvCell: (r) => sourcesText(r.evidenceSources) },
];

/** Markdown leaves out the currency column: the spend cell already carries it. */
const MD_COLUMNS = REGISTER_COLUMNS.filter((c) => c.csv !== 'currency');

/** The register as CSV (CRLF, injection-safe), JSON (array of RegisterRow, LF-ended) or a Markdown table. */
export function exportRegister(entries: readonly RegisterExportEntry[], format: RegisterFormat): string {
  const rows = registerRows(entries);
  switch (format) {
    case 'csv':
      return toCsv(
        REGISTER_COLUMNS.map((c) => c.csv),
        rows.map((row) => REGISTER_COLUMNS.map((c) => c.csvCell(row))),
      );
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'md':
      return markdownTable(
        MD_COLUMNS.map((c) => c.label),
        rows.map((row) => MD_COLUMNS.map((c) => (c.mdCell ? c.mdCell(row) : c.csvCell(row)))),
      );
    default: {
      const unknown: never = format;
      throw new Error(`unknown register format: ${String(unknown)}`);
    }
  }
}
