import type { Parser } from 'csv-parse';
import type { RowProblem } from './read.js';

function newlines(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    let at = cell.indexOf('\n');
    while (at !== -1) {
      count++;
      at = cell.indexOf('\n', at + 1);
    }
  }
  return count;
}

/**
 * Pulls rows out of a csv-parse stream synchronously while they are buffered and waits only
 * when the buffer is empty: one promise per buffer refill rather than one per row.
 *
 * Lines are counted here rather than taken from csv-parse, which counts a CRLF inside a quoted
 * field as two lines and would shift every line number after it.
 */
export class RowReader {
  /** Line where the row last returned by `read()` starts. */
  line = 0;
  /** Rows csv-parse had to skip, in file order, as far as `read()` has come. */
  readonly skipped: RowProblem[] = [];
  private readonly skips: { afterRecords: number; reason: string }[] = [];
  private consumed = 0;
  private nextLine = 1;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly parser: Parser) {
    const notify = () => {
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    parser.on('readable', notify);
    parser.on('end', () => {
      this.ended = true;
      notify();
    });
    parser.on('error', (error: Error) => {
      this.failure = error;
      notify();
    });
  }

  /** csv-parse's on_skip: the parser runs ahead, so the problem waits for its place. */
  skip(reason: string): void {
    this.skips.push({ afterRecords: this.parser.info.records, reason });
  }

  /** The next non-blank row already parsed, or null when none is buffered (then `more()`). */
  read(): string[] | null {
    for (;;) {
      const cells = this.parser.read() as string[] | null;
      if (cells === null) return null;
      this.takeSkips(false);
      this.consumed++;
      this.line = this.nextLine;
      this.nextLine += 1 + newlines(cells);
      if (cells.length === 1 && cells[0]!.trim() === '') continue;
      return cells;
    }
  }

  /**
   * Waits until there may be more rows; false once the file is finished. Rethrows a read or
   * parse failure. A true answer can still be followed by a null `read()`: the stream only
   * announces its end after a read finds it empty.
   */
  async more(): Promise<boolean> {
    if (!this.ended && !this.failure && this.parser.readableLength === 0) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure;
    if (this.ended && this.parser.readableLength === 0) {
      this.takeSkips(true);
      return false;
    }
    return true;
  }

  /** The next row, waiting if needed; null at the end. For the few rows read one by one. */
  async next(): Promise<string[] | null> {
    for (;;) {
      const cells = this.read();
      if (cells) return cells;
      if (!(await this.more())) return null;
    }
  }

  private takeSkips(all: boolean): void {
    while (this.skips.length > 0 && (all || this.skips[0]!.afterRecords <= this.consumed)) {
      this.skipped.push({ line: this.nextLine++, reason: this.skips.shift()!.reason });
    }
  }
}
