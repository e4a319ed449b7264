import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector } from '../../../connectors/github/index.js';
import { PermanentSourceError } from '../../../src/domain/connector.js';
import { drain, fixture, github, link, ORG, runtime } from './helpers.js';

/**
 * Real APIs cut bodies off mid-JSON, answer 200 with nothing, fail one request in fifty and
 * throttle. Octokit hands a cut body back as status 200 with `data === ""`: read as "no
 * repositories", it once completed a scan with none and marked them all gone.
 */

const reposPath = `/orgs/${ORG}/repos?type=all&per_page=2`;
const json = { 'content-type': 'application/json; charset=utf-8' };
/** The first `bytes` of a JSON answer: a connection dropped mid-body. */
const cut = (body: unknown, bytes = 40) => JSON.stringify(body).slice(0, bytes);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function repos(scope: nock.Scope, page: number, reply: (scope: nock.Interceptor) => nock.Scope = (i) => i.reply(200, fixture(`repos-page${page}.json`), link(reposPath, page, 3))) {
  return reply(scope.get(`/orgs/${ORG}/repos`).query({ type: 'all', per_page: '2', page: String(page) }));
}
function sbom(scope: nock.Scope, repo: string, times = 1) {
  scope.get(`/repos/${ORG}/${repo}/dependency-graph/sbom`).times(times).reply(200, fixture(`sbom-${repo}.json`));
  scope.get(`/repos/${ORG}/${repo}/git/trees/main`).query({ recursive: 'true' }).optionally().reply(200, { sha: 'aa11', tree: [], truncated: false });
}
const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };

/** Every repository page and SBOM answered normally, with `fault` answered first where it says. */
function organisation(scope: nock.Scope) {
  repos(scope, 1);
  sbom(scope, 'web-app');
  sbom(scope, 'ml-pipeline');
  repos(scope, 2);
  sbom(scope, 'api-gateway');
  repos(scope, 3);
  scope.get(`/repos/${ORG}/data-notebooks/dependency-graph/sbom`).reply(404, notFound);
  scope.get(`/repos/${ORG}/data-notebooks/git/trees/main`).query({ recursive: 'true' }).optionally().reply(404, notFound);
}

const keys = async () => (await drain((cursor) => githubConnector.fetchPage(runtime({ perPage: 2 }), 'repositories', cursor))).observations.map((o) => o.key).sort();

describe('github under faults', () => {
  let expected: string[];
  beforeAll(async () => {
    const scope = github();
    organisation(scope);
    expected = await keys();
    scope.done();
    expect(expected.length).toBeGreaterThan(5);
  });

  it('a repository listing cut mid-JSON, or 200 with nothing, is asked again: every repository is read', async () => {
    for (const broken of [cut(fixture('repos-page2.json')), '']) {
      const scope = github();
      repos(scope, 2, (i) => i.reply(200, broken, { ...json, ...link(reposPath, 2, 3) }));
      organisation(scope);
      expect(await keys()).toEqual(expected);
      scope.done();
    }
  });

  it('an SBOM cut mid-JSON is asked again alone: the other repositories are read once', async () => {
    const scope = github();
    scope.get(`/repos/${ORG}/ml-pipeline/dependency-graph/sbom`).reply(200, cut(fixture('sbom-ml-pipeline.json'), 200), json);
    organisation(scope);
    expect(await keys()).toEqual(expected);
    scope.done();
  });

  it('a 5xx or a 429 on one request is repeated alone, the 429 after its Retry-After', async () => {
    const scope = github();
    scope.get(`/repos/${ORG}/web-app/dependency-graph/sbom`).reply(502, 'Bad Gateway');
    scope.get(`/repos/${ORG}/api-gateway/dependency-graph/sbom`).reply(429, { message: 'slow down' }, { 'retry-after': '1' });
    organisation(scope);
    const started = Date.now();
    expect(await keys()).toEqual(expected);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    scope.done();
  });

  it('installations and Copilot seats cut mid-JSON are asked again', async () => {
    const scope = github();
    const installations = fixture('installations.json');
    scope.get(`/orgs/${ORG}/installations`).query(true).reply(200, cut(installations, 60), json);
    scope.get(`/orgs/${ORG}/installations`).query(true).reply(200, installations);
    const apps = await githubConnector.fetchPage(runtime({ perPage: 100 }), 'apps', null);
    expect(apps.observations.length).toBe(installations.installations.length);
    scope.done();
  });

  it('Copilot seats cut mid-JSON are asked again', async () => {
    const seats = fixture('copilot-seats-page1.json');
    const read = async (broken: boolean) => {
      const scope = github();
      scope.get(`/orgs/${ORG}/copilot/billing`).reply(200, fixture('copilot-billing.json'));
      if (broken) scope.get(`/orgs/${ORG}/copilot/billing/seats`).query(true).reply(200, cut(seats, 90), json);
      scope.get(`/orgs/${ORG}/copilot/billing/seats`).query(true).reply(200, seats);
      const page = await githubConnector.fetchPage(runtime({ perPage: 100 }), 'copilot', null);
      scope.done();
      return page.observations;
    };
    const expected = await read(false);
    expect(expected.length).toBeGreaterThan(1);
    expect(await read(true)).toEqual(expected);
  });

  it('a 400 fails at once, naming the call, without a retry', async () => {
    const scope = github();
    scope.get(`/orgs/${ORG}/repos`).query(true).reply(400, { message: 'Bad request: per_page' });
    const error = await githubConnector.fetchPage(runtime({ perPage: 2 }), 'repositories', null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as PermanentSourceError).problem).toBe('invalid_request');
    expect((error as Error).message).toMatch(new RegExp(`^GET /orgs/${ORG}/repos answered 400: the source refused the request as invalid`));
    scope.done();
  });
});
