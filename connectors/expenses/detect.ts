import { UserError } from '../../src/domain/errors.js';
import { EXPENSE_FIELDS, type ExpenseField, LAYOUT_NAMES, LAYOUTS, type Layout, normaliseHeader } from './layouts.js';

export interface ResolvedLayout {
  layout: Layout;
  /** Column index of each field found in the file. */
  columns: Partial<Record<ExpenseField, number>>;
}

/** Parses `--map "Spend Date=date,Shop=merchant"` into header → field. */
export function parseColumnMap(spec: string | undefined): Map<string, ExpenseField> {
  const map = new Map<string, ExpenseField>();
  if (!spec) return map;
  for (const pair of spec.split(',')) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf('=');
    const column = at > 0 ? pair.slice(0, at).trim() : '';
    const field = at > 0 ? pair.slice(at + 1).trim().toLowerCase() : '';
    if (!column || !(EXPENSE_FIELDS as readonly string[]).includes(field)) {
      throw new UserError(
        `--map entry '${pair.trim()}' is not of the form <column header>=<field>`,
        `Fields: ${EXPENSE_FIELDS.join(', ')}. Example: --map "Spend Date=date,Shop=merchant,Total=amount"`,
      );
    }
    map.set(normaliseHeader(column), field as ExpenseField);
  }
  return map;
}

function holds(layout: Layout, present: Set<string>): boolean {
  return layout.signature.every((group) => group.some((header) => present.has(header)));
}

function resolveColumns(layout: Layout, headers: string[], map: Map<string, ExpenseField>): ResolvedLayout['columns'] {
  const index = new Map<string, number>();
  headers.forEach((header, i) => {
    if (!index.has(header)) index.set(header, i);
  });
  const columns: ResolvedLayout['columns'] = {};
  for (const field of EXPENSE_FIELDS) {
    for (const alias of layout.columns[field] ?? []) {
      const found = index.get(alias);
      if (found !== undefined) {
        columns[field] = found;
        break;
      }
    }
  }
  for (const [header, field] of map) {
    const found = index.get(header);
    if (found === undefined) {
      throw new UserError(`--map names the column '${header}', which is not in the file`, `Columns found: ${headers.join(', ')}`);
    }
    columns[field] = found;
  }
  return columns;
}

function missingFields(columns: ResolvedLayout['columns']): string[] {
  const missing: string[] = [];
  if (columns.date === undefined) missing.push('date');
  if (columns.merchant === undefined) missing.push('merchant');
  if (columns.amount === undefined && columns.debit === undefined) missing.push('amount');
  return missing;
}

/**
 * Picks the layout from the header row: the forced one, else the first specific layout whose
 * signature the headers carry, else the generic one. A file that fits none gets one error
 * naming the headers found, the layouts known and the way out (--format, --map).
 */
export function detectLayout(rawHeaders: string[], options: { format?: string; map?: string } = {}): ResolvedLayout {
  const headers = rawHeaders.map(normaliseHeader);
  const map = parseColumnMap(options.map);
  const present = new Set(headers);
  let layout: Layout | undefined;
  if (options.format) {
    layout = LAYOUTS.find((candidate) => candidate.name === options.format);
    if (!layout) throw new UserError(`unknown expense format '${options.format}'`, `Known formats: ${LAYOUT_NAMES.join(', ')}.`);
  } else {
    layout = LAYOUTS.find((candidate) => holds(candidate, present)) ?? (map.size > 0 ? LAYOUTS.find((l) => l.name === 'generic') : undefined);
  }
  const headerList = rawHeaders.map((header) => `'${header.replace(/^\ufeff/, '').trim()}'`).join(', ');
  if (!layout) {
    throw new UserError(
      `the file's columns match no known expense layout; columns found: ${headerList}`,
      `Known layouts: ${LAYOUTS.map((l) => `${l.name} (${l.label})`).join('; ')}. ` +
        'Force one with --format <name>, or name the columns with --map "<header>=date,<header>=merchant,<header>=amount".',
    );
  }
  const columns = resolveColumns(layout, headers, map);
  const missing = missingFields(columns);
  if (missing.length > 0) {
    throw new UserError(
      `the ${layout.label} layout needs a column for ${missing.join(', ')}, and none was found; columns found: ${headerList}`,
      `Name the columns with --map "<header>=${missing[0]}".`,
    );
  }
  return { layout, columns };
}
