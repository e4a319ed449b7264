import { type LockedPackage, PackageIndex, addChildren, lockedDependencies } from '../graph.js';
import { readLockToml } from '../lock-toml.js';
import type { ManifestResult } from '../types.js';
import { ManifestParseError, detach, str } from '../util.js';

interface CargoPackage {
  name?: string;
  version?: string;
  line: number;
  /** No `source`: a workspace member (or a path crate), i.e. the project's own code. */
  local: boolean;
  dependencies: string[];
}

/** A `dependencies` entry: "name", "name version" or (lockfile v1) "name version (source)". */
function crateRef(ref: string): [string, string | undefined] {
  const space = ref.indexOf(' ');
  if (space < 0) return [ref, undefined];
  const end = ref.indexOf(' ', space + 1);
  return [ref.slice(0, space), ref.slice(space + 1, end < 0 ? undefined : end)];
}

const PACKAGE_KEYS = new Set(['name', 'version', 'source', 'dependencies']);

/** Cargo.lock (v1–v4): every crate; direct = required by a workspace member. */
export function parseCargoLock(path: string, content: string): ManifestResult {
  const packages: CargoPackage[] = [];
  let current: CargoPackage | undefined;
  readLockToml(content, {
    table(name, array, line) {
      // Lockfiles from before 2017 put the root crate in a [root] table.
      const isPackage = array ? name === 'package' : name === 'root';
      current = isPackage ? { line, local: true, dependencies: [] } : undefined;
      if (current) packages.push(current);
    },
    wants: (key) => current !== undefined && PACKAGE_KEYS.has(key),
    entry(key, value, line) {
      if (!current || value === undefined) return;
      if (key === 'name') current.name = str(value);
      else if (key === 'version') current.version = str(value);
      else if (key === 'source') current.local = false;
      else if (key === 'dependencies') {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          throw new ManifestParseError(`Cargo.lock dependencies are not a list of strings (line ${line})`);
        }
        current.dependencies = value as string[];
      }
    },
  });

  const index = new PackageIndex();
  const locked: LockedPackage[] = [];
  for (const p of packages) {
    if (!p.name) throw new ManifestParseError(`Cargo.lock package without a name (line ${p.line})`);
    const name = detach(p.name);
    const version = p.version === undefined ? undefined : detach(p.version);
    locked.push({ id: index.add(name, version), name, version, local: p.local });
  }
  const children = new Map<string, string[]>();
  const direct = new Map<string, string | undefined>();
  for (const [i, p] of packages.entries()) {
    const id = locked[i]!.id;
    const resolved: string[] = [];
    for (const ref of p.dependencies) {
      const child = index.resolve(...crateRef(ref));
      if (child !== undefined) resolved.push(child);
    }
    addChildren(children, id, resolved);
    if (p.local) for (const child of resolved) direct.set(child, undefined);
  }
  return { dependencies: lockedDependencies('cargo', path, locked, { direct, children: (id) => children.get(id) }) };
}
