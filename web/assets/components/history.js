/**
 * An audit history in words: who ("API token 'demo'", "carol"), what, which answer, before and
 * after as people read them. The server writes the words; newest first.
 */
import { time, value } from '../format.js';
import { dataTable } from './table.js';

export function historyTable(entries, { caption = 'Audit history', empty = 'No changes recorded yet.' } = {}) {
  const ordered = entries.map((entry, i) => ({ entry, i })).sort((a, b) => String(b.entry.at).localeCompare(String(a.entry.at)) || b.i - a.i);
  return dataTable({
    caption,
    columns: [{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'Answer' }, { label: 'Before' }, { label: 'After' }, { label: 'Why' }],
    rows: ordered.map(({ entry }) => [time(entry.at), entry.who ?? entry.actor, entry.what ?? entry.action, entry.fieldLabel ?? '—', entry.beforeText ?? value(entry.before), entry.afterText ?? value(entry.after), value(entry.reason)]),
    rowHeader: true,
    empty,
  });
}
