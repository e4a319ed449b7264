import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoft365Connector } from '../../../connectors/microsoft365/index.js';
import { graphBatchRoute } from '../../helpers/nock-graph-batch.js';
import { collection, fixture, GRAPH, graphScope, runtime, tokenScope } from './helpers.js';

/**
 * The per-app and per-user lookups of a grants page go in Graph JSON batches (connectors/
 * microsoft365/batch.ts), answered here by graphBatchRoute through the GETs each test sets up.
 */

const chatgpt = fixture('graph/servicePrincipals-page2.json').value[1];
const APPS = 25;
const guid = (kind: number, n: number) => `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const apps = Array.from({ length: APPS }, (_, i) => ({ ...chatgpt, id: guid(2, i), appId: guid(3, i), displayName: `Assistant ${i}`, appDisplayName: `Assistant ${i}` }));
const json = { 'Content-Type': 'application/json' };

/** A page of 25 third-party apps, each consented to by one user of its own: 75 lookups. */
function tenant() {
  const graph = graphScope();
  graph.get('/v1.0/servicePrincipals').query(true).reply(200, collection('servicePrincipals', apps));
  apps.forEach((app, i) => {
    graph
      .get('/v1.0/oauth2PermissionGrants')
      .query({ $filter: `clientId eq '${app.id}'` })
      .reply(200, collection('oauth2PermissionGrants', [{ id: `grant-${i}`, clientId: app.id, consentType: 'Principal', principalId: guid(1, i), resourceId: guid(4, 0), scope: 'openid User.Read Mail.Read' }]))
      .get(`/v1.0/servicePrincipals/${app.id}/appRoleAssignments`)
      .reply(200, collection('appRoleAssignments', []))
      .get(`/v1.0/users/${guid(1, i)}`)
      .query(true)
      .reply(200, { userPrincipalName: `user${i}@northwind.example`, accountEnabled: true });
  });
  return graph;
}

const consents = (observations: { attributes: unknown }[]) => observations.map((o) => o.attributes as { appName: string; user: string }).map((a) => `${a.appName} ${a.user}`);

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('microsoft365 JSON batching', () => {
  it("sends a page's 75 lookups in batches of at most 20, each lookup once, and pairs the answers by id", async () => {
    tokenScope();
    const log = graphBatchRoute(GRAPH);
    const graph = tenant();
    const page = await microsoft365Connector.fetchPage(runtime(), 'grants', null);
    graph.done();
    expect(consents(page.observations)).toEqual(apps.map((app, i) => `${app.displayName} user${i}@northwind.example`));
    const members = log.batches.flat();
    expect(members).toHaveLength(APPS * 3);
    expect(new Set(members).size).toBe(APPS * 3);
    expect(Math.max(...log.batches.map((batch) => batch.length))).toBeLessThanOrEqual(20);
    // 50 app lookups (20, 20, 10), then 25 users (20, 5): five round trips where there were 75.
    expect(log.batches.length).toBeLessThanOrEqual(5);
  });

  it.each([
    ['503', (scope: nock.Interceptor) => scope.reply(503, { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } })],
    ['429 for the whole batch', (scope: nock.Interceptor) => scope.reply(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'Retry-After': '0' })],
    ['cut mid-JSON', (scope: nock.Interceptor) => scope.reply(200, '{"responses":[{"id":"1","status":200,"body":{"value":[', json)],
    ['200 with an empty body', (scope: nock.Interceptor) => scope.reply(200, '', json)],
    ['200 without the responses', (scope: nock.Interceptor) => scope.reply(200, { responses: [] })],
    ['a dropped connection', (scope: nock.Interceptor) => scope.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })],
  ])('a batch that fails as a whole (%s) repeats each of its members, and the page is the one a clean run gives', async (_name, breakIt) => {
    const scan = async (broken: boolean) => {
      tokenScope();
      if (broken) breakIt(nock(GRAPH).post('/v1.0/$batch'));
      const log = graphBatchRoute(GRAPH);
      const graph = tenant();
      const page = await microsoft365Connector.fetchPage(runtime(), 'grants', null);
      // Each GET answered once: the repeat went to the members of the failed batch only.
      graph.done();
      nock.cleanAll();
      return { observations: page.observations, members: log.batches.flat().length };
    };
    const clean = await scan(false);
    const broken = await scan(true);
    expect(broken.observations).toEqual(clean.observations);
    expect(broken.members).toBe(APPS * 3);
  });

  it('a member that keeps failing gives up naming its own call, with what Graph said', async () => {
    tokenScope();
    graphBatchRoute(GRAPH);
    const graph = graphScope();
    graph.get('/v1.0/servicePrincipals').query(true).reply(200, collection('servicePrincipals', apps.slice(0, 1)));
    graph.get('/v1.0/oauth2PermissionGrants').query(true).times(6).reply(503, { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } });
    graph.get(`/v1.0/servicePrincipals/${apps[0].id}/appRoleAssignments`).reply(200, collection('appRoleAssignments', []));
    const error = (await microsoft365Connector.fetchPage(runtime(), 'grants', null).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^GET \/oauth2PermissionGrants answered 503.*\(Graph: serviceNotAvailable: Service unavailable\) \(gave up on GET \/oauth2PermissionGrants after 6 attempts\)$/);
    graph.done();
  });
});
