/**
 * A GitHub REST double for the scale benchmark, ENFORCING the limits of "Rate limits for the REST
 * API" (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api) and the
 * conditional requests of "Best practices for using the REST API"
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api):
 *
 * - primary rate limit: 5,000 requests per hour for a personal access token, a fixed window whose
 *   reset is set by the first request after the last one ended; every answer carries
 *   x-ratelimit-limit, -remaining, -used, -reset (epoch seconds) and -resource; when it is used up,
 *   403 with x-ratelimit-remaining: 0 and "API rate limit exceeded". GET /rate_limit is free.
 * - secondary rate limits: no more than 100 concurrent requests, and no more than 900 points per
 *   minute for REST endpoints, where a GET costs 1 point; beyond either, 403 with a "secondary
 *   rate limit" message and retry-after.
 * - conditional requests: SBOM, git tree and contents answers carry an ETag; a request whose
 *   If-None-Match names the current one is answered 304 and does not count against the primary
 *   limit (it still counts as a request for the secondary limits, which the page does not exempt).
 * - the CPU-time secondary limit (90 s of CPU per 60 s of real time) depends on GitHub's servers,
 *   not on the request; it is not modelled.
 *
 * Every time limit is divided by the speed-up: 5,000 per (1 h / speed-up), 900 points per
 * (60 s / speed-up); retry-after and the reset are then fractions of the real ones.
 */
import { GithubOrg, purl } from './github-org.js';
import { FixedWindow, SlidingWindow } from './limits.js';
import { hash, sha, type Sizes } from './organisation.js';
import { type Answer, type DoubleStats, newStats, RepeatTracker, type Request, serve } from './server.js';

export const GITHUB_LIMITS = { primaryPerHour: 5000, concurrent: 100, pointsPerMinute: 900 } as const;

export function githubQuota(speedup: number) {
  return {
    documented: '5,000 requests/h per token (primary); 100 concurrent, 900 points/min (secondary); 304 free (docs.github.com rate-limits-for-the-rest-api)',
    perSecond: (GITHUB_LIMITS.primaryPerHour / 3600) * speedup,
    scaled: `5,000 requests per ${(3600 / speedup).toFixed(1).replace(/\.0$/, '')} s, 900 points per ${(60 / speedup).toFixed(2).replace(/\.?0+$/, '')} s`,
    unit: 'requests',
  };
}

export const GITHUB_TOKEN = 'ghp_scaleBenchmarkToken0000000000000000';
const DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

export async function startGithubDouble(size: Sizes, speedup: number, latencyMs = 0) {
  const org = new GithubOrg(size);
  /**
   * `unchangedAnswers`: full answers whose ETag is the one this URL was last answered with, i.e.
   * what a conditional request would have got as a free 304.
   */
  const stats: DoubleStats & { primaryRefused: number; secondaryRefused: number; unchangedAnswers: number } = { ...newStats(), primaryRefused: 0, secondaryRefused: 0, unchangedAnswers: 0 };
  const lastEtag = new Map<string, string>();
  const repeats = new RepeatTracker();
  const primary = new FixedWindow(GITHUB_LIMITS.primaryPerHour, Math.round(3_600_000 / speedup));
  const points = new SlidingWindow(GITHUB_LIMITS.pointsPerMinute, 60_000 / speedup);
  const installations = org.installations();
  const origin = (url: URL) => url.origin;

  const ratelimitHeaders = (now: number) => {
    const state = primary.state(now);
    return { 'x-ratelimit-limit': state.limit, 'x-ratelimit-remaining': state.remaining, 'x-ratelimit-used': state.used, 'x-ratelimit-reset': Math.ceil(state.resetAt / 1000), 'x-ratelimit-resource': 'core' };
  };

  const paged = <T>(url: URL, total: number, item: (i: number) => T): { items: T[]; headers: Record<string, string> } => {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? '30') || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const last = Math.max(1, Math.ceil(total / perPage));
    const items: T[] = [];
    for (let i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) items.push(item(i));
    const link = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      return `<${next}>`;
    };
    const links = [...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []), ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`] : [])];
    return { items, headers: links.length ? { link: links.join(', ') } : {} };
  };

  const owner = (url: URL) => ({ login: org.org, id: 9_000_001, node_id: 'O_kgDOAIlUAQ', url: `${origin(url)}/users/${org.org}`, html_url: `https://github.com/${org.org}`, type: 'Organization', site_admin: false });

  const repository = (url: URL, r: number) => ({
    id: 700_000_000 + r,
    node_id: `R_kgDO${(700_000_000 + r).toString(36)}`,
    name: org.name(r),
    full_name: `${org.org}/${org.name(r)}`,
    private: true,
    owner: owner(url),
    html_url: `https://github.com/${org.org}/${org.name(r)}`,
    description: `Service ${r}`,
    fork: hash(90, r) % 50 === 0,
    url: `${origin(url)}/repos/${org.org}/${org.name(r)}`,
    created_at: '2022-03-01T10:00:00Z',
    updated_at: new Date(org.pushedAt[r]!).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    pushed_at: new Date(org.pushedAt[r]!).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    size: hash(91, r) % 100_000,
    language: { npm: 'TypeScript', pypi: 'Python', maven: 'Java', golang: 'Go', nuget: 'C#', gem: 'Ruby' }[org.pool(r).ecosystem],
    archived: org.archived(r),
    disabled: false,
    visibility: 'private',
    default_branch: 'main',
  });

  const sbom = (r: number) => {
    const full = `${org.org}/${org.name(r)}`;
    const packages: unknown[] = [
      { name: `com.github.${full}`, SPDXID: 'SPDXRef-com.github.repo', versionInfo: 'main', downloadLocation: 'git+https://github.com/' + full, filesAnalyzed: false, externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:github/${full}@main` }] },
    ];
    const relationships: unknown[] = [{ relationshipType: 'DESCRIBES', spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: 'SPDXRef-com.github.repo' }];
    org.dependencies(r).forEach((dep, i) => {
      const id = `SPDXRef-${dep.ecosystem}-${i}`;
      packages.push({ name: dep.ecosystem === 'maven' ? dep.name.replace('/', ':') : dep.name, SPDXID: id, versionInfo: dep.version, downloadLocation: 'NOASSERTION', filesAnalyzed: false, licenseConcluded: 'MIT', copyrightText: 'NOASSERTION', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl(dep) }] });
      relationships.push({ relationshipType: 'DEPENDS_ON', spdxElementId: 'SPDXRef-com.github.repo', relatedSpdxElement: id });
    });
    return {
      sbom: {
        SPDXID: 'SPDXRef-DOCUMENT',
        spdxVersion: 'SPDX-2.3',
        creationInfo: { created: new Date(org.pushedAt[r]!).toISOString(), creators: ['Tool: GitHub.com-Dependency-Graph'] },
        name: `com.github.${full}`,
        dataLicense: 'CC0-1.0',
        documentNamespace: `https://spdx.org/spdxdocs/protobom/${sha(92, r).slice(0, 8)}-${sha(93, r).slice(0, 4)}-4000-8000-${sha(94, r).slice(0, 12)}`,
        packages,
        relationships,
      },
    };
  };

  const tree = (url: URL, r: number) => {
    const base = `${origin(url)}/repos/${org.org}/${org.name(r)}/git`;
    const entries: unknown[] = [];
    const dirs = new Set<string>();
    org.files(r).forEach((path, i) => {
      const parts = path.split('/');
      for (let d = 1; d < parts.length; d++) {
        const dir = parts.slice(0, d).join('/');
        if (!dirs.has(dir)) {
          dirs.add(dir);
          const treeSha = sha(95, r, dirs.size);
          entries.push({ path: dir, mode: '040000', type: 'tree', sha: treeSha, url: `${base}/trees/${treeSha}` });
        }
      }
      const blob = sha(96, r, i, org.version[r]!);
      entries.push({ path, mode: '100644', type: 'blob', sha: blob, size: 200 + (hash(97, r, i) % 20_000), url: `${base}/blobs/${blob}` });
    });
    return { sha: sha(98, r, org.version[r]!), url: `${base}/trees/main`, tree: entries, truncated: false };
  };

  const contents = (url: URL, r: number, path: string): Answer | undefined => {
    const text = org.content(r, path);
    if (text === undefined) return undefined;
    const encoded = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
    const blob = sha(99, r, path.length, org.version[r]!);
    const self = `${origin(url)}/repos/${org.org}/${org.name(r)}/contents/${path}?ref=main`;
    return { status: 200, body: { type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name: path.split('/').at(-1), path, content: encoded, sha: blob, url: self, git_url: `${origin(url)}/repos/${org.org}/${org.name(r)}/git/blobs/${blob}`, html_url: `https://github.com/${org.org}/${org.name(r)}/blob/main/${path}`, download_url: null, _links: { self } } };
  };

  const notFound: Answer = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };

  /** The resource a request names, with its ETag when it has one: resolved before the limits, since a 304 is free. */
  const resolve = (url: URL): { etag?: string; answer: () => Answer } => {
    const path = url.pathname;
    const prefix = `/orgs/${org.org}`;
    if (path === prefix) return { answer: () => ({ status: 200, body: { login: org.org, id: 9_000_001, type: 'Organization', public_repos: 0, total_private_repos: org.count } }) };
    if (path === `${prefix}/repos`) {
      return {
        answer: () => {
          const page = paged(url, org.count, (r) => repository(url, r));
          return { status: 200, body: page.items, headers: page.headers };
        },
      };
    }
    if (path === `${prefix}/installations`) {
      return {
        answer: () => {
          const page = paged(url, installations.length, (i) => {
            const app = installations[i]!;
            return { id: app.id, account: owner(url), repository_selection: 'all', app_id: 900_000 + i, app_slug: app.slug, app_name: app.slug, target_id: 9_000_001, target_type: 'Organization', permissions: app.ai ? { contents: 'read', pull_requests: 'write', metadata: 'read' } : { metadata: 'read', checks: 'write' }, events: ['pull_request'], created_at: '2024-05-01T10:00:00Z', updated_at: '2025-05-01T10:00:00Z', suspended_at: null };
          });
          return { status: 200, body: { total_count: installations.length, installations: page.items }, headers: page.headers };
        },
      };
    }
    if (path === `${prefix}/copilot/billing`) {
      const total = org.size.copilotSeats;
      return { answer: () => ({ status: 200, body: { seat_breakdown: { total, added_this_cycle: Math.round(total / 20), pending_invitation: 0, pending_cancellation: 0, active_this_cycle: Math.round(total * 0.83), inactive_this_cycle: total - Math.round(total * 0.83) }, seat_management_setting: 'assign_selected', ide_chat: 'enabled', platform_chat: 'enabled', cli: 'enabled', public_code_suggestions: 'block', plan_type: 'business' } }) };
    }
    if (path === `${prefix}/copilot/billing/seats`) {
      return {
        answer: () => {
          const page = paged(url, org.size.copilotSeats, (i) => ({ created_at: '2025-01-10T10:00:00Z', updated_at: '2025-01-10T10:00:00Z', pending_cancellation_date: null, last_activity_at: '2026-11-30T10:00:00Z', last_activity_editor: 'vscode/1.95.0/copilot/1.250.0', plan_type: 'business', assignee: { login: org.seatLogin(i), id: 5_000_000 + i, type: 'User', site_admin: false } }));
          return { status: 200, body: { total_seats: org.size.copilotSeats, seats: page.items }, headers: page.headers };
        },
      };
    }
    const repo = new RegExp(`^/repos/${org.org}/([^/]+)(/.*)$`).exec(path);
    if (repo) {
      const r = org.index(repo[1]!);
      const rest = repo[2]!;
      if (r < 0) return { answer: () => notFound };
      if (rest === '/dependency-graph/sbom') {
        if (org.graphDisabled(r)) return { answer: () => ({ status: 404, body: { message: 'Dependency graph is disabled for this repository. Please enable it before exporting the SBOM.', documentation_url: 'https://docs.github.com/rest/dependency-graph/sboms', status: '404' } }) };
        const etag = org.etag(r, 'sbom');
        return { etag, answer: () => ({ status: 200, body: sbom(r), headers: { etag } }) };
      }
      if (rest === '/git/trees/main') {
        const etag = org.etag(r, 'tree');
        return { etag, answer: () => ({ status: 200, body: tree(url, r), headers: { etag } }) };
      }
      if (rest.startsWith('/contents/')) {
        const file = decodeURIComponent(rest.slice('/contents/'.length));
        const etag = org.etag(r, `contents/${file}`);
        return { etag, answer: () => contents(url, r, file) ?? notFound };
      }
    }
    return { answer: () => notFound };
  };

  const handler = (request: Request): Answer => {
    const { url } = request;
    const auth = request.headers.authorization ?? '';
    if (auth !== `token ${GITHUB_TOKEN}` && auth !== `Bearer ${GITHUB_TOKEN}`) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    const now = Date.now();
    if (url.pathname === '/rate_limit') {
      const state = primary.state(now);
      const core = { limit: state.limit, used: state.used, remaining: state.remaining, reset: Math.ceil(state.resetAt / 1000) };
      return { status: 200, body: { resources: { core }, rate: core }, headers: ratelimitHeaders(now) };
    }
    stats.requests++;
    stats.firstAt ??= now;
    stats.lastAt = now;
    const route = url.pathname.replace(/\/repos\/[^/]+\/[^/]+/, '/repos/{o}/{r}').replace(/\/contents\/.*$/, '/contents/{path}');
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    // Secondary limits first: they apply to every request, conditional or not.
    const secondary = request.inFlight > GITHUB_LIMITS.concurrent ? 1000 / Math.max(1, speedup) : points.admit(now);
    if (secondary > 0) {
      stats.throttled++;
      stats.secondaryRefused++;
      return { status: 403, headers: { ...ratelimitHeaders(now), 'retry-after': (secondary / 1000).toFixed(3) }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: DOCS, status: '403' } };
    }
    const resource = resolve(url);
    const asked = request.headers['if-none-match'];
    if (asked !== undefined) stats.conditional++;
    if (resource.etag !== undefined && asked !== undefined && asked.split(',').some((tag) => tag.trim() === resource.etag || tag.trim() === '*')) {
      stats.notModified++;
      return { status: 304, headers: { ...ratelimitHeaders(now), etag: resource.etag } };
    }
    if (!primary.take(now)) {
      stats.throttled++;
      stats.primaryRefused++;
      return { status: 403, headers: ratelimitHeaders(now), body: { message: 'API rate limit exceeded for user ID 5000001. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: DOCS, status: '403' } };
    }
    stats.counted++;
    stats.units++;
    const answer = resource.answer();
    if (answer.status < 400) repeats.note(stats, url.pathname + url.search);
    if (resource.etag !== undefined && answer.status === 200) {
      if (lastEtag.get(url.pathname) === resource.etag) stats.unchangedAnswers++;
      lastEtag.set(url.pathname, resource.etag);
    }
    answer.headers = { ...ratelimitHeaders(now), ...answer.headers };
    return answer;
  };

  const served = await serve(handler, {
    latencyMs: latencyMs / speedup,
    bench: (path, body) => {
      if (path === '/__bench/push') {
        const share = Number(JSON.parse(body.toString() || '{}').share ?? 0.03);
        repeats.reset();
        return org.push(share, Date.now());
      }
      return stats;
    },
  });
  return { ...served, org: org.org, stats, summary: org.summary() };
}
