/**
 * The statement of applicability (`unshadow export soa`): every ISO/IEC 42001 Annex A control,
 * applicable or not, with the justification derived from the register. Pure.
 */
import type { SoaRow } from '../requirements.js';
import { toCsv } from './csv.js';
import { markdownTable } from './markdown.js';
import type { RegisterFormat } from './register.js';

export function exportSoa(rows: readonly SoaRow[], format: RegisterFormat): string {
  switch (format) {
    case 'csv':
      return toCsv(
        ['control', 'title', 'applicable', 'justification', 'ai_systems'],
        rows.map((row) => [row.id, row.title, row.applicable ? 'yes' : 'no', row.justification, row.systems.join(' ')]),
      );
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'md': {
      const applicable = rows.filter((row) => row.applicable).length;
      return `# Statement of applicability (ISO/IEC 42001 Annex A)\n\n${applicable} of ${rows.length} controls applicable.\n\n${markdownTable(
        ['Control', 'Title', 'Applicable', 'Justification', 'AI systems'],
        rows.map((row) => [row.id, row.title, row.applicable ? 'yes' : 'no', row.justification, row.systems.length]),
      )}`;
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown format: ${String(unknown)}`);
    }
  }
}
