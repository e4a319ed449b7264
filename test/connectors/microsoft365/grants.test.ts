import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoft365Connector } from '../../../connectors/microsoft365/index.js';
import { collection, fixture, graphScope, queryOf, runtime, SECRET, tokenScope } from './helpers.js';

const exported = fixture('entra-export.json');
const page1 = fixture('graph/servicePrincipals-page1.json');
const page2 = fixture('graph/servicePrincipals-page2.json');
const page3 = fixture('graph/servicePrincipals-page3.json');
const graphAppRoles = fixture('graph/servicePrincipal-microsoft-graph-appRoles.json');
const FIRST_PAGE_QUERY = {
  $select: 'id,appId,displayName,appDisplayName,publisherName,verifiedPublisher,appOwnerOrganizationId,servicePrincipalType,tags',
  $top: '100',
};
const upn = (id: string) => exported.users.find((user: { id: string }) => user.id === id).userPrincipalName;

/** The per-app requests of one service principal: its grants and its app role assignments. */
function appRequests(scope: nock.Scope, spId: string) {
  const grants = exported.oauth2PermissionGrants.filter((grant: { clientId: string }) => grant.clientId === spId);
  const roles = exported.appRoleAssignments.filter((assignment: { principalId: string }) => assignment.principalId === spId);
  scope
    .get('/v1.0/oauth2PermissionGrants')
    .query({ $filter: `clientId eq '${spId}'` })
    .reply(200, collection('oauth2PermissionGrants', grants))
    .get(`/v1.0/servicePrincipals/${spId}/appRoleAssignments`)
    .reply(200, collection(`servicePrincipals('${spId}')/appRoleAssignments`, roles));
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('microsoft365 grants stream', () => {
  it('pages over three pages of service principals by @odata.nextLink, skipping first-party and own apps', async () => {
    const rt = runtime();
    const token = tokenScope();
    const graph = graphScope();
    const requests: string[] = [];
    graph.on('request', (_req: unknown, interceptor: { path: string }) => requests.push(interceptor.path));
    // Page 1: Microsoft Graph, Exchange Online, Teams (Microsoft Services) and Graph Explorer (Microsoft corp): no further requests.
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, page1);
    const first = await microsoft365Connector.fetchPage(rt, 'grants', null);
    expect(first.observations).toEqual([]);
    expect(first.next).toBe(page1['@odata.nextLink']);
    expect(JSON.parse(JSON.stringify(first.next))).toBe(first.next); // plain JSON

    // Page 2: the tenant's own app (skipped), ChatGPT, Otter.ai, Fireflies.ai.
    graph.get('/v1.0/servicePrincipals').query(queryOf(page1['@odata.nextLink'])).reply(200, page2);
    for (const sp of page2.value.slice(1)) appRequests(graph, sp.id);
    for (const id of ['3f2a6b1c-8d4e-4a7f-9b2c-1e5d7a9c0b31', '6c9e1d2a-4b7f-4e3a-8d1c-2f6b9a0e7c42', '9a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c53', '2d4f6a8c-1b3e-4d5f-9a7c-3e5b7d9f1a64', '5e7a9c1d-3f5b-4e7d-8c9a-4f6d8b0a2c75', '4f6b8d0c-2e4a-4c6e-9f1b-7c9e1a3d5f08']) {
      graph.get(`/v1.0/users/${id}`).query({ $select: 'userPrincipalName' }).reply(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(userPrincipalName)/$entity', userPrincipalName: upn(id) });
    }
    graph.get(`/v1.0/servicePrincipals/${graphAppRoles.id}`).query({ $select: 'id,appRoles' }).reply(200, graphAppRoles);
    const second = await microsoft365Connector.fetchPage(rt, 'grants', first.next);
    expect(second.next).toBe(page2['@odata.nextLink']);
    const names = second.observations.map((o) => (o.kind === 'oauth_grant' ? o.attributes.appName : ''));
    expect(names).toEqual(['ChatGPT', 'ChatGPT', 'ChatGPT', 'Otter.ai', 'Otter.ai', 'Fireflies.ai', 'Fireflies.ai']);
    expect(names).not.toContain('Northwind Expense Sync');

    const chatgpt = second.observations[0]!;
    expect(chatgpt).toEqual({
      kind: 'oauth_grant',
      key: `m365:grant:${exported.oauth2PermissionGrants[0].id}`,
      attributes: {
        provider: 'microsoft',
        appName: 'ChatGPT',
        appId: 'cb35a30d-e19d-4148-99c9-15ffad3a7710',
        publisher: 'OpenAI OpCo, LLC',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'Mail.Read'],
        user: 'amelia.brooks@northwind-analytics.com',
        grantType: 'delegated',
        exposure: { level: 'high', reasons: ['offline_access: access that lasts after the user leaves (offline access)', 'Mail.Read: mailboxes'] },
      },
    });
    // Application permission: the app role value, resolved from Microsoft Graph's appRoles.
    const fireflies = second.observations.find((o) => o.key.startsWith('m365:approle:'))!;
    expect(fireflies.attributes).toMatchObject({ appName: 'Fireflies.ai', publisher: 'Fireflies.ai Corp', scopes: ['OnlineMeetingTranscript.Read.All'], allUsers: true, grantType: 'application', exposure: { level: 'high' } });

    // Page 3 (last): Read AI (admin consent), Zoom (admin consent), DocuSign, Adobe. User names come from the cache.
    graph.get('/v1.0/servicePrincipals').query(queryOf(page2['@odata.nextLink'])).reply(200, page3);
    for (const sp of page3.value) appRequests(graph, sp.id);
    const third = await microsoft365Connector.fetchPage(rt, 'grants', second.next);
    expect(third.next).toBeNull();
    const readAi = third.observations.find((o) => o.kind === 'oauth_grant' && o.attributes.appName === 'Read AI')!;
    expect(readAi.attributes).toMatchObject({ allUsers: true, grantType: 'delegated', publisher: 'Read AI, Inc.' });
    expect(readAi.attributes).not.toHaveProperty('user');
    const docusign = third.observations.find((o) => o.kind === 'oauth_grant' && o.attributes.appName === 'DocuSign')!;
    expect(docusign.attributes).toMatchObject({ user: 'dev.patel@northwind-analytics.com', exposure: { level: 'high' } });
    expect(third.observations).toHaveLength(4);

    token.done();
    graph.done();
    // One token for the whole scan; no request for first-party apps.
    expect(requests.filter((path) => path.includes('a1c3e5f7-2b4d-4f6a-9c8e-0a2c4e6a8c44'))).toEqual([]);
    expect(requests.length).toBe(1 + 1 + 3 * 2 + 6 + 1 + 1 + 4 * 2);
    expect(requests.join('\n')).not.toContain(SECRET);
  });

  it('keeps the principal id as the user when the user is gone (404)', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope();
    const chatgpt = page2.value[1];
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, collection('servicePrincipals', [chatgpt]));
    const grant = { ...exported.oauth2PermissionGrants[0] };
    graph
      .get('/v1.0/oauth2PermissionGrants')
      .query(true)
      .reply(200, collection('oauth2PermissionGrants', [grant]))
      .get(`/v1.0/servicePrincipals/${chatgpt.id}/appRoleAssignments`)
      .reply(200, collection('appRoleAssignments', []))
      .get(`/v1.0/users/${grant.principalId}`)
      .query(true)
      .reply(404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${grant.principalId}' does not exist.` } });
    const page = await microsoft365Connector.fetchPage(rt, 'grants', undefined);
    expect(page.observations[0]!.attributes).toMatchObject({ user: grant.principalId });
    graph.done();
  });
});
