import { type ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import type { Ecosystem, ParsedDependency } from './types.js';

/** Thrown inside parsers; turned into `{ error }` by parseManifest. */
export class ManifestParseError extends Error {}

export function dep(
  ecosystem: Ecosystem,
  manifest: string,
  name: string,
  version: string | undefined,
  direct: boolean,
  group?: string,
): ParsedDependency {
  const d: ParsedDependency = { ecosystem, name, manifest, direct };
  const v = version?.trim();
  if (v) d.version = v;
  if (group) d.group = group;
  return d;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray<T = unknown>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Directory part of a repo-relative POSIX path ('' for the root). */
export function dirname(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** Join and normalise a relative reference against a directory; stays repo-relative (no leading ../ escape). */
export function joinRelative(dir: string, ref: string): string {
  const parts = (ref.startsWith('/') ? ref.slice(1) : dir ? `${dir}/${ref}` : ref).replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** 1-based line number of a character offset. */
export function lineOf(content: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < content.length; i++) if (content.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * A copy of `s` that no longer refers to the text it was cut from. V8 keeps a substring as a
 * view into its parent, so one package name kept from a 50 MB lockfile would keep all 50 MB.
 * (A JSON round trip makes an exact copy; slicing a concatenation would keep a view of a copy.)
 */
export function detach(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** Remove duplicate dependencies (same name, version, group, direct). */
export function dedupe(deps: ParsedDependency[]): ParsedDependency[] {
  const seen = new Set<string>();
  return deps.filter((d) => {
    const k = `${d.name}\u0000${d.version ?? ''}\u0000${d.group ?? ''}\u0000${d.direct}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Parse JSON with a readable error (line/column when Node reports a position). */
export function parseJson(content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const line = m ? ` (line ${lineOf(content, Number(m[1]))})` : '';
    throw new ManifestParseError(`invalid JSON${line}: ${msg}`);
  }
}

/**
 * JSON with comments and trailing commas (bun.lock, MCP configs as VS Code and Cursor accept
 * them), or a ManifestParseError naming the line of the first error. Built from jsonc-parser's
 * events rather than its `parse`, which assigns each key: a file's "__proto__" key would set the
 * parsed object's prototype, so its properties would answer for keys the file never wrote. Here,
 * as with JSON.parse, every key is an own property.
 */
export function parseJsonc(content: string): unknown {
  let root: unknown;
  let key = '';
  let failure: { error: ParseErrorCode; offset: number } | undefined;
  const open: (Record<string, unknown> | unknown[])[] = [];
  const put = (value: unknown) => {
    const parent = open.at(-1);
    if (!parent) root = value;
    else if (Array.isArray(parent)) parent.push(value);
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const begin = (container: Record<string, unknown> | unknown[]) => {
    put(container);
    open.push(container);
  };
  visit(
    content.replace(/^\uFEFF/, ''),
    {
      onObjectBegin: () => begin({}),
      onObjectProperty: (name) => {
        key = name;
      },
      onObjectEnd: () => open.pop(),
      onArrayBegin: () => begin([]),
      onArrayEnd: () => open.pop(),
      onLiteralValue: put,
      onError: (error, offset) => {
        failure ??= { error, offset };
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  if (failure) throw new ManifestParseError(`invalid JSON (line ${lineOf(content, failure.offset)}): ${printParseErrorCode(failure.error)}`);
  return root;
}

/** A TOML document, or a ManifestParseError naming the line. */
export function parseTomlDocument(content: string): Record<string, unknown> {
  try {
    return parseToml(content) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    const line = e && typeof e === 'object' && 'line' in e ? ` (line ${String((e as { line: unknown }).line)})` : '';
    throw new ManifestParseError(`invalid TOML${line}: ${msg}`);
  }
}
