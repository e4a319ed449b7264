/**
 * One log line as every format reads it: where it went, when, who or which device, how much,
 * and whether it was let through. A URL's path and query string never get this far: parsers
 * keep only the host.
 */
export interface NetworkRecord {
  /** Destination host, lower case, no port (an IP address when the log has no name). */
  host: string;
  /** YYYY-MM-DD, in UTC where the log says its time zone. */
  day: string;
  user?: string;
  device?: string;
  /** Bytes the client sent (the upload: the data-exposure signal) and received. */
  bytesOut: number;
  bytesIn: number;
  blocked: boolean;
  /** Requests the line stands for, where the log aggregates them (PAN-OS Repeat Count); 1 when absent. */
  requests?: number;
}

/** What a parser says of one line: a record, a problem in words, or null for a line that carries none (a comment, a header). */
export type LineResult = NetworkRecord | string | null;

/** A format's reader for one file: a header may set it up, so it can hold state between lines. */
export type LineParser = (line: string) => LineResult;

export interface ParserOptions {
  /** `--map "column=field,…"` for the generic CSV/JSON format. */
  map?: string;
}

export interface LogFormat {
  name: string;
  /** The vendor document whose field names and order the parser follows. */
  document: string;
  /** Does this file, judged by its first lines (blank lines left out), have this format? */
  recognise(sample: readonly string[]): boolean;
  /** A parser for one file; `sample` is its first lines again, for formats that read a header. Throws only on a bad --map. */
  parser(sample: readonly string[], options: ParserOptions): LineParser;
  /**
   * Each line reads the same whatever came before it (the parser keeps no state between lines),
   * so a plain file may be read in parts, each by a parser of its own (see read.ts).
   */
  independentLines?: true;
}
