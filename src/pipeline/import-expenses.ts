import { type ExpenseReadOptions, type ExpenseRecord, expenseContentId, expenseKey, openExpenseFile, type RowProblem } from '../../connectors/expenses/index.js';
import type { Database } from '../db/client.js';
import type { MatchResult } from '../domain/match.js';
import { ensureConnection, type IngestItem, inHeldTransaction, ingestObservations, replaceExpenseAggregates } from '../inventory/ingest.js';
import { finishScan, startScan } from '../inventory/scans.js';
import { descriptorPattern, type Matcher, normaliseDescriptor } from '../matcher/index.js';
import { type Logger, silentLogger } from '../log.js';
import { ExpenseAggregator, type MerchantTotals } from './expense-aggregator.js';

export interface ImportExpensesOptions extends ExpenseReadOptions {
  /** Connection the import belongs to; created on first use. */
  connection?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  log?: Logger;
  /** A scan the caller started and will finish (a scan of the connection); otherwise one of its own. */
  scanId?: string;
}

export interface ImportExpensesResult {
  scanId: string;
  connectionId: string;
  layout: string;
  assumedCurrency?: string;
  /** Rows read (good and bad), not counting the header. */
  rows: number;
  imported: number;
  flagged: number;
  aggregated: number;
  skipped: number;
  problems: RowProblem[];
  observationsNew: number;
  systemsNew: number;
}

/** Problems returned to the caller in full; the scan row keeps its own share. */
const REPORTED_PROBLEMS = 1000;
/** Distinct descriptor patterns remembered; an export has far fewer merchants than rows. */
const DESCRIPTOR_CACHE = 100_000;

interface Verdict {
  result: MatchResult;
  /** Where the row's amount goes when it is not AI. */
  totals: MerchantTotals;
}

/** Flagged rows are written in groups of this size, whatever the read batches hold. */
const WRITE_BATCH = 1000;

/**
 * The expense import: scan (stream the file) → match (every row, cached per descriptor) →
 * inventory. Data minimisation happens here: flagged rows are kept in full as evidence; every
 * other row only adds to a per-merchant, per-month total with no employee data.
 *
 * All writes of one import share one transaction: an import that fails midway leaves nothing
 * behind but its scan row marked failed.
 */
export async function importExpenses(
  database: Pick<Database, 'db'>,
  matcher: Matcher,
  path: string,
  options: ImportExpensesOptions = {},
): Promise<ImportExpensesResult> {
  const file = await openExpenseFile(path, options);
  const { db } = database;
  const connectionId = await db.transaction((tx) => ensureConnection(tx, 'expenses', options.connection ?? 'expenses'));
  const source = { file: path, layout: file.layout, ...(file.assumedCurrency ? { assumedCurrency: file.assumedCurrency } : {}) };
  const owned = options.scanId === undefined;
  const scanId = options.scanId ?? (await startScan(db, connectionId, source));
  const context = { connectionId, scanId, catalogVersion: matcher.catalogVersion, actor: `scan:${scanId}`, seenAt: new Date() };
  const log = (options.log ?? silentLogger).child({ scanId, connectionId });
  log.info({ file: path, layout: file.layout, bytes: file.totalBytes }, 'expense import started');

  const aggregator = new ExpenseAggregator();
  const verdicts = new Map<string, Verdict>();
  // Keyed by pattern, so the descriptors of one chain's many stores are judged once.
  // A memo can name an add-on billed under its host ("SLACK" + "Slack AI add-on"), so it is
  // part of the key when there is one.
  const judge = ({ merchant, memo }: ExpenseRecord['attributes']): Verdict => {
    const pattern = memo ? `${descriptorPattern(merchant)}\u0001${memo}` : descriptorPattern(merchant);
    let verdict = verdicts.get(pattern);
    if (!verdict) {
      if (verdicts.size >= DESCRIPTOR_CACHE) verdicts.clear();
      const descriptor = normaliseDescriptor(merchant);
      verdict = { result: matcher.matchExpense({ merchant, memo }, descriptor), totals: aggregator.totalsOf(descriptor.display) };
      verdicts.set(pattern, verdict);
    }
    return verdict;
  };

  const occurrences = new Map<string, number>();
  const problems: RowProblem[] = [];
  const counts = { rows: 0, imported: 0, flagged: 0, aggregated: 0, skipped: 0, observationsNew: 0, systemsNew: 0 };

  try {
    // The whole file is one transaction; what it changes in AI systems is held (inHeldTransaction).
    await inHeldTransaction(db, context, log, async (tx, holding) => {
      // One write runs while the next rows are parsed; a second waits for it, so memory
      // stays bounded when the database is slower than the file.
      let writing: Promise<void> = Promise.resolve();
      let pending: IngestItem[] = [];
      const write = async (items: IngestItem[]) => {
        await writing;
        writing = ingestObservations(tx, holding, items).then((written) => {
          counts.observationsNew += written.observationsNew;
          counts.systemsNew += written.systemsNew;
        });
        // Surfaced by the next await; without this a failure would be an unhandled rejection.
        writing.catch(() => {});
      };
      try {
        for await (const batch of file.batches()) {
          counts.skipped += batch.problems.length;
          for (const problem of batch.problems) if (problems.length < REPORTED_PROBLEMS) problems.push(problem);
          for (const record of batch.records) {
            const verdict = judge(record.attributes);
            if (verdict.result.flagged) {
              pending.push(toItem(record, verdict.result, occurrences));
              counts.flagged++;
            } else verdict.totals.add(record.attributes);
          }
          counts.imported += batch.records.length;
          if (pending.length >= WRITE_BATCH) {
            await write(pending);
            pending = [];
          }
          options.onProgress?.(file.bytesRead(), file.totalBytes);
        }
        await write(pending);
      } finally {
        // The write in flight ends before the transaction does, on failure too: its statements
        // left running after the rollback would go to the released connection, and commit there
        // one by one (a failing import kept a batch of evidence that way).
        await writing.catch(() => {});
      }
      await writing;
      counts.aggregated = counts.imported - counts.flagged;
      await replaceExpenseAggregates(tx, connectionId, file.digest(), aggregator.rows());
    });
  } catch (error) {
    log.error({ err: error }, 'expense import failed');
    if (owned)
      await finishScan(db, scanId, {
      status: 'failed',
      counts: { ...counts, rows: counts.imported + counts.skipped },
      errors: [{ message: (error as Error).message }],
      errorCount: 1,
    }).catch(() => {});
    throw error;
  }
  counts.rows = counts.imported + counts.skipped;
  if (owned) {
    await finishScan(db, scanId, {
      status: 'completed',
      counts,
      errors: problems.map((problem) => ({ at: `line ${problem.line}`, message: problem.reason })),
      errorCount: counts.skipped,
      source: { ...source, digest: file.digest() },
    });
  }
  log.info(counts, 'expense import finished');
  return { scanId, connectionId, layout: file.layout, ...(file.assumedCurrency ? { assumedCurrency: file.assumedCurrency } : {}), ...counts, problems };
}

function toItem(record: ExpenseRecord, result: MatchResult, occurrences: Map<string, number>): IngestItem {
  const contentId = expenseContentId(record);
  // Only rows without a transaction id can repeat one another; counting the others would
  // grow this map with the file for nothing.
  let occurrence = 0;
  if (!record.sourceId) {
    occurrence = occurrences.get(contentId) ?? 0;
    occurrences.set(contentId, occurrence + 1);
  }
  return {
    kind: 'expense',
    key: expenseKey(contentId, occurrence),
    attributes: record.attributes,
    occurredOn: record.attributes.date,
    match: result.match!,
  };
}
