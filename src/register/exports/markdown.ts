/**
 * Markdown (GitHub-flavoured) table helpers shared by the register, scope and SoA exports.
 * Pure: no I/O.
 */

export type MarkdownCell = string | number | boolean | null | undefined;

/**
 * One table cell as Markdown text: a pipe would end the cell, so it is escaped (`\|`); a line
 * break would end the row, so CRLF, CR and LF become `<br>`. A backslash before a pipe is doubled
 * first so that an input `\|` cannot un-escape our escape. null/undefined give an empty cell.
 */
export function escapeMarkdownCell(value: MarkdownCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return text
    .replace(/\\(?=\|)/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
    .trim();
}

/** A table: header row, delimiter row and one row per record, each line ended by LF. */
export function markdownTable(headers: string[], rows: MarkdownCell[][]): string {
  const line = (cells: MarkdownCell[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const out = [line(headers), `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = headers.map((_, i) => row[i]);
    out.push(line(cells));
  }
  return `${out.join('\n')}\n`;
}
