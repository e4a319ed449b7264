import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleWorkspaceConnector, parseGoogleTokensExport, resetGoogleWorkspaceSessions } from '../../../connectors/google-workspace/index.js';
import { API_ROOT, fixture, fixtureText, mockTokenEndpoint, runtime, SCOPE, TOKEN_HOST } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => resetGoogleWorkspaceSessions());
afterEach(() => nock.cleanAll());

describe('google-workspace licences stream', () => {
  it('lists Gemini assignments per product, resolving my_customer and treating an unsold product as empty', async () => {
    const tokens = [mockTokenEndpoint([SCOPE.userRead]), mockTokenEndpoint([SCOPE.licensing])];
    const api = nock(API_ROOT)
      .get('/admin/directory/v1/users')
      .query({ customer: 'my_customer', maxResults: '1', fields: 'users(customerId)' })
      .reply(200, { users: [{ customerId: 'C03nw7x1q' }] })
      .get('/apps/licensing/v1/product/101047/users')
      .query({ customerId: 'C03nw7x1q', maxResults: '1000' })
      .reply(200, { ...fixture<object>('licence-assignments-101047.json'), nextPageToken: 'p2' })
      .get('/apps/licensing/v1/product/101047/users')
      .query({ customerId: 'C03nw7x1q', maxResults: '1000', pageToken: 'p2' })
      .reply(200, { kind: 'licensing#licenseAssignmentList' })
      .get('/apps/licensing/v1/product/101068/users')
      .query(true)
      .reply(404, { error: { code: 404, message: 'Product not available for this customer' } });

    const first = await googleWorkspaceConnector.fetchPage(runtime(), 'licences', null);
    expect(first.observations).toEqual([
      { kind: 'licence', key: 'gws:licence:101047:1010470009:hana.sato@northwind.example', attributes: { provider: 'google', skuId: '1010470009', skuName: 'AI Expanded Access', user: 'hana.sato@northwind.example' } },
      { kind: 'licence', key: 'gws:licence:101047:1010470009:alice.moreau@northwind.example', attributes: { provider: 'google', skuId: '1010470009', skuName: 'AI Expanded Access', user: 'alice.moreau@northwind.example' } },
    ]);
    expect(first.next).toEqual({ productIndex: 0, pageToken: 'p2', customerId: 'C03nw7x1q' });
    const second = await googleWorkspaceConnector.fetchPage(runtime(), 'licences', first.next);
    expect(second).toEqual({ observations: [], next: { productIndex: 1, customerId: 'C03nw7x1q' } });
    const third = await googleWorkspaceConnector.fetchPage(runtime(), 'licences', second.next);
    expect(third).toEqual({ observations: [], next: null });
    api.done();
    for (const token of tokens) token.done();
  });
});

describe('google-workspace token-activity stream', () => {
  it('is empty without a previous complete scan (no call at all)', async () => {
    expect(await googleWorkspaceConnector.fetchPage(runtime(), 'token-activity', null)).toEqual({ observations: [], next: null });
  });

  it('reads authorize events since the last complete scan, keyed like the tokens stream', async () => {
    const token = mockTokenEndpoint([SCOPE.reports]);
    const since = '2026-11-24T00:00:00.000Z';
    const api = nock(API_ROOT)
      .get('/admin/reports/v1/activity/users/all/applications/token')
      .query({ eventName: 'authorize', startTime: since, maxResults: '1000' })
      .reply(200, fixture('activities-token-authorize.json'));
    const page = await googleWorkspaceConnector.fetchPage(runtime({}, { lastCompleteScanAt: since }), 'token-activity', null);
    token.done();
    api.done();
    expect(page.next).toBeNull();
    expect(page.observations).toHaveLength(1);
    const chatgpt = parseGoogleTokensExport(fixtureText('tokens-export.json')).observations.find((o) => o.key.includes('alice.moreau') && o.key.includes('677150985422'))!;
    // Ivan's new ChatGPT consent: same client, same key shape, same attributes as a token would give.
    expect(page.observations[0]).toEqual({ ...chatgpt, key: chatgpt.key.replace('alice.moreau', 'ivan.petrov'), attributes: { ...chatgpt.attributes, user: 'ivan.petrov@northwind.example' } });
  });
});

describe('google-workspace test()', () => {
  it('checks each scope with its own token and names the one the delegation lacks', async () => {
    const tokens = [mockTokenEndpoint([SCOPE.userRead]), mockTokenEndpoint([SCOPE.userSecurity]), mockTokenEndpoint([SCOPE.licensing]), mockTokenEndpoint([SCOPE.chromeReports])];
    const refused = nock(TOKEN_HOST)
      .post('/token', (body) => new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>)).get('assertion') !== null)
      .reply(401, { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' });
    const api = nock(API_ROOT)
      .get('/admin/directory/v1/users')
      .query({ customer: 'my_customer', maxResults: '1', fields: 'users(id)' })
      .reply(200, { users: [{ id: '1' }] })
      .get('/admin/directory/v1/users/alice.moreau%40northwind.example/tokens')
      .reply(200, { kind: 'admin#directory#tokenList' })
      .get('/admin/directory/v1/users')
      .query({ customer: 'my_customer', maxResults: '1', fields: 'users(customerId)' })
      .reply(200, { users: [{ customerId: 'C03nw7x1q' }] })
      .get('/apps/licensing/v1/product/101047/users')
      .query({ customerId: 'C03nw7x1q', maxResults: '1' })
      .reply(200, { kind: 'licensing#licenseAssignmentList' })
      .get('/v1/customers/my_customer/reports:countInstalledApps')
      .query({ pageSize: '1' })
      .reply(200, { installedApps: [], totalSize: 0 });

    const checks = await googleWorkspaceConnector.test(runtime());
    for (const scope of [...tokens, refused, api]) scope.done();
    expect(checks.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'admin.directory.user.readonly', ok: true },
      { name: 'admin.directory.user.security', ok: true },
      { name: 'admin.reports.audit.readonly', ok: false },
      { name: 'apps.licensing', ok: true },
      { name: 'chrome.management.reports.readonly', ok: true },
    ]);
    expect(checks.map((c) => c.permission)).toEqual(checks.map((c) => c.name));
    expect(checks[2]).toMatchObject({ problem: 'permission', fix: expect.stringMatching(/^Grant admin\.reports\.audit\.readonly/) });
    expect(checks[2]!.detail).toMatch(/not authorised for admin\.reports\.audit\.readonly; add https:\/\/www\.googleapis\.com\/auth\/admin\.reports\.audit\.readonly to its domain-wide delegation/);
  });
});
