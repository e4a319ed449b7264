import { type LockedPackage, lockedDependencies } from '../graph.js';
import type { ManifestResult } from '../types.js';
import { ManifestParseError, isRecord, parseJson, str } from '../util.js';

/**
 * packages.lock.json: the packages of every target framework. Direct = type Direct; type
 * Project entries are other projects of the solution (their own csproj is a manifest), kept
 * only as the start of the chain for what they bring in. NuGet ids are case-insensitive.
 */
export function parseNugetLock(path: string, content: string): ManifestResult {
  const json = parseJson(content);
  if (!isRecord(json) || !isRecord(json.dependencies)) throw new ManifestParseError('packages.lock.json has no "dependencies" object');
  const locked: LockedPackage[] = [];
  const children = new Map<string, Set<string>>();
  const direct = new Map<string, string | undefined>();
  for (const framework of Object.values(json.dependencies)) {
    if (!isRecord(framework)) continue;
    for (const [name, entry] of Object.entries(framework)) {
      if (!isRecord(entry)) continue;
      const id = name.toLowerCase();
      const type = str(entry.type);
      locked.push({ id, name, version: str(entry.resolved), local: type === 'Project' });
      if (type === 'Direct' || type === 'Project') direct.set(id, undefined);
      const edges = children.get(id) ?? new Set<string>();
      if (isRecord(entry.dependencies)) for (const child of Object.keys(entry.dependencies)) edges.add(child.toLowerCase());
      children.set(id, edges);
    }
  }
  return { dependencies: lockedDependencies('nuget', path, locked, { direct, children: (id) => children.get(id) }) };
}
