import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoft365Connector } from '../../../connectors/microsoft365/index.js';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../../../src/domain/connector.js';
import { collection, fixture, licence, GRAPH, graphScope, LOGIN, runtime, SECRET, TENANT, TOKEN, tokenScope } from './helpers.js';

const throttled = {
  error: {
    code: 'TooManyRequests',
    innerError: { code: '429', date: '2026-11-28T12:51:51', message: 'Please retry after', 'request-id': '94fb3b52-452a-4535-a601-69e0a90e3aa2', status: '429' },
    message: 'Please retry again later.',
  },
};
const denied = {
  error: {
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges to complete the operation.',
    innerError: { date: '2026-11-28T10:02:11', 'request-id': '0f9c2d41-6b8e-4b7a-9f1d-2c3e4a5b6c7d', 'client-request-id': '0f9c2d41-6b8e-4b7a-9f1d-2c3e4a5b6c7d' },
  },
};
const skus = fixture('subscribed-skus.json');
const page2 = fixture('graph/servicePrincipals-page2.json');

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('microsoft365 failures', () => {
  it('429 with Retry-After: the request alone waits as asked and is repeated (the SDK does not retry on its own)', async () => {
    const rt = runtime();
    const token = tokenScope();
    const graph = graphScope()
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(429, throttled, { 'Retry-After': '1.128', 'Content-Type': 'application/json' })
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(200, skus);
    const started = Date.now();
    const page = await microsoft365Connector.fetchPage(rt, 'skus', null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
    expect(page.observations).toHaveLength(5);
    graph.done();
    token.done();
  });

  it('a long Retry-After goes to the runner as a RateLimitedError, without holding the worker', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope().get('/v1.0/subscribedSkus').query(true).reply(429, throttled, { 'Retry-After': '120', 'Content-Type': 'application/json' });
    const started = Date.now();
    const error = await microsoft365Connector.fetchPage(rt, 'skus', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect((error as Error).message).toMatch(/GET \/subscribedSkus answered 429: rate limited/);
    expect(Date.now() - started).toBeLessThan(1500);
    graph.done();
  });

  it('503, a dropped connection and a body cut mid-JSON are repeated; a source that keeps failing gives up naming the call', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope()
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(503, { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } })
      .get('/v1.0/subscribedSkus')
      .query(true)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(200, JSON.stringify(skus).slice(0, 120), { 'Content-Type': 'application/json' })
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(200, skus);
    expect((await microsoft365Connector.fetchPage(rt, 'skus', null)).observations).toHaveLength(5);
    graph.done();

    tokenScope();
    const failing = graphScope().get('/v1.0/subscribedSkus').query(true).times(6).reply(503, { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } });
    const error = await microsoft365Connector.fetchPage(runtime(), 'skus', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSourceError);
    expect((error as Error).message).toMatch(/^GET \/subscribedSkus answered 503 .*\(gave up on GET \/subscribedSkus after 6 attempts\)$/);
    failing.done();
  });

  it('a 400 fails at once, naming the call', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope().get('/v1.0/subscribedSkus').query(true).reply(400, { error: { code: 'BadRequest', message: "Invalid $select properties." } });
    const error = await microsoft365Connector.fetchPage(rt, 'skus', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as PermanentSourceError).problem).toBe('invalid_request');
    expect((error as Error).message).toMatch(/^GET \/subscribedSkus answered 400: the source refused the request as invalid/);
    graph.done();
  });

  it('403 on a per-app request → PermanentSourceError naming the permission, and no partial page', async () => {
    const rt = runtime();
    tokenScope();
    const chatgpt = page2.value[1];
    const otter = page2.value[2];
    const graph = graphScope()
      .get('/v1.0/servicePrincipals')
      .query(true)
      .reply(200, collection('servicePrincipals', [chatgpt, otter]))
      .get('/v1.0/oauth2PermissionGrants')
      .query(true)
      .reply(403, denied);
    const error = await microsoft365Connector.fetchPage(rt, 'grants', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as Error).message).toContain('grant DelegatedPermissionGrant.Read.All (or Directory.Read.All)');
    expect((error as Error).message).toContain('Insufficient privileges');
    expect((error as PermanentSourceError).missing).toEqual(['DelegatedPermissionGrant.Read.All (or Directory.Read.All)']);
    graph.done();
  });

  it('403 listing service principals names Application.Read.All', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope().get('/v1.0/servicePrincipals').query(true).reply(403, denied);
    await expect(microsoft365Connector.fetchPage(rt, 'grants', null)).rejects.toThrow(/permission denied; grant Application\.Read\.All/);
    graph.done();
  });

  it.each([
    ['{"value": "nope"}', { value: 'nope' }],
    ['no value', { '@odata.context': `${GRAPH}/v1.0/$metadata#servicePrincipals` }],
    ['an item without appId', { value: [{ id: '59e617e5-e447-4adc-8b88-00af644d7c92', displayName: 'foo' }] }],
    ['not JSON', 'upstream proxy error'],
    ['empty', ''],
  ])('a malformed payload (%s) is never an empty page: it is asked again, then fails naming the call', async (_name, body) => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope().get('/v1.0/servicePrincipals').query(true).times(6).reply(200, body);
    const error = await microsoft365Connector.fetchPage(rt, 'grants', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSourceError);
    expect((error as Error).message).toMatch(/^GET \/servicePrincipals answered (an empty body|a body that is cut off or not of the documented shape)/);
    graph.done();
  });

  it('a cursor that is not a nextLink of the configured graphUrl is refused (the token stays home)', async () => {
    const rt = runtime();
    await expect(microsoft365Connector.fetchPage(rt, 'grants', 'https://evil.example/v1.0/servicePrincipals')).rejects.toBeInstanceOf(PermanentSourceError);
    await expect(microsoft365Connector.fetchPage(rt, 'grants', { page: 2 })).rejects.toBeInstanceOf(PermanentSourceError);
    await expect(microsoft365Connector.fetchPage(rt, 'nope', null)).rejects.toThrow(/no stream "nope"/);
  });
});

describe('microsoft365 token', () => {
  it('uses the authorityUrl and graphUrl of a national cloud; the secret goes only to the token endpoint', async () => {
    const authority = 'https://login.microsoftonline.us';
    const graphUrl = 'https://graph.microsoft.us';
    const rt = runtime({ authorityUrl: `${authority}/`, graphUrl });
    const token = tokenScope(authority, graphUrl);
    const seen: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    const graph = nock(graphUrl).get('/v1.0/subscribedSkus').query(true).reply(200, skus);
    graph.on('request', (req: { headers: Headers | Record<string, string>; url?: string; path?: string }, _interceptor: unknown, body: unknown) => {
      const headers = req.headers instanceof Headers ? Object.fromEntries(req.headers.entries()) : req.headers;
      seen.push({ url: String(req.url ?? req.path), headers, body });
    });
    const page = await microsoft365Connector.fetchPage(rt, 'skus', null);
    expect(page.observations.map((o) => licence(o).skuName)).toContain('Microsoft_365_Copilot');
    token.done();
    graph.done();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    expect(JSON.stringify(seen)).not.toContain('client_secret');
  });

  it('a refused client secret → PermanentSourceError naming the AADSTS error, without the secret', async () => {
    const rt = runtime();
    const token = nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(401, {
        error: 'invalid_client',
        error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 1b2c3d4e-0000\r\nCorrelation ID: 5f6a7b8c-0000\r\nTimestamp: 2026-11-28 10:00:00Z",
        error_codes: [7000215],
      });
    const error = await microsoft365Connector.fetchPage(rt, 'skus', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as Error).message).toContain('AADSTS7000215');
    expect((error as Error).message).not.toContain('Trace ID');
    expect((error as Error).message).not.toContain(SECRET);
    token.done();
  });

  it('an unknown tenant (400 invalid_request) is permanent; no secret → permanent without a request', async () => {
    const rt = runtime();
    const token = nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${TENANT}' not found.` });
    await expect(microsoft365Connector.fetchPage(rt, 'skus', null)).rejects.toBeInstanceOf(PermanentSourceError);
    token.done();
    await expect(microsoft365Connector.fetchPage(runtime({}, {}), 'skus', null)).rejects.toThrow(/no client secret/);
  });
});

describe('microsoft365 listings cut mid-JSON', () => {
  const cut = (body: unknown) => JSON.stringify(body).slice(0, 150);
  const json = { 'Content-Type': 'application/json' };

  it('a users page cut mid-body is asked again, and the page completes with every licence holder', async () => {
    const users = fixture('graph/users-page3.json');
    const clean = async (first?: unknown) => {
      tokenScope();
      const graph = graphScope().get('/v1.0/subscribedSkus').query(true).reply(200, skus);
      if (first !== undefined) graph.get('/v1.0/users').query(true).reply(200, first as string, json);
      graph.get('/v1.0/users').query(true).reply(200, { ...users, '@odata.nextLink': undefined });
      const page = await microsoft365Connector.fetchPage(runtime(), 'licence-holders', null);
      graph.done();
      return page.observations;
    };
    const expected = await clean();
    expect(expected.length).toBeGreaterThan(0);
    expect(await clean(cut(users))).toEqual(expected);
  });

  it('a grants listing cut mid-body is asked again alone', async () => {
    const [, chatgpt] = page2.value;
    const grants = fixture('entra-export.json').oauth2PermissionGrants.filter((g: { clientId: string }) => g.clientId === chatgpt.id);
    const scan = async (broken: boolean) => {
      tokenScope();
      const graph = graphScope().get('/v1.0/servicePrincipals').query(true).reply(200, collection('servicePrincipals', [chatgpt]));
      if (broken) graph.get('/v1.0/oauth2PermissionGrants').query(true).reply(200, cut(collection('oauth2PermissionGrants', grants)), json);
      graph
        .get('/v1.0/oauth2PermissionGrants')
        .query(true)
        .reply(200, collection('oauth2PermissionGrants', grants))
        .get(`/v1.0/servicePrincipals/${chatgpt.id}/appRoleAssignments`)
        .reply(200, collection('appRoleAssignments', []));
      graph.get(/\/v1\.0\/users\/[^/$]+$/).query(true).times(grants.length).reply(200, { userPrincipalName: 'someone@northwind-analytics.com', accountEnabled: true });
      const page = await microsoft365Connector.fetchPage(runtime(), 'grants', null);
      graph.done();
      return page.observations;
    };
    expect(await scan(true)).toEqual(await scan(false));
  });
});
