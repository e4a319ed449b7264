import { type LockedPackage, addChildren, lockedDependencies } from '../graph.js';
import type { ManifestResult, ParsedDependency } from '../types.js';
import { dedupe, dep, detach } from '../util.js';

function rubyStrings(s: string): string[] {
  const out: string[] = [];
  const re = /(["'])((?:\\.|(?!\1).)*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[2]!);
  return out;
}

/** Gemfile: gem lines with version constraints; `group ... do` blocks and inline group:/groups: options. */
export function parseGemfile(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  const stack: (string | undefined)[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const opensBlock = /\bdo(\s*\|[^|]*\|)?$/.test(line) || /^(if|unless|case|begin|while|until)\b/.test(line);
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    const g = /^group\s*\(?\s*(.+?)\s*\)?\s*do\b/.exec(line);
    if (g) {
      const names = [...g[1]!.matchAll(/:(\w+)|["'](\w+)["']/g)].map((x) => x[1] ?? x[2]).filter(Boolean);
      stack.push(names.join(','));
      continue;
    }
    const gem = /^gem\s*\(?\s*(["'])([^"']+)\1(.*)$/.exec(line);
    if (gem) {
      const rest = gem[3] ?? '';
      const optionsAt = rest.search(/\b\w+:\s|:\w+\s*=>/);
      const positional = optionsAt >= 0 ? rest.slice(0, optionsAt) : rest;
      const versions = rubyStrings(positional).filter((v) => /^\s*(~>|>=|<=|!=|=|>|<)?\s*\d/.test(v));
      let group = [...stack].reverse().find((x) => x);
      const inline = /\bgroups?:\s*(\[[^\]]*\]|:\w+|["']\w+["'])/.exec(rest) ?? /:groups?\s*=>\s*(\[[^\]]*\]|:\w+)/.exec(rest);
      if (inline) group = [...inline[1]!.matchAll(/:(\w+)|["'](\w+)["']/g)].map((x) => x[1] ?? x[2]).join(',');
      deps.push(dep('rubygems', path, gem[2]!, versions.length ? versions.join(', ') : undefined, true, group));
      if (opensBlock) stack.push(undefined);
      continue;
    }
    if (opensBlock) stack.push(undefined);
  }
  return { dependencies: dedupe(deps) };
}

/**
 * *.gemspec: `spec.add_dependency` / `add_runtime_dependency` (runtime) and
 * `add_development_dependency` (group development) with their version constraints. A Gemfile's
 * `gemspec` line delegates to these, so a gem's own dependencies live here when no Gemfile.lock
 * is committed. Names built at run time (a variable, not a string) are skipped.
 */
export function parseGemspec(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const m = /\.\s*add_(runtime_|development_)?dependency\b\s*\(?\s*(["'])([^"']+)\2(.*)$/.exec(line);
    if (!m) continue;
    const versions = rubyStrings(m[4] ?? '').filter((v) => /^\s*(~>|>=|<=|!=|=|>|<)?\s*\d/.test(v));
    deps.push(dep('rubygems', path, m[3]!, versions.length ? versions.join(', ') : undefined, true, m[1] === 'development_' ? 'development' : undefined));
  }
  return { dependencies: dedupe(deps) };
}

/**
 * Gemfile.lock: every gem of the GEM / GIT / PATH specs (4-space indent), each followed by the
 * gems it requires (6-space indent); direct = listed under DEPENDENCIES. A PATH gem at
 * `remote: .` is the repository's own gemspec: not a dependency, and what it requires is direct.
 */
export function parseGemfileLock(path: string, content: string): ManifestResult {
  const locked: LockedPackage[] = [];
  const children = new Map<string, string[]>();
  const direct = new Map<string, string | undefined>();
  let section = '';
  let remote = '';
  let inSpecs = false;
  let spec: string | undefined;
  for (const line of content.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      section = line.trim();
      remote = '';
      inSpecs = false;
      continue;
    }
    if (section === 'DEPENDENCIES') {
      const m = /^ {2}([^\s!(]+)/.exec(line);
      if (m) direct.set(m[1]!, undefined);
      continue;
    }
    const r = /^ {2}remote:\s*(.*)$/.exec(line);
    if (r) remote = r[1]!.trim();
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      continue;
    }
    if (/^ {2}\S/.test(line)) inSpecs = false;
    if (!inSpecs) continue;
    const m = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
    if (m) {
      spec = detach(m[1]!);
      locked.push({ id: spec, name: spec, version: detach(m[2]!), local: section === 'PATH' && remote === '.' });
      continue;
    }
    const sub = /^ {6}([^\s(]+)/.exec(line);
    if (sub && spec) addChildren(children, spec, [sub[1]!]);
  }
  for (const gem of locked) if (gem.local) for (const child of children.get(gem.id) ?? []) direct.set(child, undefined);
  return { dependencies: lockedDependencies('rubygems', path, locked, { direct, children: (id) => children.get(id) }) };
}
