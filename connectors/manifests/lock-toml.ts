/**
 * A streaming reader for the TOML that lockfile tools write (poetry.lock, uv.lock, Cargo.lock):
 * table headers and `key = value` lines, values spanning lines only inside brackets. A full
 * TOML document for a 50 MB lockfile is mostly file hashes nobody asked for; here a value is
 * parsed only when the caller wants it, and otherwise skipped by counting brackets.
 */
import { LineCursor } from './lines.js';
import { ManifestParseError } from './util.js';

export type TomlValue = string | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface LockTomlHandler {
  /** A `[table]` (array false) or `[[table]]` (array true) header. */
  table(name: string, array: boolean, line: number): void;
  /** Whether the value of `key` in the current table is needed; the others are skipped unparsed. */
  wants(key: string): boolean;
  /** A key of the current table, with its value when wanted. */
  entry(key: string, value: TomlValue | undefined, line: number): void;
}

const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const HASH = 35;
const OPEN_BRACKET = 91;

function fail(line: number, message: string): never {
  throw new ManifestParseError(`invalid TOML (line ${line}): ${message}`);
}

export function readLockToml(content: string, handler: LockTomlHandler): void {
  const lines = new LineCursor(content);
  const scanner = new ValueScanner(content);
  while (lines.next()) {
    const at = lines.firstNonBlank();
    if (at < 0) continue;
    const c = content.charCodeAt(at);
    if (c === HASH) continue;
    if (c === OPEN_BRACKET) {
      const { name, array } = header(content.slice(at, lines.end), lines.line);
      handler.table(name, array, lines.line);
      continue;
    }
    const line = lines.line;
    const { key, valueAt } = readKey(content, at, lines.end, line);
    const want = handler.wants(key);
    const text = scanner.value(lines, valueAt, want);
    handler.entry(key, text === undefined ? undefined : new ValueParser(text, line).parse(), line);
  }
}

function header(raw: string, line: number): { name: string; array: boolean } {
  const close = raw.lastIndexOf(']');
  const after = close < 0 ? '#' : raw.slice(close + 1).trim();
  if (close < 0 || (after !== '' && !after.startsWith('#'))) fail(line, `malformed table header ${raw.slice(0, 60)}`);
  const array = raw.startsWith('[[') && raw.slice(0, close + 1).endsWith(']]');
  const name = raw.slice(array ? 2 : 1, array ? close - 1 : close).trim();
  if (!name || name.includes('[') || name.includes(']')) fail(line, `malformed table header ${raw.slice(0, 60)}`);
  const plain = !name.includes(' ') && !name.includes('"') && !name.includes("'");
  return { name: plain ? name : name.split('.').map((part) => unquoteKey(part.trim())).join('.'), array };
}

function unquoteKey(part: string): string {
  return part.length >= 2 && (part[0] === '"' || part[0] === "'") && part.endsWith(part[0]) ? part.slice(1, -1) : part;
}

function isBareKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46;
}

function readKey(content: string, at: number, end: number, line: number): { key: string; valueAt: number } {
  let key: string;
  let i = at;
  const c = content.charCodeAt(at);
  if (c === QUOTE || c === APOSTROPHE) {
    const parser = new ValueParser(content.slice(at, end), line);
    key = parser.string();
    i = at + parser.at;
  } else {
    while (i < end && isBareKeyChar(content.charCodeAt(i))) i++;
    key = content.slice(at, i);
    if (!key) fail(line, `expected a key or a [table], found ${content.slice(at, Math.min(end, at + 60))}`);
  }
  while (i < end && (content.charCodeAt(i) === 32 || content.charCodeAt(i) === 9)) i++;
  if (i >= end || content.charCodeAt(i) !== 61) fail(line, `expected "=" after ${key}`);
  i++;
  while (i < end && (content.charCodeAt(i) === 32 || content.charCodeAt(i) === 9)) i++;
  if (i >= end || content.charCodeAt(i) === HASH) fail(line, `missing value for ${key}`);
  return { key, valueAt: i };
}

/** What kind of string the scanner is inside. */
const Str = { None: 0, Basic: 1, Literal: 2, MultiBasic: 3, MultiLiteral: 4 } as const;

/** Finds where a value ends (brackets balanced, strings closed), reading on to further lines. */
class ValueScanner {
  private depth = 0;
  private str: number = Str.None;

  constructor(private readonly text: string) {}

  /** Moves `lines` to the value's last line; returns the value's text (comments removed) when `collect`. */
  value(lines: LineCursor, from: number, collect: boolean): string | undefined {
    const first = lines.line;
    this.depth = 0;
    this.str = Str.None;
    const parts: string[] = [];
    let start = from;
    for (;;) {
      const stop = this.scan(start, lines.end, lines.line);
      if (collect) parts.push(this.text.slice(start, stop));
      if (this.depth === 0 && this.str === Str.None) return collect ? parts.join('\n') : undefined;
      if (!lines.next()) fail(first, 'value never closed');
      start = lines.start;
    }
  }

  /** Scans one line's stretch; returns where a comment starts (or `to`). */
  private scan(from: number, to: number, line: number): number {
    const t = this.text;
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      switch (this.str) {
        case Str.None:
          if (c === QUOTE || c === APOSTROPHE) {
            const triple = t.charCodeAt(i + 1) === c && t.charCodeAt(i + 2) === c;
            this.str = c === QUOTE ? (triple ? Str.MultiBasic : Str.Basic) : triple ? Str.MultiLiteral : Str.Literal;
            if (triple) i += 2;
          } else if (c === 91 || c === 123) this.depth++;
          else if (c === 93 || c === 125) {
            if (--this.depth < 0) fail(line, `unbalanced ${String.fromCharCode(c)}`);
          } else if (c === HASH) return i;
          break;
        case Str.Basic:
          if (c === BACKSLASH) i++;
          else if (c === QUOTE) this.str = Str.None;
          break;
        case Str.Literal:
          if (c === APOSTROPHE) this.str = Str.None;
          break;
        case Str.MultiBasic:
          if (c === BACKSLASH) i++;
          else if (c === QUOTE && t.charCodeAt(i + 1) === QUOTE && t.charCodeAt(i + 2) === QUOTE) {
            this.str = Str.None;
            i += 2;
          }
          break;
        case Str.MultiLiteral:
          if (c === APOSTROPHE && t.charCodeAt(i + 1) === APOSTROPHE && t.charCodeAt(i + 2) === APOSTROPHE) {
            this.str = Str.None;
            i += 2;
          }
          break;
      }
    }
    if (this.str === Str.Basic || this.str === Str.Literal) fail(line, 'string not closed on its line');
    return to;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** Parses one value's text: strings, arrays, inline tables; numbers, booleans and dates stay as their text. */
class ValueParser {
  at = 0;

  constructor(
    private readonly s: string,
    private readonly line: number,
  ) {}

  parse(): TomlValue {
    const value = this.value();
    this.space(true);
    if (this.at < this.s.length) this.fail(`unexpected ${this.s.slice(this.at, this.at + 20)}`);
    return value;
  }

  private fail(message: string): never {
    let line = this.line;
    for (let i = 0; i < this.at && i < this.s.length; i++) if (this.s.charCodeAt(i) === 10) line++;
    fail(line, message);
  }

  private space(newlines: boolean): void {
    while (this.at < this.s.length) {
      const c = this.s[this.at];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.at++;
      else break;
    }
  }

  private value(): TomlValue {
    const c = this.s[this.at];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') return this.array();
    if (c === '{') return this.table();
    const start = this.at;
    while (this.at < this.s.length && !' \t\n\r,]}'.includes(this.s[this.at]!)) this.at++;
    if (this.at === start) this.fail(`expected a value, found ${this.s.slice(start, start + 20) || 'the end'}`);
    return this.s.slice(start, this.at);
  }

  string(): string {
    const q = this.s[this.at]!;
    const multi = this.s.startsWith(q.repeat(3), this.at);
    const close = multi ? q.repeat(3) : q;
    this.at += close.length;
    if (multi && this.s[this.at] === '\n') this.at++;
    if (q === "'") {
      const end = this.s.indexOf(close, this.at);
      if (end < 0) this.fail('string not closed');
      const out = this.s.slice(this.at, end);
      this.at = end + close.length;
      return out;
    }
    if (!multi) {
      const end = this.s.indexOf(q, this.at);
      const plain = end < 0 ? '\\' : this.s.slice(this.at, end);
      if (!plain.includes('\\')) {
        this.at = end + 1;
        return plain;
      }
    }
    let out = '';
    for (;;) {
      if (this.at >= this.s.length) this.fail('string not closed');
      if (this.s.startsWith(close, this.at)) {
        this.at += close.length;
        return out;
      }
      const c = this.s[this.at++]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.at++] ?? '';
      if (e === 'u' || e === 'U') {
        const hex = this.s.slice(this.at, this.at + (e === 'u' ? 4 : 8));
        const code = /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
        if (hex.length !== (e === 'u' ? 4 : 8) || !(code <= 0x10ffff)) this.fail(`bad unicode escape \\${e}${hex}`);
        out += String.fromCodePoint(code);
        this.at += hex.length;
      } else if (multi && (e === '\n' || e === ' ' || e === '\t' || e === '\r')) {
        this.space(true); // line-ending backslash: trims the break and the next line's indent
      } else if (e in ESCAPES) out += ESCAPES[e];
      else this.fail(`bad escape \\${e}`);
    }
  }

  private array(): TomlValue[] {
    this.at++;
    const items: TomlValue[] = [];
    for (;;) {
      this.space(true);
      if (this.s[this.at] === ']') {
        this.at++;
        return items;
      }
      items.push(this.value());
      this.space(true);
      if (this.s[this.at] === ',') this.at++;
      else if (this.s[this.at] !== ']') this.fail(`expected , or ] in array, found ${this.s.slice(this.at, this.at + 20) || 'the end'}`);
    }
  }

  private table(): TomlTable {
    this.at++;
    // Keys come from the file: a prototype-less object cannot be hijacked by "__proto__".
    const table = Object.create(null) as TomlTable;
    this.space(false);
    if (this.s[this.at] === '}') {
      this.at++;
      return table;
    }
    for (;;) {
      this.space(false);
      const c = this.s[this.at];
      let key: string;
      if (c === '"' || c === "'") key = this.string();
      else {
        const start = this.at;
        while (this.at < this.s.length && isBareKeyChar(this.s.charCodeAt(this.at))) this.at++;
        key = this.s.slice(start, this.at);
        if (!key) this.fail(`expected a key in inline table, found ${this.s.slice(start, start + 20) || 'the end'}`);
      }
      this.space(false);
      if (this.s[this.at] !== '=') this.fail(`expected = after ${key}`);
      this.at++;
      this.space(false);
      table[key] = this.value();
      this.space(false);
      if (this.s[this.at] === ',') this.at++;
      else if (this.s[this.at] === '}') {
        this.at++;
        return table;
      } else this.fail(`expected , or } in inline table, found ${this.s.slice(this.at, this.at + 20) || 'the end'}`);
    }
  }
}
