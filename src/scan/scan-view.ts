import { countsWords, retryWords, triggerWords } from '../domain/scan-words.js';
import { SCAN_STATUS_LABELS, words } from '../domain/words.js';
import type { ScanRow } from '../inventory/scans.js';

/**
 * A scan as the API and `--json` give it: the stored fields as they always were, and beside them
 * the same facts in words (`words`), so the console and scripts show what the CLI shows.
 */
export function scanView(scan: ScanRow, connection: string, readings: ReadonlyMap<string, string>, now: Date = new Date()) {
  const retry = retryWords(scan.retry, scan.status, now);
  return {
    ...scan,
    connection,
    words: {
      status: words(SCAN_STATUS_LABELS, scan.status),
      trigger: triggerWords(scan.trigger, readings),
      counts: countsWords(scan.counts),
      ...(retry ? { retry, retryCause: scan.retry!.cause } : {}),
    },
  };
}

export type ScanView = ReturnType<typeof scanView>;
