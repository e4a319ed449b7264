import type { Db } from '../db/client.js';
import { countsWords, retryWords } from '../domain/scan-words.js';
import type { ScanRow } from '../inventory/scans.js';
import { scanView, type ScanView } from '../scan/scan-view.js';
import { scheduleReadings } from '../schedule/view.js';

/** How `scan run`, `scans list` and `scans show` put a scan in words. */

export const when = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/** A scan in words: what started it, what it counted, how its retries stand, and one line per error with its fix. */
export function describeScan(view: ScanView): string {
  const scan = view;
  const streams = Object.entries(scan.progress).map(([stream, p]) => `${stream}: ${countsWords({ pages: p.pages, records: p.records })}${p.done ? ', done' : ''}`);
  const lines = [
    `Scan of ${view.connection} (${scan.id.slice(0, 8)}): ${view.words.status.toLowerCase()}${view.words.retry ? `, ${view.words.retry}` : ''}`,
    `  started   ${when(scan.startedAt)} UTC, ${view.words.trigger}${scan.finishedAt ? `\n  finished  ${when(scan.finishedAt)} UTC` : ''}`,
    ...(streams.length ? [`  streams   ${streams.join('; ')}`] : []),
    ...(view.words.counts ? [`  counted   ${view.words.counts}`] : []),
    ...(view.words.retryCause ? [`  last try  ${view.words.retryCause}`] : []),
  ];
  if (scan.errorCount > 0) {
    lines.push(`  ${scan.errorCount === 1 ? 'error' : `errors (${scan.errorCount})`}`);
    for (const error of scan.errors.slice(0, 20)) {
      lines.push(`    ${error.at ? `${error.at}: ` : ''}${error.message}`);
      if (error.fix) lines.push(`      fix: ${error.fix}`);
    }
    if (scan.errorCount > 20) lines.push(`    … and ${scan.errorCount - 20} more (\`unshadow scans show ${scan.id.slice(0, 8)} --json\` lists the first ${scan.errors.length})`);
  }
  return lines.join('\n');
}

export async function viewOf(db: Db, scan: ScanRow, connection: string): Promise<ScanView> {
  return scanView(scan, connection, await scheduleReadings(db));
}

/** A line on stderr that rewrites itself, on a terminal only: progress, or the retry it waits for. */
export function progressLine() {
  const tty = process.stderr.isTTY;
  return {
    show(scan: ScanRow) {
      if (!tty) return;
      const records = Object.values(scan.progress).reduce((sum, p) => sum + p.records, 0);
      const pages = Object.values(scan.progress).reduce((sum, p) => sum + p.pages, 0);
      const retry = retryWords(scan.retry, scan.status);
      process.stderr.write(`\r\x1b[K  scanning: ${countsWords({ pages, records })} fetched${retry ? `; ${retry}` : '…'}`);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
