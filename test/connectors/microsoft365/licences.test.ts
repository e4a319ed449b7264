import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoft365Connector } from '../../../connectors/microsoft365/index.js';
import type { Observation } from '../../../src/domain/observation.js';
import { fixture, graphScope, licence, queryOf, runtime, tokenScope } from './helpers.js';

const skus = fixture('subscribed-skus.json');
const pages = [fixture('graph/users-page1.json'), fixture('graph/users-page2.json'), fixture('graph/users-page3.json')];

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('microsoft365 skus stream', () => {
  it('GET /subscribedSkus with $select → one licence per SKU, one page', async () => {
    const token = tokenScope();
    const graph = graphScope()
      .get('/v1.0/subscribedSkus')
      .query({ $select: 'skuId,skuPartNumber,consumedUnits,prepaidUnits,capabilityStatus' })
      .reply(200, skus);
    const page = await microsoft365Connector.fetchPage(runtime(), 'skus', null);
    expect(page.next).toBeNull();
    expect(page.observations.find((o) => licence(o).skuName === 'Microsoft_365_Copilot')).toEqual({
      kind: 'licence',
      key: 'm365:sku:639dec6b-bb19-468b-871c-c5c441c4b0cb',
      attributes: { provider: 'microsoft', skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb', skuName: 'Microsoft_365_Copilot', seats: 15, consumed: 12 },
    });
    token.done();
    graph.done();
  });
});

describe('microsoft365 licence-holders stream', () => {
  it('pages over three pages of users by @odata.nextLink; skips disabled accounts; names SKUs once', async () => {
    const rt = runtime({ pageSize: 3 });
    const token = tokenScope();
    const graph = graphScope()
      .get('/v1.0/users')
      .query({ $select: 'id,userPrincipalName,assignedLicenses,accountEnabled', $top: '3' })
      .reply(200, pages[0])
      .get('/v1.0/subscribedSkus')
      .query(true)
      .once()
      .reply(200, skus)
      .get('/v1.0/users')
      .query(queryOf(pages[0]['@odata.nextLink']))
      .reply(200, pages[1])
      .get('/v1.0/users')
      .query(queryOf(pages[1]['@odata.nextLink']))
      .reply(200, pages[2]);

    const seen: Observation[] = [];
    let cursor: unknown = null;
    let count = 0;
    do {
      const page = await microsoft365Connector.fetchPage(rt, 'licence-holders', cursor);
      seen.push(...page.observations);
      cursor = page.next;
      count++;
    } while (cursor !== null);
    expect(count).toBe(3);
    token.done();
    graph.done();

    expect(seen.map((o) => `${licence(o).user} ${licence(o).skuName}`)).toEqual([
      'amelia.brooks@northwind-analytics.com SPE_E5',
      'amelia.brooks@northwind-analytics.com Microsoft_365_Copilot',
      'dev.patel@northwind-analytics.com ENTERPRISEPACK',
      'marta.kowalski@northwind-analytics.com ENTERPRISEPACK',
      'marta.kowalski@northwind-analytics.com Microsoft_365_Copilot',
      'marta.kowalski@northwind-analytics.com POWER_BI_PRO',
      'liam.oconnor@northwind-analytics.com ENTERPRISEPACK',
      'sofia.martins@northwind-analytics.com SPE_E5',
      'sofia.martins@northwind-analytics.com POWER_BI_PRO',
      // noah.fischer is disabled; conf.harbour holds nothing
      'priya.raman@northwind-analytics.com ENTERPRISEPACK',
      'priya.raman@northwind-analytics.com FLOW_FREE',
    ]);
    expect(seen[1]!.key).toBe('m365:licence:639dec6b-bb19-468b-871c-c5c441c4b0cb:3f2a6b1c-8d4e-4a7f-9b2c-1e5d7a9c0b31');
  });

  it('works against a local http test double, following its nextLinks', async () => {
    const local = 'http://127.0.0.1:5999/graph';
    const rt = runtime({ graphUrl: local, authorityUrl: 'http://127.0.0.1:5998' });
    const token = tokenScope('http://127.0.0.1:5998', local);
    const next = `${local}/v1.0/users?$select=id,userPrincipalName,assignedLicenses,accountEnabled&$top=999&$skiptoken=abc`;
    const graph = graphScope('http://127.0.0.1:5999')
      .get('/graph/v1.0/users')
      .query({ $select: 'id,userPrincipalName,assignedLicenses,accountEnabled', $top: '999' })
      .reply(200, { ...pages[0], '@odata.nextLink': next })
      .get('/graph/v1.0/subscribedSkus')
      .query(true)
      .reply(200, skus)
      .get('/graph/v1.0/users')
      .query(queryOf(next))
      .reply(200, pages[2]);
    const first = await microsoft365Connector.fetchPage(rt, 'licence-holders', null);
    expect(first.next).toBe(next);
    const last = await microsoft365Connector.fetchPage(rt, 'licence-holders', first.next);
    expect(last.next).toBeNull();
    expect(last.observations.map((o) => licence(o).skuName)).toEqual(['ENTERPRISEPACK', 'FLOW_FREE']);
    token.done();
    graph.done();
  });

  it('403 on /users names User.Read.All', async () => {
    tokenScope();
    const graph = graphScope()
      .get('/v1.0/users')
      .query(true)
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
    await expect(microsoft365Connector.fetchPage(runtime(), 'licence-holders', null)).rejects.toThrow(/grant User\.Read\.All/);
    graph.done();
  });
});

describe('microsoft365 test()', () => {
  it('reports the token and each permission, naming a missing one with the 403 message', async () => {
    const token = tokenScope();
    const denied = { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } };
    const graph = graphScope()
      .get('/v1.0/subscribedSkus')
      .query({ $select: 'skuId' })
      .reply(200, skus)
      .get('/v1.0/users')
      .query({ $select: 'id,assignedLicenses', $top: '1' })
      .reply(200, { value: pages[0].value.slice(0, 1) })
      .get('/v1.0/servicePrincipals')
      .query({ $select: 'id', $top: '1' })
      .reply(200, { value: [{ id: '59e617e5-e447-4adc-8b88-00af644d7c92' }] })
      .get('/v1.0/oauth2PermissionGrants')
      .query({ $top: '1' })
      .reply(403, denied)
      .get('/v1.0/deviceManagement/detectedApps')
      .query({ $select: 'id', $top: '1' })
      .reply(200, { value: [] });
    const checks = await microsoft365Connector.test(runtime());
    token.done();
    graph.done();
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['app-only token from https://login.microsoftonline.com/b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19/oauth2/v2.0/token', true],
      ['Organization.Read.All', true],
      ['User.Read.All', true],
      ['Application.Read.All', true],
      ['DelegatedPermissionGrant.Read.All (or Directory.Read.All)', false],
      ['DeviceManagementManagedDevices.Read.All', true],
    ]);
    expect(checks[4]!.detail).toMatch(/permission denied; grant DelegatedPermissionGrant\.Read\.All .*Insufficient privileges/);
  });

  it('a refused credential fails the token check and marks the rest unchecked', async () => {
    nock('https://login.microsoftonline.com')
      .post(/oauth2\/v2\.0\/token$/)
      .reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    const checks = await microsoft365Connector.test(runtime());
    expect(checks[0]).toMatchObject({ ok: false });
    expect(checks[0]!.detail).toContain('AADSTS7000215');
    expect(checks.slice(1).every((c) => !c.ok && c.skipped && c.detail === 'not checked: no token')).toBe(true);
    expect(checks.slice(1).map((c) => c.permission)).toEqual(['Organization.Read.All', 'User.Read.All', 'Application.Read.All', 'DelegatedPermissionGrant.Read.All', 'DeviceManagementManagedDevices.Read.All']);
  });
});

describe('microsoft365 options', () => {
  it('validates the tenant and defaults the endpoints', () => {
    const parse = microsoft365Connector.optionsSchema.safeParse.bind(microsoft365Connector.optionsSchema);
    expect(parse({ tenantId: 'northwindanalytics.onmicrosoft.com', clientId: 'c' }).data).toEqual({
      tenantId: 'northwindanalytics.onmicrosoft.com',
      clientId: 'c',
      graphUrl: 'https://graph.microsoft.com',
      authorityUrl: 'https://login.microsoftonline.com',
      pageSize: 999,
      intuneRequestsPerSecond: 100,
    });
    expect(parse({ tenantId: 'not a tenant', clientId: 'c' }).success).toBe(false);
    expect(parse({ tenantId: 'contoso.com', clientId: 'c', graphUrl: 'ftp://x' }).success).toBe(false);
    expect(parse({ tenantId: 'contoso.com', clientId: 'c', unknown: 1 }).success).toBe(false);
    expect(parse({ tenantId: 'contoso.com', clientId: 'c', pageSize: '1000' }).success).toBe(false);
    expect(microsoft365Connector.secretOptions).toEqual(['clientSecret']);
    expect(microsoft365Connector.streams).toEqual(['skus', 'licence-holders', 'grants', 'detected-apps']);
  });
});
