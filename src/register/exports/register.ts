/**
 * The AI system register (`unshadow export register --format csv|json|md`): one row per AI system
 * with what an ISO/IEC 42001 auditor asks for — role, use context, reach, exposure, human
 * oversight, vendor due diligence (Annex A.10.3) and the evidence behind the record.
 * Pure: arrays of RegisterEntry in, strings out; the same input gives the same bytes.
 */
import { CATEGORY_LABELS } from '../../domain/taxonomy.js';
import { reviewDueOn, type OrgRole, type RegisterEntry, type RiskTier, type UseDomain, type VendorDiligence } from '../../domain/register.js';
import { CERTIFICATION_LABELS, DOMAIN_LABELS, EXPOSURE_LABELS, INCIDENT_STATUS_LABELS, ROLE_LABELS, SEVERITY_LABELS, SOURCE_LABELS, STATUS_LABELS, TIER_LABELS, words, yesNo as yesNoWords } from '../../domain/words.js';
import { toCsv, type CsvCell } from './csv.js';
import type { AuditDocument, DocumentControl, Table } from './document.js';

/** A register entry plus what the exports show when the caller knows it. */
export interface RegisterExportEntry extends RegisterEntry {
  /** Roles unshadow suggested from the evidence; `roles` holds the reviewer's decision. */
  suggestedRoles?: OrgRole[];
  /** Triage tier (decided, or suggested when nothing was decided). */
  riskTier?: RiskTier;
}

/** The machine formats: rows with codes, for scripts and GRC tools. People read the document (document.ts). */
export type RegisterFormat = 'csv' | 'json';

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
  oversightWhen: string | null;
  oversightOverride: string | null;
  conditions: string | null;
  decisionsAffected: string | null;
  dataCategories: string[];
  /** Who took the last status decision (in words), when, and the note given. */
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Monthly average spend in every currency, the largest first. */
  spend: { currency: string; monthlyAverage: number; total: number; months: number }[];
  vendorDiligence: VendorDiligence | null;
  incidents: { reference: string; title: string; status: string; severity: string; correctiveAction: string | null }[];
  /** The evidence in a sentence per source: records, dates, connections. */
  evidence: string[];
  firstSeen: string | null;
  lastSeen: string | null;
}

const SOURCE_ORDER = ['licence', 'oauth_grant', 'app_install', 'expense', 'dependency', 'repo_artefact'];

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
  if (diligence.dataResidency) parts.push(`data residency: ${diligence.dataResidency}`);
  if (diligence.subprocessors?.length) parts.push(`subprocessors: ${diligence.subprocessors.join(', ')}`);
  if (diligence.owner) parts.push(`owner: ${diligence.owner}`);
  if (diligence.documents?.length) parts.push(`documents: ${diligence.documents.map((d) => `${d.title} (${d.reference})`).join(', ')}`);
  parts.push(diligence.reviewedOn ? `reviewed ${diligence.reviewedOn}` : 'review date not recorded');
  const due = reviewDueOn(diligence);
  if (due && diligence.reviewedOn) parts.push(`next review ${due}`);
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
      oversightWhen: entry.oversight?.when ?? null,
      oversightOverride: entry.oversight?.override ?? null,
      conditions: entry.conditions ?? null,
      decisionsAffected: entry.useContext?.decisions ?? null,
      dataCategories: [...(entry.useContext?.dataCategories ?? [])],
      decidedBy: entry.decision?.by ?? null,
      decidedAt: entry.decision?.at ?? null,
      decisionNote: entry.decision?.note ?? null,
      spend: (entry.spend ?? (entry.monthlySpend ? [{ currency: entry.monthlySpend.currency, monthlyAverage: entry.monthlySpend.amount, total: entry.monthlySpend.amount, months: 1 }] : [])).map((s) => ({ currency: s.currency, monthlyAverage: s.monthlyAverage, total: s.total, months: s.months })),
      vendorDiligence: entry.vendorDiligence ?? null,
      incidents: (entry.incidents ?? []).map((i) => ({ reference: i.reference, title: i.title, status: i.status, severity: i.severity, correctiveAction: i.correctiveAction ?? null })),
      evidence: [...(entry.evidenceSummary ?? [])],
      firstSeen: entry.firstSeen ?? null,
      lastSeen: entry.lastSeen ?? null,
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
}

const spendText = (row: RegisterRow) => row.spend.map((s) => `${s.currency} ${s.monthlyAverage.toFixed(2)}`).join('; ');
const incidentsText = (row: RegisterRow) => row.incidents.map((i) => `${i.reference} ${i.status}: ${i.title}${i.correctiveAction ? ` (corrective action: ${i.correctiveAction})` : ''}`).join('; ');

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
  { csv: 'monthly_spend', label: 'Monthly spend', csvCell: (r) => r.monthlySpend?.amount ?? null },
  { csv: 'currency', label: 'Currency', csvCell: (r) => r.monthlySpend?.currency ?? null },
  { csv: 'exposure', label: 'Exposure', csvCell: (r) => r.exposure },
  { csv: 'oversight_reviewer', label: 'Oversight reviewer', csvCell: (r) => r.oversightReviewer },
  { csv: 'vendor_due_diligence', label: 'Vendor due diligence', csvCell: (r) => r.vendorDueDiligence },
  { csv: 'evidence_sources', label: 'Evidence sources', csvCell: (r) => sourcesText(r.evidenceSources) },
  // Added after the first release: new columns go at the end, so scripts reading by position keep working.
  { csv: 'oversight_when', label: 'Oversight: when', csvCell: (r) => r.oversightWhen },
  { csv: 'oversight_override', label: 'Oversight: how to override', csvCell: (r) => r.oversightOverride },
  { csv: 'conditions', label: 'Conditions', csvCell: (r) => r.conditions },
  { csv: 'decisions_affected', label: 'Decisions affected', csvCell: (r) => r.decisionsAffected },
  { csv: 'data_categories', label: 'Data categories', csvCell: (r) => list(r.dataCategories) },
  { csv: 'decided_by', label: 'Decided by', csvCell: (r) => r.decidedBy },
  { csv: 'decided_at', label: 'Decided at', csvCell: (r) => r.decidedAt },
  { csv: 'decision_note', label: 'Decision note', csvCell: (r) => r.decisionNote },
  { csv: 'spend_per_month', label: 'Spend per month (every currency)', csvCell: spendText },
  { csv: 'incidents', label: 'Incidents', csvCell: incidentsText },
  { csv: 'evidence', label: 'Evidence', csvCell: (r) => list(r.evidence) },
  { csv: 'first_seen', label: 'First seen', csvCell: (r) => r.firstSeen },
  { csv: 'last_seen', label: 'Last seen', csvCell: (r) => r.lastSeen },
];

/** The register as CSV (CRLF, injection-safe) or JSON (array of RegisterRow, LF-ended). */
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
    default: {
      const unknown: never = format;
      throw new Error(`unknown register format: ${String(unknown)}`);
    }
  }
}

const roleWords = (roles: readonly string[]) => roles.map((role) => words(ROLE_LABELS, role)).join(', ');

/** A register row in words, for people: every answer recorded, no code left to decode. */
function wordedRow(row: RegisterRow): Record<string, string | number | null> {
  const vd = row.vendorDiligence;
  return {
    id: row.id,
    vendor: row.vendor,
    product: row.product,
    category: words(CATEGORY_LABELS as Record<string, string>, row.category),
    status: words(STATUS_LABELS, row.status),
    roles: row.roles.length ? roleWords(row.roles) : `not decided (suggested: ${roleWords(row.suggestedRoles) || 'none'})`,
    tier: row.riskTier ? `${words(TIER_LABELS, row.riskTier)} (suggested)` : null,
    purpose: row.purpose,
    owner: row.owner,
    departments: row.departments.join(', ') || null,
    domain: row.domain ? words(DOMAIN_LABELS, row.domain) : null,
    decisions: row.decisionsAffected,
    data: row.dataCategories.join(', ') || null,
    oversightWho: row.oversightReviewer,
    oversightWhen: row.oversightWhen,
    oversightOverride: row.oversightOverride,
    conditions: row.conditions,
    decidedBy: row.decidedBy,
    decidedOn: row.decidedAt?.slice(0, 10) ?? null,
    decisionNote: row.decisionNote,
    users: row.users,
    spend: row.spend.map((s) => `${s.monthlyAverage.toFixed(2)} ${s.currency} a month (${s.total.toFixed(2)} over ${s.months} month${s.months === 1 ? '' : 's'})`).join('; ') || null,
    exposure: row.exposure ? words(EXPOSURE_LABELS, row.exposure) : null,
    diligence: vd ? row.vendorDueDiligence : 'Not recorded',
    incidents: row.incidents.map((i) => `${i.reference} (${words(INCIDENT_STATUS_LABELS, i.status)}, ${words(SEVERITY_LABELS, i.severity).toLowerCase()}): ${i.title}${i.correctiveAction ? `; corrective action: ${i.correctiveAction}` : ''}`).join(' | ') || null,
    evidence: row.evidence.join(' | ') || Object.entries(row.evidenceSources).map(([kind, n]) => `${words(SOURCE_LABELS, kind)}: ${n}`).join('; '),
    firstSeen: row.firstSeen?.slice(0, 10) ?? null,
    lastSeen: row.lastSeen?.slice(0, 10) ?? null,
  };
}

/** The register's columns in words, in the order an auditor reads a record. */
export const REGISTER_DOCUMENT_COLUMNS = [
  { key: 'id', label: 'ID', width: 38 },
  { key: 'vendor', label: 'Vendor' },
  { key: 'product', label: 'AI system', width: 28 },
  { key: 'category', label: 'Category' },
  { key: 'status', label: 'Decision' },
  { key: 'roles', label: 'Role of the organisation', width: 24 },
  { key: 'tier', label: 'EU AI Act risk tier' },
  { key: 'purpose', label: 'Purpose', width: 40 },
  { key: 'owner', label: 'Owner', width: 24 },
  { key: 'departments', label: 'Departments', width: 24 },
  { key: 'domain', label: 'Use domain' },
  { key: 'decisions', label: 'Decisions its outputs affect', width: 36 },
  { key: 'data', label: 'Data categories', width: 28 },
  { key: 'oversightWho', label: 'Human oversight: who', width: 24 },
  { key: 'oversightWhen', label: 'Human oversight: when', width: 28 },
  { key: 'oversightOverride', label: 'Human oversight: how to override', width: 36 },
  { key: 'conditions', label: 'Conditions', width: 40 },
  { key: 'decidedBy', label: 'Decided by', width: 22 },
  { key: 'decidedOn', label: 'Decided on', width: 12 },
  { key: 'decisionNote', label: 'Decision note', width: 36 },
  { key: 'users', label: 'People using it', width: 10 },
  { key: 'spend', label: 'Spend', width: 36 },
  { key: 'exposure', label: 'Data exposure (OAuth)', width: 12 },
  { key: 'diligence', label: 'Vendor due diligence (A.10.3)', width: 60 },
  { key: 'incidents', label: 'Incidents (10.2)', width: 48 },
  { key: 'evidence', label: 'Evidence', width: 70 },
  { key: 'firstSeen', label: 'First seen', width: 12 },
  { key: 'lastSeen', label: 'Last seen', width: 12 },
];

function countBy(rows: readonly RegisterRow[], pick: (row: RegisterRow) => string): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(pick(row), (counts.get(pick(row)) ?? 0) + 1);
  return [...counts.entries()].map(([status, n]) => `${n} ${words(STATUS_LABELS, status).toLowerCase()}`).join(', ');
}

/** The AI system register as a document: every system with every recorded answer, its vendors and incidents. */
export function registerDocument(entries: readonly RegisterExportEntry[], control: DocumentControl): AuditDocument {
  const rows = registerRows(entries);
  const ai = rows.filter((row) => row.status !== 'not_ai');
  const openIncidents = rows.flatMap((row) => row.incidents).filter((i) => i.status !== 'closed');
  const systems: Table = { sheet: 'AI systems', title: 'AI systems', columns: REGISTER_DOCUMENT_COLUMNS, rows: rows.map(wordedRow) };
  const vendorRows = [...new Map(rows.map((row) => [row.vendor, row])).values()].map((row) => {
    const vd = row.vendorDiligence;
    return {
      vendor: row.vendor,
      systems: rows.filter((r) => r.vendor === row.vendor).map((r) => r.product).join(', '),
      dpa: vd?.dataProcessingAgreement === undefined ? null : yesNoWords(vd.dataProcessingAgreement),
      certifications: vd?.certifications.map((c) => words(CERTIFICATION_LABELS, c)).join(', ') || null,
      trains: vd?.trainsOnCustomerData === undefined ? null : yesNoWords(vd.trainsOnCustomerData),
      residency: vd?.dataResidency ?? null,
      subprocessors: vd?.subprocessors?.join(', ') || null,
      notification: vd?.incidentNotification ?? null,
      owner: vd?.owner ?? null,
      documents: vd?.documents?.map((d) => `${d.title} (${d.reference})`).join('; ') || null,
      reviewedOn: vd?.reviewedOn ?? null,
      nextReview: vd ? (reviewDueOn(vd) ?? null) : null,
    };
  });
  const incidentRows = rows.flatMap((row) =>
    row.incidents.map((i) => ({ reference: i.reference, system: row.product, status: words(INCIDENT_STATUS_LABELS, i.status), severity: words(SEVERITY_LABELS, i.severity), title: i.title, correctiveAction: i.correctiveAction })),
  );
  return {
    control,
    summary: [
      `${rows.length} AI system${rows.length === 1 ? '' : 's'} in the inventory: ${countBy(rows, (row) => row.status) || 'none'}. ${rows.length - ai.length} judged not AI stay listed so the decision can be audited.`,
      `${openIncidents.length} open AI incident${openIncidents.length === 1 ? '' : 's'}.`,
      'Roles are ISO/IEC 22989 roles as ISO/IEC 42001 clause 4.1 uses them; "suggested" values are unshadow\'s reading of the evidence until a reviewer decides.',
    ],
    sections: [
      { heading: 'AI systems', table: systems },
      {
        heading: 'Vendors and their due diligence (Annex A.10.3)',
        table: {
          sheet: 'Vendors',
          title: 'Vendors',
          columns: [
            { key: 'vendor', label: 'Vendor', width: 22 },
            { key: 'systems', label: 'AI systems', width: 36 },
            { key: 'dpa', label: 'Data processing agreement', width: 12 },
            { key: 'certifications', label: 'Certifications', width: 24 },
            { key: 'trains', label: 'Trains on customer data', width: 12 },
            { key: 'residency', label: 'Data residency', width: 20 },
            { key: 'subprocessors', label: 'Subprocessors', width: 30 },
            { key: 'notification', label: 'Incident notification', width: 20 },
            { key: 'owner', label: 'Owner', width: 22 },
            { key: 'documents', label: 'Documents', width: 40 },
            { key: 'reviewedOn', label: 'Reviewed on', width: 12 },
            { key: 'nextReview', label: 'Next review', width: 12 },
          ],
          rows: vendorRows,
        },
      },
      {
        heading: 'AI incidents (clause 10.2)',
        table: {
          sheet: 'Incidents',
          title: 'Incidents',
          columns: [
            { key: 'reference', label: 'Incident', width: 10 },
            { key: 'system', label: 'AI system', width: 24 },
            { key: 'status', label: 'Status', width: 14 },
            { key: 'severity', label: 'Severity', width: 10 },
            { key: 'title', label: 'What happened', width: 40 },
            { key: 'correctiveAction', label: 'Corrective action', width: 50 },
          ],
          rows: incidentRows,
        },
      },
    ],
  };
}
