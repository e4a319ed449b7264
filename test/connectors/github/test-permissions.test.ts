import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector } from '../../../connectors/github/index.js';
import { fixture, github, ORG, runtime } from './helpers.js';

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('github test()', () => {
  it('one check per need; a 403 names the missing scope; Copilot 404 is fine', async () => {
    const scope = github()
      .get(`/orgs/${ORG}`)
      .reply(200, fixture('org.json'))
      .get(`/orgs/${ORG}/copilot/billing`)
      .reply(404, { message: 'Not Found', status: '404' })
      .get(`/orgs/${ORG}/installations`)
      .query({ per_page: '1' })
      .reply(403, { message: 'You must be an organization owner or have the "Administration: read" permission', status: '403' }, { 'x-accepted-oauth-scopes': 'admin:org, read:org' })
      .get(`/orgs/${ORG}/repos`)
      .query({ type: 'all', per_page: '1' })
      .reply(200, [fixture('repos-page1.json')[0]])
      .get(`/repos/${ORG}/web-app/dependency-graph/sbom`)
      .reply(200, fixture('sbom-web-app.json'));
    const checks = await githubConnector.test(runtime());
    scope.done();
    expect(checks.map((c) => c.ok)).toEqual([true, true, false, true, true]);
    // Each check after the organisation's names the declared permission it probes (permissions.ts).
    expect(checks.map((c) => c.permission)).toEqual([undefined, 'manage_billing:copilot', 'read:org', 'repo', 'repo']);
    expect(checks[2]).toMatchObject({ problem: 'permission', fix: expect.stringMatching(/^Grant /) });
    expect(checks[2]!.detail).toMatch(/stream apps: .*403.*read:org.*accepted token scopes: admin:org, read:org/);
  });

  it('a bad token stops after the first check', async () => {
    const scope = github().get(`/orgs/${ORG}`).reply(401, { message: 'Bad credentials', status: '401' });
    const checks = await githubConnector.test(runtime());
    scope.done();
    expect(checks[0]).toMatchObject({ ok: false });
    expect(checks[0]!.detail).toMatch(/credential was refused/);
    expect(checks.slice(1).every((c) => !c.ok && c.skipped)).toBe(true);
    expect(checks.slice(1).map((c) => c.permission)).toEqual(['manage_billing:copilot', 'read:org', 'repo']);
  });
});
