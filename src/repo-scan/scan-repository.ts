import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { artefactKind, manifestKind, parseArtefact, parseManifest } from '../../connectors/manifests/index.js';
import type { Catalog } from '../domain/catalog.js';
import { UserError } from '../domain/errors.js';
import type { MatchDetail } from '../domain/match.js';
import type { Observation } from '../domain/observation.js';
import type { Ecosystem } from '../domain/taxonomy.js';
import type { Matcher } from '../matcher/index.js';
import { walkRepository } from './walk.js';

export interface ScannedDependency {
  ecosystem: Ecosystem;
  name: string;
  version: string | null;
  manifest: string;
  direct: boolean;
  /** For a transitive dependency read from a lockfile: the packages from a direct dependency down to its parent; null otherwise. */
  via: string[] | null;
  /** The catalog match, or null when the package is not AI. */
  match: (MatchDetail & { impliedRole: string | null }) | null;
}

export interface ScannedArtefact {
  type: 'assistant_config' | 'mcp_server';
  name: string;
  path: string;
  command?: string;
  match: (MatchDetail & { impliedRole: string | null }) | null;
}

export interface RepositoryScan {
  repo: string;
  dependencies: ScannedDependency[];
  artefacts: ScannedArtefact[];
  /** Files that could not be read or parsed; the rest of the repository was still scanned. */
  errors: { path: string; reason: string }[];
  files: number;
}

/**
 * Scans a checkout for AI: every manifest's dependencies and every AI tool's files, matched
 * against the catalog. Reads files one at a time; nothing is stored.
 */
export async function scanRepository(root: string, matcher: Matcher, catalog: Catalog): Promise<RepositoryScan> {
  const repo = resolve(root);
  const info = await stat(repo).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${root} is not a folder`, 'Give the path of a repository checkout.');
  const roles = new Map(catalog.entries.map((entry) => [entry.id, entry.hints.impliedRole]));
  const withRole = (match: MatchDetail | null) => (match ? { ...match, impliedRole: match.catalogId ? (roles.get(match.catalogId) ?? null) : null } : null);
  const result: RepositoryScan = { repo: root, dependencies: [], artefacts: [], errors: [], files: 0 };
  const seen = new Set<string>();
  for await (const path of walkRepository(repo, (p) => manifestKind(p) !== null || artefactKind(p) !== null)) {
    result.files++;
    let content: string;
    try {
      content = await readFile(join(repo, path), 'utf8');
    } catch (error) {
      result.errors.push({ path, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      continue;
    }
    if (manifestKind(path)) {
      const parsed = parseManifest(path, content);
      if (parsed.error) result.errors.push({ path, reason: parsed.error });
      for (const dependency of parsed.dependencies) {
        const key = `${dependency.manifest}\u0000${dependency.ecosystem}\u0000${dependency.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const verdict = matcher.match({ kind: 'dependency', attributes: { ecosystem: dependency.ecosystem, name: dependency.name } });
        result.dependencies.push({
          ecosystem: dependency.ecosystem,
          name: dependency.name,
          version: dependency.version ?? null,
          manifest: dependency.manifest,
          direct: dependency.direct,
          via: dependency.via ?? null,
          match: verdict.flagged ? withRole(verdict.match) : null,
        });
      }
    }
    if (artefactKind(path)) {
      const parsed = parseArtefact(path, content);
      if (parsed.error) result.errors.push({ path, reason: parsed.error });
      for (const artefact of parsed.artefacts) {
        const verdict = matcher.match({ kind: 'repo_artefact', attributes: { repo: root, path: artefact.path, type: artefact.type, name: artefact.name, ...(artefact.command ? { command: artefact.command } : {}) } });
        result.artefacts.push({ ...artefact, match: verdict.flagged ? withRole(verdict.match) : null });
      }
    }
  }
  result.dependencies.sort((a, b) => a.manifest.localeCompare(b.manifest) || a.name.localeCompare(b.name));
  return result;
}

/** "anthropic (through langchain-anthropic)": a package's name, and what brought it in when the project does not declare it. */
export function packageLabel(dependency: ScannedDependency): string {
  return dependency.via?.length ? `${dependency.name} (through ${dependency.via.join(' → ')})` : dependency.name;
}

/** The AI findings of a scan as observations, for `--save`. */
export function scanObservations(scan: RepositoryScan): Observation[] {
  const observations: Observation[] = [];
  for (const d of scan.dependencies) {
    observations.push({
      kind: 'dependency',
      key: `repo:dep:${d.manifest}:${d.ecosystem}:${d.name}`,
      attributes: { ecosystem: d.ecosystem, name: d.name, ...(d.version ? { version: d.version } : {}), manifest: d.manifest, repo: scan.repo },
    });
  }
  for (const a of scan.artefacts) {
    observations.push({
      kind: 'repo_artefact',
      key: `repo:artefact:${a.path}:${a.name}`,
      attributes: { repo: scan.repo, path: a.path, type: a.type, name: a.name, ...(a.command ? { command: a.command } : {}) },
    });
  }
  return observations;
}
