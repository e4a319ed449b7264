import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector, parsePurl } from '../../../connectors/github/index.js';
import { PermanentSourceError, RateLimitedError } from '../../../src/domain/connector.js';
import { observationSchemas } from '../../../src/domain/observation.js';
import { attrs, drain, fixture, github, link, ORG, runtime } from './helpers.js';

const MANIFESTS = existsSync(fileURLToPath(new URL('../../../connectors/manifests/index.ts', import.meta.url)));
const reposPath = `/orgs/${ORG}/repos?type=all&per_page=2`;

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function reposPage(scope: nock.Scope, page: number): nock.Scope {
  return scope
    .get(`/orgs/${ORG}/repos`)
    .query({ type: 'all', per_page: '2', page: String(page) })
    .reply(200, fixture(`repos-page${page}.json`), link(reposPath, page, 3));
}
/** The git tree is read only when the manifest parser is there (for artefacts): optional here. */
function noTree(scope: nock.Scope, repo: string): nock.Scope {
  return scope.get(`/repos/${ORG}/${repo}/git/trees/main`).query({ recursive: 'true' }).optionally().reply(200, { sha: 'aa11', url: '', tree: [], truncated: false });
}
function sbom(scope: nock.Scope, repo: string): nock.Scope {
  return noTree(scope.get(`/repos/${ORG}/${repo}/dependency-graph/sbom`).reply(200, fixture(`sbom-${repo}.json`)), repo);
}
const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };

describe('github repositories stream', () => {
  it('3 pages by Link header; SBOM dependencies; archived skipped; a deleted repository (404) skipped', async () => {
    const scope = github();
    reposPage(scope, 1);
    sbom(scope, 'web-app');
    sbom(scope, 'ml-pipeline');
    reposPage(scope, 2);
    sbom(scope, 'api-gateway');
    reposPage(scope, 3);
    scope.get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`).reply(404, notFound);
    scope.get(`/repos/${ORG}/data-notebooks/git/trees/main`).query({ recursive: 'true' }).optionally().reply(404, notFound);
    const rt = runtime({ perPage: 2 });
    const { observations, cursors } = await drain((cursor) => githubConnector.fetchPage(rt, 'repositories', cursor));
    scope.done();
    expect(cursors).toEqual([{ page: 2, scanned: 2 }, { page: 3, scanned: 3 }, null]);
    const deps = observations.map((o) => `${attrs(o).repo} ${attrs(o).ecosystem}:${attrs(o).name}@${attrs(o).version}`);
    expect(deps).toEqual([
      `${ORG}/web-app npm:react@18.3.1`,
      `${ORG}/web-app npm:openai@4.77.0`,
      `${ORG}/web-app npm:@anthropic-ai/sdk@0.33.1`,
      `${ORG}/web-app npm:express@4.21.2`,
      `${ORG}/ml-pipeline pypi:numpy@2.1.3`,
      `${ORG}/ml-pipeline pypi:langchain@0.3.13`,
      `${ORG}/ml-pipeline pypi:langchain-openai@0.2.14`,
      `${ORG}/ml-pipeline pypi:openai@1.58.1`,
      `${ORG}/api-gateway npm:express@4.21.2`,
      `${ORG}/api-gateway go:github.com/sashabaranov/go-openai@v1.36.0`,
    ]);
    expect(observations.find((o) => attrs(o).name === '@anthropic-ai/sdk')).toEqual({
      kind: 'dependency',
      key: `github:dep:${ORG}/web-app:sbom:npm:@anthropic-ai/sdk`,
      attributes: { ecosystem: 'npm', name: '@anthropic-ai/sdk', version: '0.33.1', manifest: 'sbom', repo: `${ORG}/web-app` },
    });
    for (const o of observations) expect(observationSchemas[o.kind].safeParse(o.attributes).success).toBe(true);
    expect(observations.some((o) => attrs(o).repo === `${ORG}/legacy-reports`)).toBe(false);
  });

  it('includeArchived scans archived repositories; maxRepos caps the scan', async () => {
    const scope = github();
    reposPage(scope, 2);
    sbom(scope, 'legacy-reports');
    const page = await githubConnector.fetchPage(runtime({ perPage: 2, includeArchived: true, maxRepos: 1 }), 'repositories', { page: 2, scanned: 0 });
    scope.done();
    expect(page.next).toBeNull(); // capped after legacy-reports: api-gateway and page 3 are not read
    expect(page.observations.map((o) => o.key)).toEqual([`github:dep:${ORG}/legacy-reports:sbom:npm:jquery`]);
  });

  it('secondary rate limit (403 + retry-after) → RateLimitedError ≥ 60 s, no wait in the client; then success', async () => {
    const rt = runtime({ perPage: 2 });
    const scope = github();
    reposPage(scope, 3);
    scope
      .get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`)
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: '403' }, { 'retry-after': '60' });
    const started = Date.now();
    const error = await githubConnector.fetchPage(rt, 'repositories', { page: 3, scanned: 4 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(60_000);
    scope.done();

    // The same message without retry-after is a secondary limit too (≥ 60 s), not "dependency graph disabled".
    const again = github();
    reposPage(again, 3);
    again.get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`).reply(403, { message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.', status: '403' });
    const error2 = await githubConnector.fetchPage(rt, 'repositories', { page: 3, scanned: 4 }).catch((e: unknown) => e);
    expect(error2).toBeInstanceOf(RateLimitedError);
    expect((error2 as RateLimitedError).retryAfterMs).toBe(60_000);
    again.done();

    const ok = github();
    reposPage(ok, 3);
    ok.get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`).reply(200, fixture('sbom-api-gateway.json'));
    noTree(ok, 'data-notebooks');
    const page = await githubConnector.fetchPage(rt, 'repositories', { page: 3, scanned: 4 });
    expect(page.observations).toHaveLength(2);
    expect(page.next).toBeNull();
    ok.done();
  });

  it('primary rate limit (x-ratelimit-remaining 0) → RateLimitedError until the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const scope = github()
      .get(`/orgs/${ORG}/repos`)
      .query(true)
      .reply(403, { message: 'API rate limit exceeded for user ID 5100.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' }, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      });
    const error = await githubConnector.fetchPage(runtime(), 'repositories', null).catch((e: unknown) => e);
    scope.done();
    expect(error).toBeInstanceOf(RateLimitedError);
    const wait = (error as RateLimitedError).retryAfterMs;
    expect(wait).toBeGreaterThan(590_000);
    expect(wait).toBeLessThanOrEqual(600_000);
  });

  it('reads a page\'s repositories several at once (concurrency) and keeps the page\'s order', async () => {
    const names = ['alpha', 'bravo', 'charlie', 'delta'];
    const repos = names.map((name, i) => ({ ...fixture('repos-page1.json')[0], id: 800_000 + i, name, full_name: `${ORG}/${name}`, archived: false }));
    const scope = github().get(`/orgs/${ORG}/repos`).query(true).reply(200, repos);
    let inFlight = 0;
    let mostInFlight = 0;
    for (const [i, name] of names.entries()) {
      scope
        .get(`/repos/${ORG}/${name}/dependency-graph/sbom`)
        .delay(100)
        .reply(200, () => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          setTimeout(() => inFlight--, 90);
          // The first repository answers last: the page still lists it first.
          return fixture(i === 0 ? 'sbom-web-app.json' : 'sbom-api-gateway.json');
        });
      noTree(scope, name);
    }
    const page = await githubConnector.fetchPage(runtime({ concurrency: 4 }), 'repositories', null);
    scope.done();
    expect(mostInFlight).toBeGreaterThan(1);
    expect([...new Set(page.observations.map((o) => attrs(o).repo))]).toEqual(names.map((name) => `${ORG}/${name}`));
  });

  it('sends no request the primary limit has no room for: with 3 left and 4 repositories, the fourth waits for the reset (RateLimitedError), unsent', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const left = (remaining: number) => ({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' });
    const names = ['alpha', 'bravo', 'charlie', 'delta'];
    const repos = names.map((name, i) => ({ ...fixture('repos-page1.json')[0], id: 800_000 + i, name, full_name: `${ORG}/${name}`, archived: false, default_branch: null }));
    const scope = github().get(`/orgs/${ORG}/repos`).query(true).reply(200, repos, left(3));
    // Answers arrive out of order and each says what is left; none may let a fourth through.
    names.slice(0, 3).forEach((name, i) => scope.get(`/repos/${ORG}/${name}/dependency-graph/sbom`).delay(30 * (3 - i)).reply(200, fixture('sbom-api-gateway.json'), left(2 - i)));
    // Answered if it were sent, so that sending it is seen here rather than as a refused connection.
    let fourthSent = false;
    scope
      .get(`/repos/${ORG}/delta/dependency-graph/sbom`)
      .optionally()
      .reply(200, () => {
        fourthSent = true;
        return fixture('sbom-api-gateway.json');
      });
    const error = await githubConnector.fetchPage(runtime({ concurrency: 4 }), 'repositories', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(590_000);
    expect(fourthSent).toBe(false);
    scope.done();
  });

  it('403 listing repositories → PermanentSourceError naming the scope', async () => {
    const scope = github().get(`/orgs/${ORG}/repos`).query(true).reply(403, { message: 'Resource not accessible by personal access token', status: '403' });
    const error = await githubConnector.fetchPage(runtime(), 'repositories', null).catch((e: unknown) => e);
    scope.done();
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as Error).message).toMatch(/grant repo for private repositories/);
  });

  it.skipIf(!MANIFESTS)('dependency graph disabled (SBOM 404) → manifests through the contents API (needs connectors/manifests)', async () => {
    const pkg = JSON.stringify({ name: 'notebooks', dependencies: { openai: '^4.77.0', react: '18.3.1' } }, null, 2);
    const scope = github();
    reposPage(scope, 3);
    scope.get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`).reply(404, { message: 'Dependency graph is not enabled for this repository.', status: '404' });
    scope
      .get(`/repos/${ORG}/data-notebooks/git/trees/main`)
      .query({ recursive: 'true' })
      .reply(200, {
        sha: '9fb037999f264ba9a7fc6274d15fa3ae2ab98312',
        truncated: false,
        tree: [
          { path: 'package.json', mode: '100644', type: 'blob', sha: 'b1', size: pkg.length },
          { path: 'node_modules/left-pad/package.json', mode: '100644', type: 'blob', sha: 'b2', size: 10 },
          { path: 'src', mode: '040000', type: 'tree', sha: 't1' },
        ],
      });
    scope
      .get(`/repos/${ORG}/data-notebooks/contents/package.json`)
      .query({ ref: 'main' })
      .reply(200, { type: 'file', encoding: 'base64', size: pkg.length, name: 'package.json', path: 'package.json', content: Buffer.from(pkg).toString('base64').replace(/(.{60})/g, '$1\n'), sha: 'b1' });
    const page = await githubConnector.fetchPage(runtime({ perPage: 2 }), 'repositories', { page: 3, scanned: 4 });
    scope.done();
    const names = page.observations.filter((o) => o.kind === 'dependency').map((o) => `${attrs(o).ecosystem}:${attrs(o).name}`);
    expect(names).toEqual(expect.arrayContaining(['npm:openai', 'npm:react']));
    expect(page.observations.every((o) => attrs(o).repo === `${ORG}/data-notebooks`)).toBe(true);
    expect(page.observations.find((o) => attrs(o).name === 'openai')!.key).toBe(`github:dep:${ORG}/data-notebooks:package.json:npm:openai`);
  });
});

describe('parsePurl', () => {
  it.each([
    ['pkg:npm/%40anthropic-ai/sdk@0.33.1', { ecosystem: 'npm', name: '@anthropic-ai/sdk', version: '0.33.1' }],
    ['pkg:pypi/Langchain_Community@0.3.1', { ecosystem: 'pypi', name: 'langchain-community', version: '0.3.1' }],
    ['pkg:golang/github.com/sashabaranov/go-openai@v1.36.0', { ecosystem: 'go', name: 'github.com/sashabaranov/go-openai', version: 'v1.36.0' }],
    ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.36.2', { ecosystem: 'maven', name: 'dev.langchain4j:langchain4j-open-ai', version: '0.36.2' }],
    ['pkg:nuget/Azure.AI.OpenAI@2.1.0', { ecosystem: 'nuget', name: 'Azure.AI.OpenAI', version: '2.1.0' }],
    ['pkg:gem/ruby-openai@7.3.1', { ecosystem: 'rubygems', name: 'ruby-openai', version: '7.3.1' }],
    ['pkg:cargo/async-openai@0.26.0', { ecosystem: 'cargo', name: 'async-openai', version: '0.26.0' }],
    ['pkg:npm/openai', { ecosystem: 'npm', name: 'openai' }],
  ])('%s', (purl, expected) => {
    expect(parsePurl(purl)).toEqual(expected);
  });
  it('skips the repository itself and unknown ecosystems', () => {
    expect(parsePurl('pkg:github/northwind-analytics/web-app@main')).toBeNull();
    expect(parsePurl('pkg:githubactions/actions/checkout@4.%2A.%2A')).toBeNull();
    expect(parsePurl('not a purl')).toBeNull();
  });

  it('does not read a repository again that was not pushed since the last complete scan that read it, and vouches for it', async () => {
    const scope = github();
    reposPage(scope, 1);
    // web-app and ml-pipeline were pushed on 2026-11-20; the last complete scan started later and read both.
    const confirmed = { state: { pushedAt: '2026-11-20T10:00:00Z' }, confirmed: true };
    const page = await githubConnector.fetchPage({ ...runtime({ perPage: 2 }), lastCompleteScanAt: '2026-11-25T00:00:00Z', known: () => confirmed }, 'repositories', null);
    scope.done();
    expect(page.observations).toEqual([]);
    expect(page.unchanged).toEqual([`github:dep:${ORG}/web-app:`, `github:artefact:${ORG}/web-app:`, `github:dep:${ORG}/ml-pipeline:`, `github:artefact:${ORG}/ml-pipeline:`]);
    expect(page.items!.map((i) => i.item)).toEqual([`${ORG}/web-app`, `${ORG}/ml-pipeline`]);
  });

  it('reads an unpushed repository again when no complete scan has read it (a listing cut short must not hide it for ever)', async () => {
    const scope = github();
    reposPage(scope, 1);
    for (const name of ['web-app', 'ml-pipeline']) {
      scope.get(`/repos/${ORG}/${name}/dependency-graph/sbom`).reply(200, { sbom: { packages: [] } });
      scope.get(new RegExp(`/repos/${ORG}/${name}/git/trees/`)).query(true).reply(200, { tree: [], truncated: false });
    }
    const page = await githubConnector.fetchPage({ ...runtime({ perPage: 2 }), lastCompleteScanAt: '2026-11-25T00:00:00Z', known: () => undefined }, 'repositories', null);
    scope.done();
    expect(page.unchanged).toBeUndefined();
    expect(page.items!.map((i) => i.item)).toEqual([`${ORG}/web-app`, `${ORG}/ml-pipeline`]);
  });
});

describe('github conditional requests', () => {
  it('asks a pushed repository again with the ETags a complete scan recorded, and a 304 vouches for what they gave', async () => {
    const scope = github();
    scope
      .get(`/orgs/${ORG}/repos`)
      .query({ type: 'all', per_page: '2', page: '1' })
      .reply(200, fixture('repos-page1.json').map((repo: { pushed_at: string }) => ({ ...repo, pushed_at: '2026-12-01T10:00:00Z' })));
    for (const name of ['web-app', 'ml-pipeline']) {
      scope
        .get(`/repos/${ORG}/${name}/dependency-graph/sbom`)
        .matchHeader('if-none-match', `"sbom-${name}"`)
        .reply(304)
        .get(`/repos/${ORG}/${name}/git/trees/main`)
        .query({ recursive: 'true' })
        .matchHeader('if-none-match', `"tree-${name}"`)
        .reply(304);
    }
    const known = (_stream: string, item: string) => {
      const name = item.split('/')[1]!;
      return { state: { pushedAt: '2026-11-20T10:00:00Z', sbomEtag: `"sbom-${name}"`, treeEtag: `"tree-${name}"` }, confirmed: true };
    };
    const page = await githubConnector.fetchPage({ ...runtime({ perPage: 2 }), lastCompleteScanAt: '2026-11-25T00:00:00Z', known }, 'repositories', null);
    scope.done();
    expect(page.observations).toEqual([]);
    expect(page.unchanged).toEqual([`github:dep:${ORG}/web-app:sbom:`, `github:artefact:${ORG}/web-app:`, `github:dep:${ORG}/ml-pipeline:sbom:`, `github:artefact:${ORG}/ml-pipeline:`]);
    expect(page.items!.map((i) => i.state)).toEqual([
      { pushedAt: '2026-12-01T10:00:00Z', sbomEtag: '"sbom-web-app"', treeEtag: '"tree-web-app"' },
      { pushedAt: '2026-12-01T10:00:00Z', sbomEtag: '"sbom-ml-pipeline"', treeEtag: '"tree-ml-pipeline"' },
    ]);
  });

  it('records the ETags of a fresh read for the next scan', async () => {
    const scope = github();
    scope.get(`/orgs/${ORG}/repos`).query({ type: 'all', per_page: '2', page: '1' }).reply(200, fixture('repos-page1.json'));
    for (const name of ['web-app', 'ml-pipeline']) {
      scope
        .get(`/repos/${ORG}/${name}/dependency-graph/sbom`)
        .reply(200, fixture(`sbom-${name}.json`), { etag: `W/"s-${name}"` })
        .get(`/repos/${ORG}/${name}/git/trees/main`)
        .query({ recursive: 'true' })
        .reply(200, { sha: 'aa11', tree: [], truncated: false }, { etag: `"t-${name}"` });
    }
    const page = await githubConnector.fetchPage(runtime({ perPage: 2 }), 'repositories', null);
    scope.done();
    expect(page.items!.map((i) => i.state)).toEqual([
      expect.objectContaining({ sbomEtag: 'W/"s-web-app"', treeEtag: '"t-web-app"' }),
      expect.objectContaining({ sbomEtag: 'W/"s-ml-pipeline"', treeEtag: '"t-ml-pipeline"' }),
    ]);
  });
});
