import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { UserError } from '../../src/domain/errors.js';
import { detectFormat } from './detect.js';
import { type ByteRange, type Compression, compressionOf, type LineSource, lineSource, sampleLines } from './lines.js';
import type { LineParser, NetworkRecord, ParserOptions } from './types.js';

/**
 * Opens a proxy, DNS or firewall log: recognises its compression by its first bytes and its
 * format by its first lines, and streams its records in batches. Lines that cannot be read are
 * reported with their line number and reason; they never stop the rest of the file. A
 * compressed file cut short is reported once, after the lines that could be read.
 */

export interface LineProblem {
  line: number;
  reason: string;
}

export interface NetworkBatch {
  records: NetworkRecord[];
  problems: LineProblem[];
  /** Lines read in this batch, blank and comment lines included. */
  lines: number;
}

export interface NetworkLogFile {
  path: string;
  format: string;
  document: string;
  compression: Compression;
  totalBytes: number;
  /**
   * Identifies the file's content without reading all of it: SHA-256 of its size, first and
   * last 64 KiB. Logs start and end with timestamps, so two different logs practically never
   * share it, and a file imported again (or seen again in a folder) is recognised at once.
   */
  digest: string;
  /** Bytes read so far by the latest batches(), for progress. */
  bytesRead(): number;
  /**
   * The file's records in batches, or only those of a range from parts(); a range's line
   * numbers count from its first line.
   */
  batches(range?: ByteRange): AsyncGenerator<NetworkBatch>;
  /**
   * Up to `count` ranges of about equal size that together hold the whole file, each beginning at
   * a line's start, for reading at the same time; one range where the file cannot be read in
   * parts (compressed, or a format whose lines depend on earlier ones) or is small.
   */
  parts(count: number, smallest: number): Promise<ByteRange[]>;
}

export interface NetworkReadOptions extends ParserOptions {
  format?: string;
}

const EDGE = 64 * 1024;
const SAMPLE_LINES = 20;

async function head(path: string): Promise<{ size: number; digest: string; first: Buffer }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UserError(`cannot read log file ${path}: ${why}`);
  }
  try {
    const { size } = await handle.stat();
    const first = Buffer.alloc(Math.min(size, EDGE));
    await handle.read(first, 0, first.length, 0);
    const last = Buffer.alloc(Math.min(size, EDGE));
    await handle.read(last, 0, last.length, Math.max(0, size - EDGE));
    const digest = createHash('sha256').update(String(size)).update('\0').update(first).update('\0').update(last).digest('hex');
    return { size, digest, first };
  } finally {
    await handle.close();
  }
}

/** Runs a parser on one line; a parser bug becomes a problem of that line, never a failed import. */
function safely(parse: LineParser, line: string): ReturnType<LineParser> {
  try {
    return parse(line);
  } catch (error) {
    return `could not be read (${(error as Error).message})`;
  }
}

export async function openNetworkLog(path: string, options: NetworkReadOptions = {}): Promise<NetworkLogFile> {
  const { size, digest, first } = await head(path);
  if (size === 0) throw new UserError(`log file ${path} is empty`);
  const compression = compressionOf(first);
  const sample = await sampleLines(path, compression, SAMPLE_LINES);
  if (sample.length === 0) throw new UserError(`log file ${path} has no lines${compression === 'plain' ? '' : ` once decompressed (${compression})`}`);
  const format = detectFormat(sample, options.format);
  // Built here so that a --map naming columns the file lacks fails before anything is written.
  const firstParser = format.parser(sample, options);
  let source: LineSource | undefined;

  async function* batches(range?: ByteRange): AsyncGenerator<NetworkBatch> {
    // A part after the first gets a parser of its own: only formats without state are read in parts.
    const parse = range && range.start > 0 ? format.parser(sample, options) : firstParser;
    const own = lineSource(path, compression, range);
    source = own;
    for await (const { first: firstLine, lines } of own.batches()) {
      const batch: NetworkBatch = { records: [], problems: [], lines: lines.length };
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.length === 0) continue;
        const result = safely(parse, line);
        if (result === null) continue;
        if (typeof result === 'string') batch.problems.push({ line: firstLine + i, reason: result });
        else batch.records.push(result);
      }
      yield batch;
    }
    const cut = own.cutShort();
    if (cut) yield { records: [], problems: [cut], lines: 0 };
  }

  async function parts(count: number, smallest: number): Promise<ByteRange[]> {
    if (compression !== 'plain' || !format.independentLines || count < 2 || size < smallest * 2) return [{ start: 0, end: size }];
    const starts = [0];
    const handle = await open(path, 'r');
    try {
      const probe = Buffer.alloc(EDGE);
      for (let i = 1; i < count; i++) {
        const from = Math.max(Math.floor((size * i) / count), starts.at(-1)!);
        // The next line starts after the first newline at or past the cut.
        for (let at = from; at < size; at += probe.length) {
          const { bytesRead } = await handle.read(probe, 0, probe.length, at);
          const newline = probe.subarray(0, bytesRead).indexOf(10);
          if (newline === -1) continue;
          if (at + newline + 1 < size) starts.push(at + newline + 1);
          break;
        }
      }
    } finally {
      await handle.close();
    }
    const unique = [...new Set(starts)];
    return unique.map((start, i) => ({ start, end: unique[i + 1] ?? size }));
  }

  return { path, format: format.name, document: format.document, compression, totalBytes: size, digest, bytesRead: () => source?.bytesRead() ?? 0, batches, parts };
}
