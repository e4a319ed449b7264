/**
 * Scans with live progress: while any scan runs the list is fetched again every two seconds,
 * and stops as soon as none runs or the user leaves the page.
 */
import { api } from '../api.js';
import { h } from '../dom.js';
import { count, counted, DASH, time } from '../format.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { dataTable } from '../components/table.js';

const POLL_MS = 2000;

/** Whatever the scan counted (records, flagged, pages…), as "1,200 records, 34 flagged". */
function counts(scan) {
  const parts = Object.entries(scan.counts ?? {})
    .filter(([, n]) => typeof n === 'number')
    .map(([what, n]) => `${count(n)} ${what}`);
  return parts.length ? parts.join(', ') : DASH;
}

function progress(scan) {
  const streams = Object.entries(scan.progress ?? {});
  if (streams.length === 0) return scan.status === 'running' ? h('progress', { 'aria-label': `Scan of ${scan.connection} in progress` }) : DASH;
  return h(
    'ul',
    { class: 'compact streams' },
    streams.map(([stream, p]) =>
      h(
        'li',
        {},
        h('span', { class: 'stream__name' }, stream),
        `: ${count(p.pages ?? 0)} pages, ${count(p.records ?? 0)} records`,
        p.done ? ', done' : scan.status === 'running' ? [' ', h('progress', { 'aria-label': `${stream} of ${scan.connection} in progress` })] : '',
      ),
    ),
  );
}

function errors(scan) {
  const list = scan.errors ?? [];
  const total = scan.errorCount ?? list.length;
  if (total === 0) return DASH;
  return h(
    'details',
    { class: 'errors', open: scan.status === 'failed' },
    h('summary', {}, counted(total, 'error', 'errors')),
    h('ul', { class: 'compact' }, list.map((e) => h('li', {}, e.at ? [time(e.at), ': '] : null, e.message))),
    total > list.length ? h('p', { class: 'hint' }, `${count(total - list.length)} more not shown.`) : null,
  );
}

function table(items) {
  return dataTable({
    caption: 'Recent scans',
    columns: [{ label: 'Connection' }, { label: 'Status' }, { label: 'Trigger' }, { label: 'Started' }, { label: 'Finished' }, { label: 'Counts' }, { label: 'Progress by stream' }, { label: 'Errors' }],
    rows: items.map((scan) => [scan.connection, stateBadge(scan.status), scan.trigger ?? DASH, time(scan.startedAt), time(scan.finishedAt), counts(scan), progress(scan), errors(scan)]),
    rowHeader: true,
    empty: 'No scans yet.',
  });
}

/** onFinished() runs when a scan this page watched ends, so the connections show their last scan. */
export function scansPanel({ signal, onFinished }) {
  const element = h('div', { class: 'scans' });
  const running = new Map();
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    try {
      const { items } = await api('/api/scans', { signal });
      element.replaceChildren(table(items));
      let finished = false;
      for (const scan of items) {
        if (running.has(scan.id) && scan.status !== 'running') {
          announce(`Scan of ${scan.connection} ${scan.status}${scan.counts?.records !== undefined ? `: ${count(scan.counts.records)} records` : ''}`);
          running.delete(scan.id);
          finished = true;
        }
        if (scan.status === 'running') running.set(scan.id, scan.connection);
      }
      if (finished) onFinished();
      if (items.some((scan) => scan.status === 'running') && !signal.aborted) timer = setTimeout(refresh, POLL_MS);
    } catch (error) {
      reportError(error);
      // A lost poll should not freeze the progress of a scan that is still running.
      if (running.size > 0 && !signal.aborted) timer = setTimeout(refresh, POLL_MS);
    }
  }

  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return { element, refresh };
}
