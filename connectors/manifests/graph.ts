/**
 * From a lockfile's dependency graph to ParsedDependency: which locked packages the project
 * declares, and for the others the chain of packages that brought them in.
 */
import type { Ecosystem, ParsedDependency } from './types.js';
import { dedupe, dep } from './util.js';

/**
 * For every package reachable from the direct dependencies, the names from a direct dependency
 * down to its parent. Breadth-first, so each chain is a shortest one; siblings share one array.
 * Direct dependencies and unreachable packages get no chain.
 */
export function viaChains(direct: Iterable<string>, children: (id: string) => Iterable<string> | undefined, name: (id: string) => string): Map<string, string[]> {
  const via = new Map<string, string[]>();
  const seen = new Set<string>();
  let frontier: string[] = [];
  for (const id of direct) {
    if (seen.has(id)) continue;
    seen.add(id);
    frontier.push(id);
  }
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      const path = [...(via.get(id) ?? []), name(id)];
      for (const child of children(id) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        via.set(child, path);
        next.push(child);
      }
    }
    frontier = next;
  }
  return via;
}

/** One `[[package]]` (or equivalent) of a lockfile; `id` tells apart two versions of one name. */
export interface LockedPackage {
  id: string;
  name: string;
  version?: string;
  group?: string;
  /** The project's own code (a workspace member, the editable root, a referenced project): not a dependency. */
  local?: boolean;
}

export interface LockGraph {
  /** Packages the project declares, with the group it declares them in. */
  direct: ReadonlyMap<string, string | undefined>;
  children(id: string): Iterable<string> | undefined;
}

/** Every locked package except the project's own, direct or with the chain that brought it in. */
export function lockedDependencies(ecosystem: Ecosystem, manifest: string, packages: LockedPackage[], graph: LockGraph): ParsedDependency[] {
  const names = new Map(packages.map((p) => [p.id, p.name]));
  const chains = viaChains(graph.direct.keys(), (id) => graph.children(id), (id) => names.get(id) ?? id);
  const deps: ParsedDependency[] = [];
  for (const p of packages) {
    if (p.local) continue;
    const direct = graph.direct.has(p.id);
    const d = dep(ecosystem, manifest, p.name, p.version, direct, (direct ? graph.direct.get(p.id) : undefined) ?? p.group);
    const via = direct ? undefined : chains.get(p.id);
    if (via) d.via = via;
    deps.push(d);
  }
  return dedupe(deps);
}

/** Adds edges to a package that may be locked more than once (several versions, several platforms). */
export function addChildren(children: Map<string, string[]>, id: string, more: string[]): void {
  const list = children.get(id);
  if (list) list.push(...more);
  else children.set(id, more);
}

/** Lockfile packages keyed `name version`, for references that give the version only when the name is ambiguous. */
export class PackageIndex {
  private readonly byName = new Map<string, string[]>();

  add(name: string, version: string | undefined): string {
    const id = version === undefined ? name : `${name} ${version}`;
    const ids = this.byName.get(name);
    if (!ids) this.byName.set(name, [id]);
    else if (!ids.includes(id)) ids.push(id);
    return id;
  }

  resolve(name: string, version?: string): string | undefined {
    const ids = this.byName.get(name);
    if (!ids) return undefined;
    if (version === undefined) return ids[0];
    const id = `${name} ${version}`;
    return ids.includes(id) ? id : undefined;
  }
}
