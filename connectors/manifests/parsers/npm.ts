import { parse as parseYaml } from 'yaml';
import type { ManifestResult, ParsedDependency } from '../types.js';
import { viaChains } from '../graph.js';
import { ManifestParseError, dedupe, dep, isRecord, parseJson, parseJsonc, str } from '../util.js';

const PACKAGE_JSON_SECTIONS: [string, string | undefined][] = [
  ['dependencies', undefined],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** package.json: every dependency section; specs (npm:, workspace:, file:, git URLs) are kept as the version. */
export function parsePackageJson(path: string, content: string): ManifestResult {
  const json = parseJson(content);
  if (!isRecord(json)) throw new ManifestParseError('package.json is not a JSON object');
  const deps: ParsedDependency[] = [];
  for (const [section, group] of PACKAGE_JSON_SECTIONS) {
    const block = json[section];
    if (!isRecord(block)) continue;
    for (const [name, spec] of Object.entries(block)) {
      deps.push(dep('npm', path, name, str(spec), true, group));
    }
  }
  return { dependencies: deps };
}

/** Name of a package from a lockfile "packages" key such as node_modules/@a/b/node_modules/c. */
function nameFromLockPath(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  return key.slice(i + 'node_modules/'.length);
}

/** What an installed package pulls in (its own devDependencies are never installed). */
const INSTALLED_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

function requiredNames(entry: unknown, sections: string[]): string[] {
  if (!isRecord(entry)) return [];
  return sections.flatMap((section) => {
    const block = entry[section];
    return isRecord(block) ? Object.keys(block) : [];
  });
}

/** Where Node would find `name` required from the package at `from`: its own node_modules, then each parent's. */
function resolveLockPath(packages: Record<string, unknown>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (isRecord(packages[key])) return key;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** package-lock.json / npm-shrinkwrap.json, lockfile versions 1, 2 and 3; `via` from v2 on. */
export function parsePackageLock(path: string, content: string): ManifestResult {
  const json = parseJson(content);
  if (!isRecord(json)) throw new ManifestParseError('lockfile is not a JSON object');
  const deps: ParsedDependency[] = [];
  const packages = json.packages;
  if (isRecord(packages)) {
    const root = isRecord(packages['']) ? packages[''] : {};
    const directNames = new Set(requiredNames(root, ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']));
    const chains = viaChains(
      [...directNames].map((name) => resolveLockPath(packages, '', name)).filter((key) => key !== undefined),
      (key) => requiredNames(packages[key], INSTALLED_SECTIONS).map((name) => resolveLockPath(packages, key, name)).filter((k) => k !== undefined),
      (key) => nameFromLockPath(key) ?? key,
    );
    for (const [key, entry] of Object.entries(packages)) {
      if (key === '' || !isRecord(entry)) continue;
      const name = nameFromLockPath(key);
      if (!name) continue; // workspace folders (e.g. "packages/api") are their own package.json manifests
      if (entry.link === true) continue;
      const topLevel = key === `node_modules/${name}`;
      const group = entry.dev === true ? 'dev' : entry.optional === true || entry.devOptional === true ? 'optional' : undefined;
      const d = dep('npm', path, name, str(entry.version), topLevel && directNames.has(name), group);
      const via = d.direct ? undefined : chains.get(key);
      if (via) d.via = via;
      deps.push(d);
    }
    return { dependencies: dedupe(deps) };
  }
  // lockfile v1: nested "dependencies" trees with "requires"
  const top = json.dependencies;
  if (!isRecord(top)) return { dependencies: [] };
  const required = new Set<string>();
  const walkRequires = (tree: Record<string, unknown>): void => {
    for (const entry of Object.values(tree)) {
      if (!isRecord(entry)) continue;
      if (isRecord(entry.requires)) for (const n of Object.keys(entry.requires)) required.add(n);
      if (isRecord(entry.dependencies)) walkRequires(entry.dependencies);
    }
  };
  walkRequires(top);
  const walk = (tree: Record<string, unknown>, nested: boolean): void => {
    for (const [name, entry] of Object.entries(tree)) {
      if (!isRecord(entry)) continue;
      const group = entry.dev === true ? 'dev' : entry.optional === true ? 'optional' : undefined;
      // v1 has no list of the root's own dependencies: a top-level entry nothing else requires is direct.
      deps.push(dep('npm', path, name, str(entry.version), !nested && !required.has(name), group));
      if (isRecord(entry.dependencies)) walk(entry.dependencies, true);
    }
  };
  walk(top, false);
  return { dependencies: dedupe(deps) };
}

function stripPeerSuffix(v: string): string {
  const i = v.indexOf('(');
  return (i >= 0 ? v.slice(0, i) : v).replace(/_.*$/, '');
}

/** Parse a pnpm "packages" key: /name@1.0.0(peer), name@1.0.0 (v9), /name/1.0.0 (v5). */
function parsePnpmKey(rawKey: string): { name: string; version?: string } | undefined {
  let key = rawKey.startsWith('/') ? rawKey.slice(1) : rawKey;
  const paren = key.indexOf('(');
  if (paren >= 0) key = key.slice(0, paren);
  const at = key.lastIndexOf('@');
  if (at > 0) return { name: key.slice(0, at), version: key.slice(at + 1) };
  // v5: name/version or @scope/name/version
  const parts = key.split('/');
  if (parts.length < 2) return undefined;
  const version = parts.pop()!.replace(/_.*$/, '');
  return { name: parts.join('/'), version };
}

/** `name@version` → the `name@version`s it depends on, from pnpm's packages or snapshots. */
function pnpmGraph(entries: Record<string, unknown>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(entries)) {
    const parsed = parsePnpmKey(key);
    if (!parsed || !isRecord(entry)) continue;
    const id = `${parsed.name}@${parsed.version ?? ''}`;
    const list = children.get(id) ?? [];
    for (const section of ['dependencies', 'optionalDependencies']) {
      const block = entry[section];
      if (!isRecord(block)) continue;
      for (const [name, version] of Object.entries(block)) {
        const v = str(version);
        if (v) list.push(`${name}@${stripPeerSuffix(v)}`);
      }
    }
    children.set(id, list);
  }
  return children;
}

/** pnpm-lock.yaml (v5 single-project layout, v6+ importers, v9 packages + snapshots). */
export function parsePnpmLock(path: string, content: string): ManifestResult {
  let doc: unknown;
  try {
    doc = parseYaml(content);
  } catch (e) {
    throw new ManifestParseError(`invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(doc)) throw new ManifestParseError('pnpm lockfile is not a YAML mapping');
  const deps: ParsedDependency[] = [];
  const directKeys = new Set<string>();
  const importers: Record<string, unknown>[] = [];
  if (isRecord(doc.importers)) {
    for (const imp of Object.values(doc.importers)) if (isRecord(imp)) importers.push(imp);
  } else {
    importers.push(doc); // v5 single project: dependencies at the top level
  }
  const sections: [string, string | undefined][] = [
    ['dependencies', undefined],
    ['devDependencies', 'dev'],
    ['optionalDependencies', 'optional'],
  ];
  for (const imp of importers) {
    for (const [section, group] of sections) {
      const block = imp[section];
      if (!isRecord(block)) continue;
      for (const [name, value] of Object.entries(block)) {
        const raw = isRecord(value) ? str(value.version) : str(value);
        if (raw?.startsWith('link:')) continue; // workspace sibling: its own package.json
        const version = raw ? stripPeerSuffix(raw) : undefined;
        directKeys.add(`${name}@${version ?? ''}`);
        deps.push(dep('npm', path, name, version, true, group));
      }
    }
  }
  const packages = isRecord(doc.packages) ? doc.packages : {};
  // v9 keeps each package's dependencies under snapshots, earlier versions under packages
  const children = pnpmGraph(isRecord(doc.snapshots) ? doc.snapshots : packages);
  const chains = viaChains(directKeys, (id) => children.get(id), (id) => id.slice(0, id.lastIndexOf('@')));
  for (const [key, entry] of Object.entries(packages)) {
    const parsed = parsePnpmKey(key);
    if (!parsed) continue;
    const id = `${parsed.name}@${parsed.version ?? ''}`;
    if (directKeys.has(id)) continue;
    const group = isRecord(entry) && entry.dev === true ? 'dev' : undefined;
    const d = dep('npm', path, parsed.name, parsed.version, false, group);
    const via = chains.get(id);
    if (via) d.via = via;
    deps.push(d);
  }
  return { dependencies: dedupe(deps) };
}

/** A bun.lock key's package names: "mem0ai/openai" is openai as mem0ai's own copy, "@a/b/@c/d" two scoped names. */
function bunKeyNames(key: string): string[] {
  const names: string[] = [];
  const parts = key.split('/');
  for (let i = 0; i < parts.length; i++) names.push(parts[i]!.startsWith('@') && i + 1 < parts.length ? `${parts[i]}/${parts[++i]}` : parts[i]!);
  return names;
}

/** "name@1.2.3" → name and version; "@scope/name@1.2.3" keeps its scope. */
function bunId(id: string): { name: string; version: string } | undefined {
  const at = id.lastIndexOf('@');
  return at > 0 ? { name: id.slice(0, at), version: id.slice(at + 1) } : undefined;
}

/**
 * bun.lock (Bun 1.2+, JSON with trailing commas): the workspaces' declared dependencies are
 * direct, every other package is transitive with the chain that brought it in. Each package is
 * `[ "name@version", …, { dependencies, … }, … ]` under its key; a key "a/b" is b as a's own copy,
 * resolved as Node resolves it (a's copy first, then the parents').
 */
export function parseBunLock(path: string, content: string): ManifestResult {
  const doc = parseJsonc(content);
  if (!isRecord(doc) || !isRecord(doc.packages)) throw new ManifestParseError('bun.lock has no "packages" object');
  const packages = doc.packages;
  const sections: [string, string | undefined][] = [
    ['dependencies', undefined],
    ['devDependencies', 'dev'],
    ['optionalDependencies', 'optional'],
    ['peerDependencies', 'peer'],
  ];
  const declared = new Map<string, string | undefined>();
  for (const workspace of isRecord(doc.workspaces) ? Object.values(doc.workspaces) : []) {
    if (!isRecord(workspace)) continue;
    for (const [section, group] of sections) {
      const block = workspace[section];
      if (!isRecord(block)) continue;
      for (const name of Object.keys(block)) if (!declared.has(name) || group === undefined) declared.set(name, group);
    }
  }
  const meta = (key: string) => (Array.isArray(packages[key]) ? (packages[key] as unknown[]).find(isRecord) : undefined);
  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let base = bunKeyNames(from); ; base = base.slice(0, -1)) {
      const key = [...base, name].join('/');
      if (Object.hasOwn(packages, key)) return key;
      if (base.length === 0) return undefined;
    }
  };
  const chains = viaChains(
    [...declared.keys()].filter((name) => Object.hasOwn(packages, name)),
    (key) => requiredNames(meta(key), INSTALLED_SECTIONS).map((name) => resolveFrom(key, name)).filter((k) => k !== undefined),
    (key) => bunKeyNames(key).at(-1)!,
  );
  const deps: ParsedDependency[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const id = Array.isArray(entry) ? bunId(String(entry[0])) : undefined;
    // A workspace member or linked folder is the project's own code, with a package.json of its own.
    if (!id || /^(workspace|link|file):/.test(id.version)) continue;
    const direct = declared.has(key);
    const d = dep('npm', path, id.name, id.version, direct, direct ? declared.get(key) : undefined);
    const via = direct ? undefined : chains.get(key);
    if (via) d.via = via;
    deps.push(d);
  }
  return { dependencies: dedupe(deps) };
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && (t.startsWith('"') || t.startsWith("'")) && t.endsWith(t[0]!) ? t.slice(1, -1) : t;
}

/** yarn.lock, classic (v1) and berry (v2+). Direct is unknown from the lockfile alone → false. */
export function parseYarnLock(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  const lines = content.split(/\r?\n/);
  let current: { name: string; skip: boolean } | undefined;
  let currentVersion: string | undefined;
  const flush = (): void => {
    if (current && !current.skip && currentVersion !== '0.0.0-use.local') {
      deps.push(dep('npm', path, current.name, currentVersion, false));
    }
    current = undefined;
    currentVersion = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (!line.trimEnd().endsWith(':')) {
        throw new ManifestParseError(`invalid yarn.lock entry at line ${i + 1}: ${line.slice(0, 80)}`);
      }
      const header = line.trimEnd().slice(0, -1);
      if (header === '__metadata') {
        current = { name: '', skip: true };
        continue;
      }
      const first = unquote(header.split(/,\s*/)[0] ?? '');
      const at = first.indexOf('@', 1);
      if (at < 0) {
        current = { name: first, skip: true };
        continue;
      }
      const name = first.slice(0, at);
      const spec = first.slice(at + 1);
      current = { name, skip: spec.startsWith('workspace:') || spec.startsWith('link:') || spec.startsWith('portal:') };
      continue;
    }
    if (!current) continue;
    const m = /^ {2}version:?\s+(.+)$/.exec(line);
    if (m) currentVersion = unquote(m[1]!);
  }
  flush();
  return { dependencies: dedupe(deps) };
}
