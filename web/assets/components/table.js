/**
 * Data tables inside a scrolling wrapper, so a wide table scrolls on a phone instead of the
 * page. The wrapper is a named, focusable region: keyboard users can scroll it too.
 */
import { h, uid } from '../dom.js';

/**
 * columns: [{ label, className? }]; rows: arrays of cells (text or nodes). `rowHeader` makes a
 * cell the row's <th scope="row">: true for the first, or the index of another.
 */
export function dataTable({ caption, columns, rows, rowHeader = false, empty = 'Nothing to show.', captionHidden = false, className }) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  const captionId = uid('caption');
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h(
      'table',
      { class: className },
      h('caption', { id: captionId, class: captionHidden ? 'sr-only' : undefined }, caption),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className }, column.label)))),
      h('tbody', {}, rows.map((cells) => tableRow(cells, columns, rowHeader))),
    ),
  );
}

export function tableRow(cells, columns, rowHeader = false, attrs = {}) {
  const headerAt = rowHeader === true ? 0 : rowHeader === false ? -1 : rowHeader;
  return h(
    'tr',
    attrs,
    cells.map((cell, i) => (i === headerAt ? h('th', { scope: 'row', class: columns[i]?.className }, cell) : h('td', { class: columns[i]?.className }, cell))),
  );
}
