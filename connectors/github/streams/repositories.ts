import { ECOSYSTEMS } from '../../../src/domain/taxonomy.js';
import type { DependencyAttributes, Observation } from '../../../src/domain/observation.js';
import type { Page, SourceItem } from '../../../src/domain/connector.js';
import { mapConcurrent } from '../../../src/domain/map-concurrent.js';
import { call, conditionalCall, hasNext, NOT_MODIFIED, octokit, type GithubRuntime } from '../client.js';
import { manifestParser, skippedPath, type ManifestParser } from '../manifests.js';
import { SCOPES } from '../options.js';
import { dependenciesFromSbom } from '../sbom.js';
import { contentSchema, type Repo, reposSchema, sbomSchema, treeSchema } from '../schemas.js';

/**
 * Repositories of the organisation (GET /orgs/{org}/repos?type=all, paged), and for each one on
 * the page:
 * - its dependencies from the dependency graph's SBOM (one request, not paged); when the SBOM
 *   answers 404 or 403 (dependency graph disabled, or not allowed) the manifests are read
 *   through the contents API instead (git tree + one GET per manifest) and parsed by the shared
 *   manifest parser;
 * - its AI assistant and MCP configuration files (from the same git tree: always one request,
 *   plus one GET per artefact file found).
 * A page's repositories are read `concurrency` at a time, and no request leaves that GitHub's
 * primary limit would refuse (primary-quota.ts).
 * A repository that answers 404 everywhere (deleted while scanning) is skipped. Archived
 * repositories are skipped unless includeArchived. Cursor: {page, scanned}.
 *
 * A repository not pushed since the last complete scan is not read again, provided a complete
 * scan read it in full (its `source_items` record is confirmed): the page vouches for its
 * observations (`unchanged` key prefixes), so the scan counts them as seen. A pushed one is read
 * with conditional requests: the SBOM and the git tree are asked for with the ETags that scan
 * recorded, and a 304 (which costs nothing of the rate limit) vouches for what they gave. A
 * repository read only in part (a truncated git tree, more files than the cap) is not recorded,
 * so the next scan reads it again.
 */

/** At most this many files fetched per repository through the contents API (a guard). */
export const MAX_FILES_PER_REPO = 200;
const ECOSYSTEM_SET = new Set<string>(ECOSYSTEMS);

interface RepositoriesCursor {
  page: number;
  scanned: number;
}

export const REPOSITORIES_STREAM = 'repositories';

/** Pushed before the last complete scan started, which read it in full: what it read is still true. */
function unchangedSince(runtime: GithubRuntime, repo: Repo): boolean {
  const last = runtime.lastCompleteScanAt;
  if (!last || !repo.pushed_at || Date.parse(repo.pushed_at) >= Date.parse(last)) return false;
  return runtime.known?.(REPOSITORIES_STREAM, repo.full_name)?.confirmed === true;
}

function cursorOf(cursor: unknown): RepositoriesCursor {
  if (cursor === null || cursor === undefined) return { page: 1, scanned: 0 };
  const c = cursor as Partial<RepositoriesCursor>;
  if (typeof c.page === 'number' && c.page >= 1 && typeof c.scanned === 'number' && c.scanned >= 0) return { page: c.page, scanned: c.scanned };
  throw new Error(`stream repositories: bad cursor ${JSON.stringify(cursor)}; start the stream again`);
}

export async function fetchRepositoriesPage(runtime: GithubRuntime, cursor: unknown): Promise<Page> {
  const { org, perPage, includeArchived, maxRepos, concurrency } = runtime.options;
  const state = cursorOf(cursor);
  const client = octokit(runtime);
  const response = (await call(runtime, `GET /orgs/${org}/repos`, [SCOPES.repos], () => client.rest.repos.listForOrg({ org, type: 'all', per_page: perPage, page: state.page }), { schema: reposSchema }))!;
  const repos: Repo[] = [];
  let scanned = state.scanned;
  let capped = false;
  for (const repo of response.data) {
    if (repo.archived && !includeArchived) continue;
    if (maxRepos !== undefined && scanned >= maxRepos) {
      capped = true;
      break;
    }
    scanned++;
    repos.push(repo);
  }
  // Several at once, each read as before; what they found is put together in the page's order.
  const reads = await mapConcurrent(repos, concurrency, async (repo) => (unchangedSince(runtime, repo) ? undefined : await scanRepository(runtime, repo)));
  const observations = new Map<string, Observation>();
  const unchanged: string[] = [];
  const items: SourceItem[] = [];
  repos.forEach((repo, i) => {
    const pushed = { pushedAt: repo.pushed_at ?? null };
    const read = reads[i];
    if (!read) {
      unchanged.push(`github:dep:${repo.full_name}:`, `github:artefact:${repo.full_name}:`);
      items.push({ item: repo.full_name, state: pushed });
      return;
    }
    for (const observation of read.observations) observations.set(observation.key, observation);
    unchanged.push(...read.unchanged);
    if (read.complete) items.push({ item: repo.full_name, state: { ...pushed, ...read.etags } });
  });
  const more = !capped && hasNext(response.headers, response.data.length, perPage) && (maxRepos === undefined || scanned < maxRepos);
  return { observations: [...observations.values()], next: more ? { page: state.page + 1, scanned } : null, ...(unchanged.length ? { unchanged } : {}), ...(items.length ? { items } : {}) };
}

export interface RepositoryRead {
  observations: Observation[];
  /** Key prefixes a 304 vouched for: unchanged since the ETags a complete scan recorded. */
  unchanged: string[];
  /** Every file the repository has was looked at: a later scan may skip it while it is unchanged. */
  complete: boolean;
  /** What to ask with If-None-Match next time. */
  etags: { sbomEtag?: string; treeEtag?: string };
}

const ifNoneMatch = (etag: unknown) => (typeof etag === 'string' && etag ? { headers: { 'if-none-match': etag } } : {});

/** The observations of one repository; empty when it is gone (404). */
export async function scanRepository(runtime: GithubRuntime, repo: Repo): Promise<RepositoryRead> {
  const client = octokit(runtime);
  const owner = repo.owner.login;
  const name = repo.name;
  const full = repo.full_name;
  const observations: Observation[] = [];
  const unchanged: string[] = [];
  const etags: RepositoryRead['etags'] = {};
  // Only what a complete scan confirmed may be vouched for by a 304.
  const known = runtime.known?.(REPOSITORIES_STREAM, full);
  const previous = known?.confirmed ? known.state : {};

  const sbom = await conditionalCall(runtime, `GET /repos/${full}/dependency-graph/sbom`, [SCOPES.sbom], () => client.rest.dependencyGraph.exportSbom({ owner, repo: name, ...ifNoneMatch(previous.sbomEtag) }), {
    schema: sbomSchema,
    allow: [403, 404],
  });
  if (sbom === NOT_MODIFIED) {
    unchanged.push(`github:dep:${full}:sbom:`);
    etags.sbomEtag = previous.sbomEtag as string;
  } else if (sbom) {
    for (const dep of dependenciesFromSbom(sbom.data)) observations.push(dependency(full, 'sbom', dep));
    if (sbom.headers.etag) etags.sbomEtag = sbom.headers.etag;
  }

  const parser = await manifestParser();
  const branch = repo.default_branch;
  if (!branch) return { observations, unchanged, complete: true, etags };
  // The tree's ETag vouches for manifests read through it only if they were read through it last time too.
  const manifestsFromTree = sbom === undefined;
  const tree = await conditionalCall(
    runtime,
    `GET /repos/${full}/git/trees/${branch}`,
    [SCOPES.contents],
    () => client.rest.git.getTree({ owner, repo: name, tree_sha: branch, recursive: 'true', ...ifNoneMatch(manifestsFromTree === (previous.sbomEtag === undefined) ? previous.treeEtag : undefined) }),
    { schema: treeSchema, allow: [404, 409] }, // 409: an empty repository
  );
  if (tree === NOT_MODIFIED) {
    unchanged.push(`github:artefact:${full}:`, ...(manifestsFromTree ? [`github:dep:${full}:`] : []));
    etags.treeEtag = previous.treeEtag as string;
    return { observations, unchanged, complete: true, etags };
  }
  if (!tree) return { observations, unchanged, complete: true, etags };
  if (tree.headers.etag) etags.treeEtag = tree.headers.etag;
  const wanted: { path: string; manifest: boolean }[] = [];
  for (const entry of tree.data.tree) {
    if (entry.type !== 'blob' || !entry.path || skippedPath(entry.path)) continue;
    if (parser.artefactKind(entry.path)) wanted.push({ path: entry.path, manifest: false });
    else if (manifestsFromTree && parser.manifestKind(entry.path)) wanted.push({ path: entry.path, manifest: true });
  }
  for (const file of wanted.slice(0, MAX_FILES_PER_REPO)) {
    const content = await readFile(runtime, owner, name, full, file.path, branch);
    if (content === undefined) continue;
    observations.push(...(file.manifest ? fromManifest(parser, full, file.path, content) : fromArtefact(parser, full, file.path, content)));
  }
  return { observations, unchanged, complete: tree.data.truncated !== true && wanted.length <= MAX_FILES_PER_REPO, etags };
}

async function readFile(runtime: GithubRuntime, owner: string, repo: string, full: string, path: string, ref: string): Promise<string | undefined> {
  const client = octokit(runtime);
  const response = await call(runtime, `GET /repos/${full}/contents/${path}`, [SCOPES.contents], () => client.rest.repos.getContent({ owner, repo, path, ref }), { schema: contentSchema, allow: [404] });
  const data = response?.data;
  if (!data || Array.isArray(data) || data.type !== 'file' || typeof data.content !== 'string') return undefined;
  if (data.encoding === 'base64') return Buffer.from(data.content.replace(/\\n|\s/g, ''), 'base64').toString('utf8');
  return data.encoding === 'utf-8' || data.encoding === undefined ? data.content : undefined; // "none": over 1 MB
}

function dependency(repo: string, manifest: string, dep: { ecosystem: DependencyAttributes['ecosystem']; name: string; version?: string | undefined }): Observation {
  return {
    kind: 'dependency',
    key: `github:dep:${repo}:${manifest}:${dep.ecosystem}:${dep.name}`,
    attributes: { ecosystem: dep.ecosystem, name: dep.name, ...(dep.version ? { version: dep.version } : {}), manifest, repo },
  };
}

function fromManifest(parser: ManifestParser, repo: string, path: string, content: string): Observation[] {
  const parsed = parser.parseManifest(path, content);
  const out: Observation[] = [];
  for (const dep of parsed.dependencies ?? []) {
    if (!ECOSYSTEM_SET.has(dep.ecosystem) || !dep.name?.trim()) continue;
    out.push(dependency(repo, dep.manifest || path, { ecosystem: dep.ecosystem as DependencyAttributes['ecosystem'], name: dep.name, version: dep.version }));
  }
  return out;
}

function fromArtefact(parser: ManifestParser, repo: string, path: string, content: string): Observation[] {
  const parsed = parser.parseArtefact(path, content);
  return (parsed.artefacts ?? [])
    .filter((artefact) => artefact.name?.trim())
    .map((artefact) => ({
      kind: 'repo_artefact' as const,
      key: `github:artefact:${repo}:${artefact.path || path}:${artefact.name}`,
      attributes: { repo, path: artefact.path || path, type: artefact.type, name: artefact.name, ...(artefact.command ? { command: artefact.command } : {}) },
    }));
}
