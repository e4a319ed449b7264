/**
 * RFC 4180 CSV with formula-injection neutralisation (OWASP "CSV Injection"): a string cell that
 * starts with `=`, `+`, `-`, `@`, TAB or CR is prefixed with a single quote so a spreadsheet shows
 * it as text instead of evaluating it. Numbers are written as numbers: a negative number is data,
 * not a formula, so pass numeric values as `number`, never as pre-formatted strings.
 * Pure: no I/O.
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a string with `'` when a spreadsheet would read it as a formula. */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

/** One cell as CSV text: neutralised, then quoted when it holds a separator, quote or line break. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseFormula(value);
  // `;` is quoted too: spreadsheets in many locales use it as the list separator.
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header record and the rows, each record ended by CRLF. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
  const lines = [headers, ...rows].map((record) => record.map(csvCell).join(','));
  return lines.map((line) => `${line}\r\n`).join('');
}
