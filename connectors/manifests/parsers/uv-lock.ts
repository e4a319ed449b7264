import { type LockedPackage, PackageIndex, addChildren, lockedDependencies } from '../graph.js';
import { type TomlValue, readLockToml } from '../lock-toml.js';
import type { ManifestResult } from '../types.js';
import { ManifestParseError, detach, isRecord, str } from '../util.js';

interface Ref {
  name: string;
  version?: string;
}

interface UvPackage {
  name?: string;
  version?: string;
  line: number;
  /** Source `{ editable = … }` or `{ virtual = … }`: the project itself or a workspace member. */
  project: boolean;
  dependencies: Ref[];
  /** Extras ([package.optional-dependencies]) and dependency groups ([package.dev-dependencies]). */
  groups: [string, Ref[]][];
}

const PACKAGE_KEYS = new Set(['name', 'version', 'source', 'dependencies']);

function refs(value: TomlValue, line: number): Ref[] {
  if (!Array.isArray(value)) throw new ManifestParseError(`uv.lock dependencies are not a list (line ${line})`);
  return value.map((item) => {
    const name = isRecord(item) ? str(item.name) : undefined;
    if (!name) throw new ManifestParseError(`uv.lock dependency without a name (line ${line})`);
    const version = isRecord(item) ? str(item.version) : undefined;
    return version ? { name, version } : { name };
  });
}

/** uv.lock: every locked package; direct = required by the project's own (editable or virtual) packages. */
export function parseUvLock(path: string, content: string): ManifestResult {
  const packages: UvPackage[] = [];
  let current: UvPackage | undefined;
  let section: 'package' | 'groups' | 'other' = 'other';
  readLockToml(content, {
    table(name, array, line) {
      if (array && name === 'package') {
        current = { line, project: false, dependencies: [], groups: [] };
        packages.push(current);
        section = 'package';
      } else {
        section = current && (name === 'package.optional-dependencies' || name === 'package.dev-dependencies') ? 'groups' : 'other';
      }
    },
    wants(key) {
      return (section === 'package' && PACKAGE_KEYS.has(key)) || section === 'groups';
    },
    entry(key, value, line) {
      if (!current || value === undefined) return;
      if (section === 'groups') current.groups.push([key, refs(value, line)]);
      else if (key === 'name') current.name = str(value);
      else if (key === 'version') current.version = str(value);
      else if (key === 'source') current.project = isRecord(value) && ('editable' in value || 'virtual' in value);
      else if (key === 'dependencies') current.dependencies = refs(value, line);
    },
  });

  const index = new PackageIndex();
  const locked: LockedPackage[] = [];
  for (const p of packages) {
    if (!p.name) throw new ManifestParseError(`uv.lock package without a name (line ${p.line})`);
    const name = detach(p.name);
    const version = p.version === undefined ? undefined : detach(p.version);
    locked.push({ id: index.add(name, version), name, version, local: p.project });
  }
  const resolve = (list: Ref[]) => list.map((r) => index.resolve(r.name, r.version)).filter((id) => id !== undefined);
  const children = new Map<string, string[]>();
  const direct = new Map<string, string | undefined>();
  for (const [i, p] of packages.entries()) {
    const id = locked[i]!.id;
    addChildren(children, id, [...resolve(p.dependencies), ...p.groups.flatMap(([, list]) => resolve(list))]);
    if (p.project) for (const child of resolve(p.dependencies)) direct.set(child, undefined);
  }
  // A package the project needs at run time stays ungrouped even when a group lists it too.
  for (const p of packages) {
    if (!p.project) continue;
    for (const [group, list] of p.groups) for (const child of resolve(list)) if (!direct.has(child)) direct.set(child, group);
  }
  return { dependencies: lockedDependencies('pypi', path, locked, { direct, children: (id) => children.get(id) }) };
}
