import type { LineProblem, NetworkLogFile, NetworkRecord } from '../../connectors/network/index.js';
import { type CountSlot, detach, type HostCount, type HostVerdict, type NetworkAggregator } from './network-aggregator.js';
import type { Piece } from './network-pieces.js';

/**
 * Reading pieces of a network log into an aggregator: the loop that runs once per line, shared
 * by the import's own thread and the worker threads that read other pieces of the same file.
 */

export interface RangeHooks {
  /** Verdicts of hosts this reader has not seen (or has forgotten), in their order. */
  judge(hosts: string[]): HostVerdict[] | Promise<HostVerdict[]>;
  /** Host counts to add to what was written before; resolves when the next may be given. */
  flushCounts(rows: HostCount[]): Promise<void>;
  /** Bytes of the file this reader has read so far, over all its pieces. */
  progress?(bytesRead: number): void;
}

export interface RangeOptions {
  /** Distinct host counts held before they go to flushCounts. */
  countsFlush: number;
  /** Problems kept, the first ones; the rest are counted. */
  reportedProblems: number;
  signal?: AbortSignal;
}

/** What one piece held: its line numbers are needed in file order, so each piece keeps its own. */
export interface PieceResult {
  /** The piece of the file read (network-pieces.ts). */
  piece: number;
  /** Lines read, blank and comment lines included. */
  lines: number;
  records: number;
  skipped: number;
  /** Line numbers count from the piece's first line. */
  problems: LineProblem[];
}

/** What one reader read: its pieces, and the records it counted towards AI systems, over all of them. */
export interface ReadResult {
  pieces: PieceResult[];
  matched: number;
  blocked: number;
}

/** Hosts whose verdicts are kept: a log's distinct hosts are far fewer, but a hostile one may not be. */
export const HOST_CACHE = 200_000;
/** Host counts of past days worth a write of their own. */
const PAST_DAYS_FLUSH = 5000;
/** Batches whose hosts' verdicts may be outstanding at once. */
const MAX_ASKED = 16;

/** Records waiting for the verdicts of their hosts. */
interface Asked {
  records: NetworkRecord[];
  names: string[];
  verdicts?: HostVerdict[];
  error?: unknown;
  answered: Promise<void>;
}

function ask(hooks: RangeHooks, records: NetworkRecord[]): Asked {
  const names = [...new Set(records.map((record) => record.host))];
  const answer = hooks.judge(names);
  if (!(answer instanceof Promise)) return { records, names, verdicts: answer, answered: Promise.resolve() };
  const asked: Asked = { records, names, answered: Promise.resolve() };
  asked.answered = answer.then(
    (verdicts) => {
      asked.verdicts = verdicts;
    },
    (error: unknown) => {
      asked.error = error;
    },
  );
  return asked;
}

/**
 * Counts the records whose hosts have verdicts, and answers the others. The loop that runs once
 * per line is a function of its own: profiled on 2 million lines in one thread, its lines took a
 * fifth less time than inside the async reader. What is left is mostly the host lookup, some
 * 0.4 µs a line: tens of thousands of hosts do not stay in the cache between lines.
 */
function countKnown(records: readonly NetworkRecord[], hosts: Map<string, HostVerdict & CountSlot>, add: (record: NetworkRecord, verdict: HostVerdict & CountSlot) => void): NetworkRecord[] | undefined {
  let unknown: NetworkRecord[] | undefined;
  for (const record of records) {
    const verdict = hosts.get(record.host);
    if (verdict) add(record, verdict);
    else (unknown ??= []).push(record);
  }
  return unknown;
}

/** Reads the pieces it is given, one after the other, with one verdict cache. */
export async function aggregatePieces(file: NetworkLogFile, pieces: Iterable<Piece>, aggregator: NetworkAggregator, hooks: RangeHooks, options: RangeOptions): Promise<ReadResult> {
  const read: ReadResult = { pieces: [], matched: 0, blocked: 0 };
  const hosts = new Map<string, HostVerdict & CountSlot>();
  const add = (record: NetworkRecord, verdict: HostVerdict & CountSlot) => {
    if (verdict.match) {
      aggregator.addMatched(record, verdict, verdict.match);
      read.matched++;
      if (record.blocked) read.blocked++;
    } else aggregator.addUnmatched(record, verdict.domain, verdict.domain, verdict);
  };
  // Verdicts that must come from elsewhere (another thread's matcher) are awaited only when too
  // many are outstanding: their records wait, and the lines after them are read meanwhile.
  const asked: Asked[] = [];
  const settleReady = () => {
    while (asked[0]?.verdicts || asked[0]?.error) {
      const { records, names, verdicts, error } = asked.shift()!;
      if (error) throw error;
      if (hosts.size + names.length > HOST_CACHE) hosts.clear();
      // Keys are copied: a slice of the line would keep its whole chunk of the file alive.
      for (let i = 0; i < names.length; i++) hosts.set(detach(names[i]!), verdicts![i]!);
      for (const record of records) add(record, hosts.get(record.host)!);
    }
  };
  let before = 0;
  for (const piece of pieces) {
    const result: PieceResult = { piece: piece.index, lines: 0, records: 0, skipped: 0, problems: [] };
    read.pieces.push(result);
    for await (const batch of file.batches(piece.range)) {
      options.signal?.throwIfAborted();
      result.lines += batch.lines;
      result.skipped += batch.problems.length;
      for (const problem of batch.problems) if (result.problems.length < options.reportedProblems) result.problems.push(problem);
      // Records of hosts seen before are counted at once; the rest wait for one judgement of their hosts.
      const unknown = countKnown(batch.records, hosts, add);
      if (unknown) asked.push(ask(hooks, unknown));
      settleReady();
      if (asked.length > MAX_ASKED) {
        await asked[0]!.answered;
        settleReady();
      }
      result.records += batch.records.length;
      // Days that are over are written while the rest is read, so little is left to write at the end.
      if (aggregator.unmatchedSize >= options.countsFlush) await hooks.flushCounts(aggregator.takeUnmatched());
      else if (aggregator.pastDaysSize >= PAST_DAYS_FLUSH) await hooks.flushCounts(aggregator.takePastDays());
      hooks.progress?.(before + file.bytesRead());
    }
    before += piece.range ? piece.range.end - piece.range.start : file.totalBytes;
  }
  for (const { answered } of asked) await answered;
  settleReady();
  return read;
}
