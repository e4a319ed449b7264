import { LineCursor } from '../lines.js';
import type { ManifestResult, ParsedDependency } from '../types.js';
import { ManifestParseError, dep, detach } from '../util.js';

/** Semantic-version order for Go module versions (v1.2.3, v0.0.0-20240101-abcdef pseudo-versions, +incompatible). */
function compareGoVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = '', ...pre] = v.replace(/^v/, '').replace(/\+.*$/, '').split('-');
    return { core: core.split('.').map(Number), pre: pre.join('-') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d) return d;
  }
  if (!x.pre || !y.pre) return (x.pre ? -1 : 0) - (y.pre ? -1 : 0);
  const xs = x.pre.split('.');
  const ys = y.pre.split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const p = xs[i]!;
    const q = ys[i]!;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return xs.length - ys.length;
}

/** `h1:` followed by a base64 SHA-256: the only hash go.sum has ever used (h<N> leaves room for others). */
const HASH = /^h\d+:[A-Za-z0-9+/]+=*$/;

/**
 * go.sum: one entry per module, at the highest version whose code is checksummed. A module
 * listed only by its `/go.mod` hash took part in version selection but none of its code is
 * built, so it is not reported. go.sum says nothing about what go.mod requires: direct is false.
 */
export function parseGoSum(path: string, content: string): ManifestResult {
  const versions = new Map<string, string>();
  const lines = new LineCursor(content);
  while (lines.next()) {
    if (lines.firstNonBlank() < 0) continue;
    const [module = '', version = '', hash = '', ...rest] = lines.current().trim().split(' ');
    if (!module || !version || !HASH.test(hash) || rest.length > 0) {
      throw new ManifestParseError(`invalid go.sum entry at line ${lines.line}: ${lines.current().slice(0, 80)}`);
    }
    if (version.endsWith('/go.mod')) continue;
    const seen = versions.get(module);
    if (seen === undefined || compareGoVersions(version, seen) > 0) versions.set(module, version);
  }
  const deps: ParsedDependency[] = [];
  for (const [module, version] of versions) deps.push(dep('go', path, detach(module), detach(version), false));
  return { dependencies: deps };
}
