import { availableParallelism } from 'node:os';
import { parse as parseHost } from 'tldts';
import { type LineProblem, type NetworkLogFile, type NetworkReadOptions, openNetworkLog } from '../../connectors/network/index.js';
import type { Database, Tx } from '../db/client.js';
import type { NetworkAttributes } from '../domain/observation.js';
import { type IngestContext, type IngestItem, ensureConnection, ingestObservations, systemKey } from '../inventory/ingest.js';
import { addHostCounts, clearHostCounts, countedHosts, importedDigests, recordLogFile, rematchedCatalogVersion, takeCountsOfHosts } from '../inventory/network.js';
import { finishScan, startScan } from '../inventory/scans.js';
import { type Logger, silentLogger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { detach, type HostCount, type HostVerdict, type MatchedTraffic, NetworkAggregator } from './network-aggregator.js';
import { claimPieces, pieceClaims } from './network-pieces.js';
import { aggregatePieces, HOST_CACHE, type ReadResult } from './network-range.js';
import { readPiecesInThread, threadsAvailable } from './network-range-thread.js';

export interface ImportNetworkOptions extends NetworkReadOptions {
  /** Connection the import belongs to; created on first use. */
  connection?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  log?: Logger;
  /** A scan the caller started and will finish (a scan of the connection); otherwise one of its own. */
  scanId?: string;
  /** Leave out files the connection has imported already (a folder read on a schedule). */
  onlyNew?: boolean;
  /** Distinct host counts held before they are written (default COUNTS_FLUSH). */
  countsFlush?: number;
  /** Threads that read a large plain file at once (default: the cores, up to MAX_THREADS); 1 reads in this thread alone. */
  threads?: number;
  /** Bytes below which a thread's share of a file is not worth the thread (default SMALLEST_PART). */
  smallestPart?: number;
  /** Bytes of a piece the threads claim one at a time (default PIECE). */
  pieceSize?: number;
  /** Matched aggregates changed before those of past days are written while the rest is read (default WRITE_BATCH). */
  matchedFlush?: number;
}

export interface NetworkFileResult {
  path: string;
  format: string;
  compression: string;
  lines: number;
  records: number;
  /** Records that went to an AI system (kept per user or device, system and day). */
  matched: number;
  /** Records kept only as counts per registrable domain and day. */
  aggregated: number;
  skipped: number;
  /** Pieces the file was cut into and read in (1 for a compressed or small file). */
  parts: number;
  /** Threads that read them at once (1 for a compressed or small file). */
  threads: number;
}

export interface ImportNetworkResult {
  scanId: string;
  connectionId: string;
  files: NetworkFileResult[];
  lines: number;
  records: number;
  matched: number;
  aggregated: number;
  skipped: number;
  /** Matched records that the proxy or resolver blocked: attempted use. */
  blocked: number;
  problems: (LineProblem & { file: string })[];
  observationsNew: number;
  systemsNew: number;
  /** Hosts that earlier imports kept only as counts and this catalog now knows as AI. */
  rematchedHosts: number;
}

const REPORTED_PROBLEMS = 1000;
/** Threads that read one file at once; beyond the cores they would only take turns. */
const MAX_THREADS = 4;
/** A file is read in threads only when each thread's share would be at least this large: a thread takes some 50 ms to start. */
const SMALLEST_PART = 32 * 1024 * 1024;
/**
 * The threads claim pieces of this size one at a time, so they end within about one piece's
 * reading of each other (some 0.2 s) however the cores are shared.
 */
const PIECE = 16 * 1024 * 1024;
/** Host counts held before they are added to the database: bounds memory on files with millions of hosts. */
const COUNTS_FLUSH = 100_000;
const WRITE_BATCH = 2000;

function verdictOf(matcher: Matcher, host: string): HostVerdict {
  const parsed = parseHost(host);
  const domain = detach(parsed.isIp || !parsed.domain ? host : parsed.domain);
  const result = matcher.match({ kind: 'network', attributes: { host } });
  const match = result.flagged && result.match ? result.match : null;
  return { match, systemKey: match ? systemKey('network', match) : '', domain };
}

/**
 * Writes a file's host counts and matched traffic in the order given, from this thread's part and
 * the others': one write at a time on the transaction. The first counts of a day are plain
 * inserts, as no row of that day can be there yet; later ones add to what is.
 */
function fileWriter(tx: Tx, connectionId: string, digest: string) {
  const flushedDays = new Set<string>();
  let writing: Promise<void> = Promise.resolve();
  const write = async (rows: HostCount[]) => {
    const fresh = rows.filter((row) => !flushedDays.has(row.day));
    const again = rows.filter((row) => flushedDays.has(row.day));
    for (const row of fresh) flushedDays.add(row.day);
    await addHostCounts(tx, connectionId, digest, fresh, true);
    await addHostCounts(tx, connectionId, digest, again);
  };
  /** Queues a write behind those queued before; resolves when the one before it has ended, so that one is written while the next are counted. */
  const run = (task: () => Promise<void>): Promise<void> => {
    const before = writing;
    writing = before.then(task);
    writing.catch(() => {});
    return before;
  };
  return { run, add: (rows: HostCount[]) => run(() => write(rows)), settled: (): Promise<void> => writing };
}

function observationKey(digest: string, attributes: NetworkAttributes, system: string): string {
  const principal = attributes.user ? `u:${attributes.user}` : attributes.device ? `d:${attributes.device}` : '-';
  return `net:${digest.slice(0, 16)}:${system}:${principal}:${attributes.day}:${attributes.action}`;
}

/**
 * The network log import: stream each file → match each distinct host once → keep matched
 * traffic per user (or device), AI system and day, with its upload volume, and everything else
 * only as counts per registrable domain and day without users. Paths and query strings never
 * leave the parser.
 *
 * All writes of one import share one transaction, as the expense import's do: an import that
 * fails midway leaves nothing but its scan row marked failed. Each file's counts replace those
 * of an earlier import of the same file. At the end, hosts that earlier imports kept only as
 * counts are matched again when the catalog has changed since.
 */
export async function importNetwork(database: Pick<Database, 'db'>, matcher: Matcher, paths: readonly string[], options: ImportNetworkOptions = {}): Promise<ImportNetworkResult> {
  // Every file is opened (format recognised, --map checked) before anything is written.
  const files: NetworkLogFile[] = [];
  for (const path of paths) files.push(await openNetworkLog(path, options));
  const { db } = database;
  if (options.onlyNew && options.connection) {
    const known = await db.transaction(async (tx) => importedDigests(tx, await ensureConnection(tx, 'network', options.connection!)));
    for (let i = files.length - 1; i >= 0; i--) if (known.has(files[i]!.digest)) files.splice(i, 1);
  }
  const recorded = { ...(options.format ? { format: options.format } : {}), ...(options.map ? { map: options.map } : {}) };
  const connectionName = options.connection ?? 'network';
  const connectionId = await db.transaction((tx) => ensureConnection(tx, 'network', connectionName, recorded));
  const owned = options.scanId === undefined;
  const scanId = options.scanId ?? (await startScan(db, connectionId, { files: files.map((f) => f.path), formats: files.map((f) => f.format) }));
  const context: IngestContext = { connectionId, scanId, catalogVersion: matcher.catalogVersion, actor: `scan:${scanId}`, seenAt: new Date() };
  const log = (options.log ?? silentLogger).child({ scanId, connectionId });
  const totalBytes = files.reduce((sum, f) => sum + f.totalBytes, 0);
  const result: ImportNetworkResult = {
    scanId, connectionId, files: [], lines: 0, records: 0, matched: 0, aggregated: 0, skipped: 0, blocked: 0, problems: [], observationsNew: 0, systemsNew: 0, rematchedHosts: 0,
  };
  const countsFlush = options.countsFlush ?? COUNTS_FLUSH;
  const threads = options.threads ?? (threadsAvailable() ? Math.min(MAX_THREADS, availableParallelism()) : 1);
  // Each host is judged once for all parts; each part gets verdicts of its own, whose count slots it alone uses.
  const judged = new Map<string, HostVerdict>();
  const judge = (names: string[]) =>
    names.map((name) => {
      let verdict = judged.get(name);
      if (!verdict) {
        if (judged.size >= HOST_CACHE) judged.clear();
        verdict = verdictOf(matcher, name);
        judged.set(detach(name), verdict);
      }
      return { match: verdict.match, systemKey: verdict.systemKey, domain: verdict.domain };
    });

  try {
    await db.transaction(async (tx) => {
      let doneBytes = 0;
      for (const file of files) {
        log.info({ file: file.path, format: file.format, compression: file.compression, bytes: file.totalBytes }, 'network log import started');
        // The digest is known before the file is read: an earlier import's counts of the same file go first.
        await clearHostCounts(tx, connectionId, file.digest);
        const aggregator = new NetworkAggregator();
        const writer = fileWriter(tx, connectionId, file.digest);
        // A large plain file is cut into pieces that threads read at once, one per core: this one,
        // and worker threads that ask it for verdicts and to write their counts.
        // One thread reads the file whole: cutting it would only cost a read at every cut.
        const ranges = await file.parts(threads > 1 ? Math.max(threads, Math.ceil(file.totalBytes / (options.pieceSize ?? PIECE))) : 1, options.smallestPart ?? SMALLEST_PART);
        const readers = ranges.length > 1 ? Math.min(threads, ranges.length) : 1;
        const claims = pieceClaims(ranges.length);
        // Matched traffic of days that are over is written while the rest is read, as counts are;
        // an aggregate that grows afterwards (a log out of time order, a day two threads share) is
        // written again with its new totals, so the last write of each holds them all.
        const writeTraffic = (traffic: MatchedTraffic[]) => writer.run(() => writeMatched(tx, context, aggregator, traffic, file, result));
        const flushCounts = async (rows: HostCount[], traffic: MatchedTraffic[] = []) => {
          aggregator.mergeMatched(traffic);
          const accepted = writer.add(rows);
          if (aggregator.unwrittenSize >= (options.matchedFlush ?? WRITE_BATCH)) void writeTraffic(aggregator.takeUnwritten(false));
          await accepted;
        };
        const helpers = Array.from({ length: readers - 1 }, (_, i) =>
          readPiecesInThread(
            { path: file.path, digest: file.digest, format: file.format, ...(options.map ? { map: options.map } : {}), pieces: ranges, claims, thread: i + 1, threads: readers, countsFlush, reportedProblems: REPORTED_PROBLEMS },
            { judge, writeCounts: flushCounts },
          ),
        );
        const stop = new AbortController();
        for (const helper of helpers) helper.done.catch((error: unknown) => stop.abort(error));
        const counts: NetworkFileResult = { path: file.path, format: file.format, compression: file.compression, lines: 0, records: 0, matched: 0, aggregated: 0, skipped: 0, parts: ranges.length, threads: readers };
        const reads: ReadResult[] = [];
        try {
          reads.push(
            await aggregatePieces(
              file,
              readers > 1 ? claimPieces(ranges, claims, 0, readers) : [{ index: 0 }],
              aggregator,
              {
                judge,
                flushCounts: (rows) => flushCounts(rows),
                progress: (bytes) => options.onProgress?.(doneBytes + helpers.reduce((sum, helper) => sum + helper.bytesRead(), bytes), totalBytes),
              },
              { countsFlush, reportedProblems: REPORTED_PROBLEMS, signal: stop.signal },
            ),
          );
          for (const outcome of await Promise.all(helpers.map((helper) => helper.done))) {
            await flushCounts(outcome.rows, outcome.traffic);
            reads.push(outcome.read);
          }
          await writer.add(aggregator.takeUnmatched());
          void writeTraffic(aggregator.takeUnwritten(true));
        } finally {
          await Promise.all(helpers.map((helper) => helper.stop()));
          // The write in flight ends before the transaction does, on failure too: its second
          // statement left running after the rollback would commit on the released connection.
          await writer.settled().catch(() => {});
        }
        await writer.settled();
        // A piece's line numbers count from its own first line: the pieces before it, in file order, come first.
        let before = 0;
        for (const piece of reads.flatMap((read) => read.pieces).sort((a, b) => a.piece - b.piece)) {
          for (const problem of piece.problems) if (result.problems.length < REPORTED_PROBLEMS) result.problems.push({ file: file.path, line: problem.line + before, reason: problem.reason });
          before += piece.lines;
          counts.lines += piece.lines;
          counts.records += piece.records;
          counts.skipped += piece.skipped;
        }
        for (const read of reads) {
          counts.matched += read.matched;
          result.blocked += read.blocked;
        }
        counts.aggregated = counts.records - counts.matched;
        await recordLogFile(tx, connectionId, { digest: file.digest, path: file.path, format: file.format, lines: counts.lines, scanId });
        doneBytes += file.totalBytes;
        result.files.push(counts);
        for (const name of ['lines', 'records', 'matched', 'aggregated', 'skipped'] as const) result[name] += counts[name];
      }
      await rematch(tx, matcher, context, connectionName, result);
    });
  } catch (error) {
    log.error({ err: error }, 'network log import failed');
    if (owned) await finishScan(db, scanId, { status: 'failed', counts: summary(result), errors: [{ message: (error as Error).message }], errorCount: 1 }).catch(() => {});
    throw error;
  }
  if (owned) {
    await finishScan(db, scanId, {
      status: 'completed',
      counts: summary(result),
      errors: result.problems.map((p) => ({ at: `${p.file} line ${p.line}`, message: p.reason })),
      errorCount: result.skipped,
      source: { files: files.map((f) => f.path), formats: files.map((f) => f.format), digests: files.map((f) => f.digest) },
    });
  }
  log.info(summary(result), 'network log import finished');
  return result;
}

const summary = (r: ImportNetworkResult) => ({
  files: r.files.length, lines: r.lines, records: r.records, matched: r.matched, aggregated: r.aggregated, skipped: r.skipped, blocked: r.blocked,
  observationsNew: r.observationsNew, systemsNew: r.systemsNew, rematchedHosts: r.rematchedHosts,
});

async function ingest(tx: Tx, context: IngestContext, items: IngestItem[], result: ImportNetworkResult): Promise<void> {
  for (let start = 0; start < items.length; start += WRITE_BATCH) {
    const written = await ingestObservations(tx, context, items.slice(start, start + WRITE_BATCH));
    result.observationsNew += written.observationsNew;
    result.systemsNew += written.systemsNew;
  }
}

/** One observation per user (or device), AI system, day and action of the file: of the aggregates given. */
async function writeMatched(tx: Tx, context: IngestContext, aggregator: NetworkAggregator, traffic: MatchedTraffic[], file: NetworkLogFile, result: ImportNetworkResult): Promise<void> {
  let items: IngestItem[] = [];
  for (const { systemKey: system, match, attributes } of aggregator.observations(file.format, traffic)) {
    items.push({ kind: 'network', key: observationKey(file.digest, attributes, system), attributes, occurredOn: attributes.day, match });
    if (items.length >= WRITE_BATCH) {
      await ingest(tx, context, items, result);
      items = [];
    }
  }
  await ingest(tx, context, items, result);
}

/**
 * Counts kept without users become evidence when a newer catalog knows their host as AI: once
 * per catalog version and connection (the version is recorded on the connection).
 */
async function rematch(tx: Tx, matcher: Matcher, context: IngestContext, connectionName: string, result: ImportNetworkResult): Promise<void> {
  if ((await rematchedCatalogVersion(tx, context.connectionId)) === matcher.catalogVersion) return;
  const known = (await countedHosts(tx, context.connectionId)).filter((host) => matcher.match({ kind: 'network', attributes: { host } }).flagged);
  const rows = await takeCountsOfHosts(tx, context.connectionId, known);
  const items: IngestItem[] = [];
  for (const count of rows) {
    const match = matcher.match({ kind: 'network', attributes: { host: count.host } }).match!;
    const attributes: NetworkAttributes = {
      host: count.host, domain: count.domain, day: count.day, requests: count.requests, bytesOut: count.bytesOut, bytesIn: count.bytesIn,
      action: count.blocked >= count.requests ? 'blocked' : 'allowed', format: 'host-counts',
    };
    items.push({ kind: 'network', key: `${observationKey(count.sourceDigest, attributes, systemKey('network', match))}:${count.host}`, attributes, occurredOn: count.day, match });
  }
  await ingest(tx, context, items, result);
  result.rematchedHosts = known.length;
  await ensureConnection(tx, 'network', connectionName, { networkCatalogVersion: matcher.catalogVersion });
}
