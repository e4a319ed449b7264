/**
 * Scans with live progress, in words: what started each, what it counted, how its retries
 * stand ("retrying, attempt 4 of 8, next in 10 s") and one line per error with its fix. While
 * any scan runs the list is fetched again every two seconds, and stops as soon as none runs or
 * the user leaves the page. The words come from the server (`scan.words`), as the CLI prints them.
 */
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { count, counted, DASH, time } from '../format.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { tableRow } from '../components/table.js';
import { label, SCAN_STATUSES } from '../vocab.js';

const POLL_MS = 2000;

const COLUMNS = [{ label: 'Connection' }, { label: 'Status', className: 'scan-status' }, { label: 'Why' }, { label: 'When' }, { label: 'Counted' }, { label: 'Progress by stream' }];

function status(scan) {
  return [stateBadge(scan.status, label(SCAN_STATUSES, scan.status)), scan.words?.retry ? h('span', { class: 'scan-retry block' }, scan.words.retry) : null];
}

function when(scan) {
  return [h('span', { class: 'block' }, 'Started ', time(scan.startedAt)), scan.finishedAt ? h('span', { class: 'block muted' }, 'Finished ', time(scan.finishedAt)) : null];
}

function progress(scan) {
  const streams = Object.entries(scan.progress ?? {});
  if (streams.length === 0) return scan.status === 'running' ? [h('progress', { 'aria-label': `Scan of ${scan.connection}: no page fetched yet` }), h('span', { class: 'block muted' }, 'No page fetched yet')] : DASH;
  return h(
    'ul',
    { class: 'compact streams' },
    streams.map(([stream, p]) =>
      h(
        'li',
        {},
        h('span', { class: 'stream__name' }, stream),
        `: ${counted(p.pages ?? 0, 'page', 'pages')}, ${counted(p.records ?? 0, 'record', 'records')}`,
        p.done ? ', done' : scan.status === 'running' ? [' ', h('progress', { 'aria-label': `${stream} of ${scan.connection}: ${count(p.records ?? 0)} records so far` })] : '',
      ),
    ),
  );
}

function errorLine(error) {
  return h('li', {}, error.at ? [h('span', { class: 'muted' }, error.at), ': '] : null, h('span', { class: 'scan-error__message' }, error.message), error.fix ? h('span', { class: 'block scan-error__fix' }, 'Fix: ', error.fix) : null);
}

/**
 * Under a scan's row, across the whole table so nothing is cut off: the attempt that failed
 * while a retry waits, then the errors (open when the scan failed; usually one line).
 */
function details(scan) {
  const list = scan.errors ?? [];
  const total = scan.errorCount ?? list.length;
  const parts = [];
  if (scan.words?.retryCause) parts.push(h('p', { class: 'scan-retry-cause' }, h('strong', {}, 'Last attempt: '), scan.words.retryCause));
  if (total > 0) {
    parts.push(
      h(
        'details',
        { class: 'errors', open: scan.status === 'failed' },
        h('summary', {}, counted(total, 'error', 'errors')),
        h('ul', { class: 'compact' }, list.map(errorLine)),
        total > list.length ? h('p', { class: 'hint' }, `${count(total - list.length)} more not shown.`) : null,
      ),
    );
  }
  return parts;
}

function table(items) {
  if (items.length === 0) return h('p', { class: 'empty' }, 'No scans yet.');
  const captionId = uid('caption');
  const rows = items.flatMap((scan) => {
    const extra = details(scan);
    const row = tableRow([scan.connection, status(scan), scan.words?.trigger ?? DASH, when(scan), scan.words?.counts || DASH, progress(scan)], COLUMNS, true, { class: extra.length ? 'has-detail' : undefined });
    return extra.length ? [row, h('tr', { class: 'scan-detail' }, h('td', { colspan: String(COLUMNS.length) }, extra))] : [row];
  });
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h('table', { class: 'scans-table' }, h('caption', { id: captionId }, 'Recent scans'), h('thead', {}, h('tr', {}, COLUMNS.map((column) => h('th', { scope: 'col', class: column.className }, column.label)))), h('tbody', {}, rows)),
  );
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
          const error = scan.status === 'failed' ? scan.errors?.at(-1)?.message : undefined;
          announce(`Scan of ${scan.connection} ${label(SCAN_STATUSES, scan.status).toLowerCase()}${error ? `: ${error}` : scan.words?.counts ? `: ${scan.words.counts}` : ''}`);
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
