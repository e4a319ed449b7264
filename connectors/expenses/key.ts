import { createHash } from 'node:crypto';
import type { ExpenseRecord } from './read.js';

/**
 * What makes two expense rows the same record: the export's own transaction id when it has
 * one, else the row's content.
 */
export function expenseContentId(record: ExpenseRecord): string {
  if (record.sourceId) return `id:${record.sourceId}`;
  const a = record.attributes;
  return ['row', a.date, a.merchant, a.amount.toFixed(4), a.currency, a.employee ?? '', a.memo ?? ''].join('\u001f');
}

/**
 * The stable key of an expense row. Rows without a transaction id add their occurrence among
 * identical rows (two coffees on the same day at the same price are two rows), so the same
 * file always yields the same keys and a re-import changes nothing.
 */
export function expenseKey(contentId: string, occurrence: number): string {
  if (contentId.startsWith('id:')) return `expense:${contentId}`;
  const digest = createHash('sha256').update(contentId).digest('base64url').slice(0, 24);
  return `expense:row:${digest}:${occurrence}`;
}
