/**
 * Walks a file's lines by offset. Lockfiles run to tens of megabytes; splitting them into an
 * array would hold a string per line for the whole parse, while this holds nothing.
 */
export class LineCursor {
  /** Offsets of the current line in `text`, without its line break. */
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  line = 0;
  private nextStart: number;

  constructor(readonly text: string) {
    this.nextStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  next(): boolean {
    const { text } = this;
    if (this.nextStart > text.length) return false;
    const nl = text.indexOf('\n', this.nextStart);
    this.start = this.nextStart;
    this.end = nl < 0 ? text.length : nl;
    this.nextStart = nl < 0 ? text.length + 1 : nl + 1;
    if (this.end > this.start && text.charCodeAt(this.end - 1) === 13) this.end--;
    this.line++;
    return true;
  }

  /** Offset of the first character that is not a space or tab, or -1 when the line is blank. */
  firstNonBlank(): number {
    for (let i = this.start; i < this.end; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return i;
    }
    return -1;
  }

  current(): string {
    return this.text.slice(this.start, this.end);
  }
}
