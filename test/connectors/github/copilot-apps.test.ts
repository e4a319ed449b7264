import { getEventListeners } from 'node:events';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector } from '../../../connectors/github/index.js';
import { PermanentSourceError } from '../../../src/domain/connector.js';
import { observationSchemas } from '../../../src/domain/observation.js';
import { attrs, drain, fixture, github, link, ORG, requestedPaths, runtime, TOKEN } from './helpers.js';

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('github copilot stream', () => {
  it('org subscription + seats paged by the Link header', async () => {
    const rt = runtime({ perPage: 3 });
    const seatsPath = `/orgs/${ORG}/copilot/billing/seats?per_page=3`;
    const scope = github()
      .get(`/orgs/${ORG}/copilot/billing`)
      .reply(200, fixture('copilot-billing.json'))
      .get(`/orgs/${ORG}/copilot/billing/seats`)
      .query({ per_page: '3', page: '1' })
      .reply(200, fixture('copilot-seats-page1.json'), link(seatsPath, 1, 2))
      .get(`/orgs/${ORG}/copilot/billing/seats`)
      .query({ per_page: '3', page: '2' })
      .reply(200, fixture('copilot-seats-page2.json'), link(seatsPath, 2, 2));
    const { observations, cursors } = await drain((cursor) => githubConnector.fetchPage(rt, 'copilot', cursor));
    scope.done();
    expect(cursors).toEqual([{ page: 2, planType: 'business' }, null]);
    expect(observations[0]).toEqual({
      kind: 'licence',
      key: `github:copilot:${ORG}`,
      attributes: { provider: 'github', skuId: 'copilot_business', skuName: 'Copilot Business', seats: 5, consumed: 4 },
    });
    expect(observations.slice(1).map((o) => [o.key, attrs(o).user, attrs(o).skuId])).toEqual(
      ['amara-okafor', 'lukas-brandt', 'priya-raman', 'tomas-novak', 'mei-lin'].map((login) => [`github:copilot-seat:${login}`, login, 'copilot_business']),
    );
    for (const o of observations) expect(observationSchemas[o.kind].safeParse(o.attributes).success).toBe(true);
  });

  // Octokit hands the signal to Node's fetch, which keeps a listener on it until the request is
  // garbage-collected: the scan's signal must not carry one per request.
  it("leaves no listener on the scan's signal after its requests", async () => {
    const scan = new AbortController();
    const rt = { ...runtime(), signal: scan.signal };
    github().persist().get(`/orgs/${ORG}/copilot/billing`).reply(200, fixture('copilot-billing.json')).get(`/orgs/${ORG}/copilot/billing/seats`).query(true).reply(200, fixture('copilot-seats-page2.json'));
    for (let page = 0; page < 40; page++) await githubConnector.fetchPage(rt, 'copilot', null);
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(0);
  });

  it('Copilot not enabled (404) → an empty stream', async () => {
    const scope = github().get(`/orgs/${ORG}/copilot/billing`).reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/copilot/copilot-user-management#get-copilot-seat-information-and-settings-for-an-organization', status: '404' });
    expect(await githubConnector.fetchPage(runtime(), 'copilot', null)).toEqual({ observations: [], next: null });
    scope.done();
  });

  it('403 → PermanentSourceError naming the token scope', async () => {
    const scope = github()
      .get(`/orgs/${ORG}/copilot/billing`)
      .reply(403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest', status: '403' }, { 'x-accepted-oauth-scopes': 'manage_billing:copilot, read:org', 'x-oauth-scopes': 'repo', 'x-ratelimit-remaining': '4990' });
    const error = await githubConnector.fetchPage(runtime(), 'copilot', null).catch((e: unknown) => e);
    scope.done();
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as Error).message).toMatch(/manage_billing:copilot/);
    expect((error as Error).message).toMatch(/accepted token scopes: manage_billing:copilot, read:org/);
    expect((error as PermanentSourceError).missing.join(' ')).toMatch(/manage_billing:copilot/);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe('github apps stream', () => {
  it('one app_install per installation, with permissions; token only in the Authorization header', async () => {
    requestedPaths.length = 0;
    const scope = github().get(`/orgs/${ORG}/installations`).query({ per_page: '100', page: '1' }).reply(200, fixture('installations.json'));
    const page = await githubConnector.fetchPage(runtime(), 'apps', null);
    scope.done();
    expect(page.next).toBeNull();
    expect(page.observations.map((o) => [o.kind, o.key, attrs(o).slug, attrs(o).name])).toEqual([
      ['app_install', 'github:app:48120001', 'coderabbitai', 'coderabbitai'],
      ['app_install', 'github:app:48120002', 'dependabot', 'dependabot'],
      ['app_install', 'github:app:48120003', 'vercel', 'vercel'],
    ]);
    expect(attrs(page.observations[0]!).permissions).toMatchObject({ pull_requests: 'write', contents: 'read' });
    expect(requestedPaths.length).toBeGreaterThan(0);
    expect(requestedPaths.join('\n')).toContain('/installations');
    for (const path of requestedPaths) expect(path).not.toContain(TOKEN);
  });

  it('a wrong token (401) → PermanentSourceError; no token at all → PermanentSourceError before any request', async () => {
    const scope = github().get(`/orgs/${ORG}/installations`).query(true).reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    await expect(githubConnector.fetchPage(runtime(), 'apps', null)).rejects.toBeInstanceOf(PermanentSourceError);
    scope.done();
    await expect(githubConnector.fetchPage(runtime({}, {}), 'apps', null)).rejects.toThrow(/no credential/);
  });
});
