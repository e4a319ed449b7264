import { type LockedPackage, addChildren, lockedDependencies } from '../graph.js';
import { readLockToml } from '../lock-toml.js';
import type { ManifestResult } from '../types.js';
import { ManifestParseError, detach, str } from '../util.js';

interface PoetryPackage {
  name?: string;
  version?: string;
  line: number;
  /** Poetry 1.x `category`. */
  category?: string;
  /** Poetry 2.x `groups`. */
  groups?: string[];
  dependencies: string[];
}

const PACKAGE_KEYS = new Set(['name', 'version', 'category', 'groups']);

/** PEP 503 form: [package.dependencies] may spell a name differently from its [[package]] (PyYAML / pyyaml). */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function groupOf(p: PoetryPackage): string | undefined {
  if (p.groups) return p.groups.includes('main') ? undefined : p.groups.join(',') || undefined;
  return p.category === 'dev' ? 'dev' : undefined;
}

/**
 * poetry.lock: every locked package. The lockfile does not say what pyproject.toml declares;
 * a package no other locked package requires can only be there because the project declares
 * it, so those are direct and the rest, which may or may not be declared too, are not.
 */
export function parsePoetryLock(path: string, content: string): ManifestResult {
  const packages: PoetryPackage[] = [];
  let current: PoetryPackage | undefined;
  let section: 'package' | 'dependencies' | 'other' = 'other';
  readLockToml(content, {
    table(name, array, line) {
      if (array && name === 'package') {
        current = { line, dependencies: [] };
        packages.push(current);
        section = 'package';
      } else section = current && name === 'package.dependencies' ? 'dependencies' : 'other';
    },
    wants: (key) => section === 'package' && PACKAGE_KEYS.has(key),
    entry(key, value) {
      if (!current || section === 'other') return;
      if (section === 'dependencies') current.dependencies.push(normalise(key));
      else if (key === 'name') current.name = str(value);
      else if (key === 'version') current.version = str(value);
      else if (key === 'category') current.category = str(value);
      else if (key === 'groups' && Array.isArray(value)) current.groups = value.map((g) => str(g) ?? '');
    },
  });

  const locked: LockedPackage[] = [];
  const children = new Map<string, string[]>();
  for (const p of packages) {
    if (!p.name) throw new ManifestParseError(`poetry.lock package without a name (line ${p.line})`);
    const name = detach(p.name);
    const id = normalise(name);
    const group = groupOf(p);
    locked.push({ id, name, version: p.version === undefined ? undefined : detach(p.version), group: group && detach(group) });
    addChildren(children, id, p.dependencies.filter((child) => child !== id));
  }
  const required = new Set<string>();
  for (const list of children.values()) for (const child of list) required.add(child);
  const direct = new Map<string, string | undefined>(locked.filter((p) => !required.has(p.id)).map((p) => [p.id, undefined]));
  return { dependencies: lockedDependencies('pypi', path, locked, { direct, children: (id) => children.get(id) }) };
}
