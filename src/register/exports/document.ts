/**
 * The documents an ISO/IEC 42001 auditor reads (register, statement of applicability, scope,
 * incident log) share one model: a document control block (title, organisation, version, date,
 * owner, approval), a summary, and sections of text and tables in words. Each format renders the
 * same model: Markdown here, XLSX in xlsx.ts, JSON as it is, and the console prints it as HTML.
 * Pure: no I/O, no clock (the date is an input).
 */
import { escapeMarkdownCell, markdownTable } from './markdown.js';

export type Cell = string | number | null;

export interface Column {
  key: string;
  label: string;
  /** Spreadsheet column width in characters. */
  width?: number;
}

export interface Table {
  /** Spreadsheet sheet name: 31 characters at most, no []:*?/\ (Excel's rules). */
  sheet: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

export interface Section {
  heading: string;
  paragraphs?: string[];
  /** A list of points. */
  items?: string[];
  table?: Table;
}

/** The latest approval of a document kind, and whether it approved this very version. */
export interface Approval {
  approvedBy: string;
  approvedOn: string;
  version: string;
  /** True when the approved version is the one this document is. */
  current: boolean;
}

export interface DocumentControl {
  kind: string;
  title: string;
  /** A stable document identifier, e.g. AIMS-SOA. */
  identifier: string;
  organisation: string;
  /** `r` and the last audit entry the document reflects: same version, same decisions. */
  version: string;
  /** ISO 8601, UTC. */
  generatedAt: string;
  generator: string;
  owner: string | null;
  classification: string | null;
  /** The requirement the document answers, e.g. "ISO/IEC 42001:2023 clause 6.1.3 d)". */
  basis: string;
  approval: Approval | null;
}

export interface AuditDocument {
  control: DocumentControl;
  summary: string[];
  sections: Section[];
}

/** "Approved by … on … (this version)", or why this version is not approved. */
export function approvalStatement(control: DocumentControl): string {
  const approval = control.approval;
  if (!approval) return `Not approved yet: version ${control.version} awaits approval.`;
  if (approval.current) return `Approved by ${approval.approvedBy} on ${approval.approvedOn} (this version, ${approval.version}).`;
  return `Version ${control.version} is not approved: the last approval, by ${approval.approvedBy} on ${approval.approvedOn}, was of version ${approval.version}; the register has changed since.`;
}

/** The document control block as label/value pairs, in the order every format prints them. */
export function controlRows(control: DocumentControl): [string, string][] {
  return [
    ['Document', `${control.title} (${control.identifier})`],
    ['Organisation', control.organisation],
    ['Version', control.version],
    ['Generated', `${control.generatedAt.replace('T', ' ').slice(0, 16)} UTC by ${control.generator}`],
    ['Owner', control.owner ?? 'not recorded (set the document owner in the organisation record)'],
    ['Classification', control.classification ?? 'not recorded'],
    ['Basis', control.basis],
    ['Approval', approvalStatement(control)],
  ];
}

/** The approval block a signature goes into; a recorded approval fills its line. */
export function approvalRows(control: DocumentControl): [string, string, string][] {
  const approval = control.approval?.current ? control.approval : null;
  return [
    ['Prepared by', control.owner ?? '', control.generatedAt.slice(0, 10)],
    ['Approved by', approval?.approvedBy ?? '', approval?.approvedOn ?? ''],
  ];
}

function tableMarkdown(table: Table): string {
  return markdownTable(
    table.columns.map((c) => c.label),
    table.rows.map((row) => table.columns.map((c) => row[c.key] ?? '')),
  ).trimEnd();
}

/** The whole document as GitHub-flavoured Markdown. */
export function documentMarkdown(doc: AuditDocument): string {
  const { control } = doc;
  const lines: string[] = [`# ${control.title} — ${control.organisation}`, '', markdownTable(['Document control', ''], controlRows(control)).trimEnd(), ''];
  for (const line of doc.summary) lines.push(line, '');
  for (const section of doc.sections) {
    lines.push(`## ${section.heading}`, '');
    for (const paragraph of section.paragraphs ?? []) lines.push(paragraph, '');
    if (section.items?.length) lines.push(...section.items.map((item) => `- ${escapeMarkdownCell(item)}`), '');
    if (section.table) lines.push(section.table.rows.length ? tableMarkdown(section.table) : 'None.', '');
  }
  lines.push('## Approval', '', markdownTable(['Role', 'Name', 'Date', 'Signature'], approvalRows(control).map(([role, name, date]) => [role, name, date, ''])).trimEnd(), '');
  return `${lines.join('\n')}`;
}

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\ . */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet';
}
