import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/**
 * Lines out of a plain, gzip or zstd file, a chunk at a time: memory holds one chunk and the
 * line it cut in two, whatever the file's size. Node 20's zlib has no zstd (it arrives in Node
 * 22.15), so zstd goes through fzstd: pure JavaScript, so nothing is downloaded or compiled at
 * install time, and it decompresses a stream chunk by chunk.
 */

export type Compression = 'plain' | 'gzip' | 'zstd';

export function compressionOf(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'plain';
}

/** fzstd's push decoder as a stream; a frame cut short fails on flush. */
class ZstdDecompress extends Transform {
  private readonly decoder = new Decompress((chunk) => {
    this.push(Buffer.from(chunk));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.decoder.push(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: (error?: Error | null) => void): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      done();
    } catch (error) {
      done(new Error(`zstd: ${(error as Error).message || 'the last frame is incomplete'}`));
    }
  }
}

export interface LineSource {
  /** Batches of lines in file order; `first` is the 1-based number of the batch's first line. */
  batches(): AsyncGenerator<{ first: number; lines: string[] }>;
  /** Compressed bytes read so far, for progress. */
  bytesRead(): number;
  /** Why the file ended early (a gzip or zstd stream cut short) and the line where it did, once batches() is done. */
  cutShort(): { line: number; reason: string } | undefined;
}

/**
 * Bytes read at a time: big enough to cost few promises, and below V8's large-object size
 * (128 KiB), so that a chunk's text dies young with its lines. A 256 KiB chunk's text lived in
 * large-object space until a full collection: at a 10M-line import's peak (V8's heap statistics,
 * single runs), 79 MB of large objects with it, 25–44 MB with this. Reading alone, the baseline
 * of bench:import-network, got about 17 % faster.
 */
const CHUNK = 64 * 1024;

/** A byte range of a plain file: from `start` up to, not including, `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export function lineSource(path: string, compression: Compression, range?: ByteRange): LineSource {
  let file: ReturnType<typeof createReadStream> | undefined;
  let cut: { line: number; reason: string } | undefined;
  async function* batches(): AsyncGenerator<{ first: number; lines: string[] }> {
    // No 'data' listener here: it would switch the file to flowing mode, and the loop below
    // would buffer the whole file instead of pulling a chunk when it is ready for one.
    file = createReadStream(path, { highWaterMark: CHUNK, ...(range ? { start: range.start, end: range.end - 1 } : {}) });
    const stream: Readable = compression === 'gzip' ? file.pipe(createGunzip({ chunkSize: CHUNK })) : compression === 'zstd' ? file.pipe(new ZstdDecompress({ highWaterMark: CHUNK })) : file;
    if (stream !== file) file.on('error', (error) => stream.destroy(error));
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let line = 1;
    try {
      for await (const chunk of stream) {
        const text = carry + decoder.write(chunk as Buffer);
        const lines: string[] = [];
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          lines.push(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
          start = nl + 1;
        }
        carry = text.slice(start);
        if (lines.length > 0) {
          yield { first: line, lines };
          line += lines.length;
        }
      }
      const rest = carry + decoder.end();
      if (rest) yield { first: line, lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw error;
      // What was decompressed before the cut is good; the half line at the cut is not.
      const what = compression === 'plain' ? 'the file could not be read to its end' : `the ${compression} data ends before the end of its last block: the file was cut short (an interrupted download or copy?)`;
      cut = { line, reason: `${what}; the ${line - 1} line(s) before it were read, the rest is missing (${(error as Error).message})` };
    } finally {
      file?.destroy();
      stream.destroy();
    }
  }
  return { batches, bytesRead: () => file?.bytesRead ?? 0, cutShort: () => cut };
}

/** The first non-empty lines of a file (decompressed), for recognising its format. */
export async function sampleLines(path: string, compression: Compression, count: number): Promise<string[]> {
  const sample: string[] = [];
  const source = lineSource(path, compression);
  for await (const batch of source.batches()) {
    for (const line of batch.lines) {
      if (line.trim()) sample.push(line);
      if (sample.length >= count) return sample;
    }
    if (source.bytesRead() > 8 * CHUNK) break;
  }
  return sample;
}
