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
  $select: 'id,appId,displayName,appDisplayName,publisherName,verifiedPublisher,appOwnerOrganizationId,servicePrincipalType,tags,appRoleAssignmentRequired',
  $top: '100',
};
const TENANT_USERS = exported.users.length;
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
  it("pages over three pages of service principals by @odata.nextLink: third-party apps and Microsoft's own, not the tenant's own", async () => {
    const rt = runtime();
    const token = tokenScope();
    const graph = graphScope();
    const requests: string[] = [];
    graph.on('request', (_req: unknown, interceptor: { path: string }) => requests.push(interceptor.path));
    // Page 1: Microsoft Graph, Exchange Online, Teams (Microsoft Services) and Graph Explorer (Microsoft corp):
    // first-party is "not a third-party consent", not "not AI" (Microsoft 365 Copilot is first-party too).
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, page1);
    for (const sp of page1.value) appRequests(graph, sp.id);
    const explorerUser = exported.oauth2PermissionGrants.find((g: { clientId: string }) => g.clientId === 'a1c3e5f7-2b4d-4f6a-9c8e-0a2c4e6a8c44').principalId;
    graph.get(`/v1.0/users/${explorerUser}`).query(true).reply(200, { userPrincipalName: upn(explorerUser), accountEnabled: true });
    const first = await microsoft365Connector.fetchPage(rt, 'grants', null);
    expect(first.observations.map((o) => o.attributes)).toEqual([expect.objectContaining({ appName: 'Graph Explorer', firstParty: true, user: upn(explorerUser) })]);
    expect(first.next).toBe(page1['@odata.nextLink']);
    expect(JSON.parse(JSON.stringify(first.next))).toBe(first.next); // plain JSON

    // Page 2: the tenant's own app (skipped), ChatGPT, Otter.ai, Fireflies.ai.
    graph.get('/v1.0/servicePrincipals').query(queryOf(page1['@odata.nextLink'])).reply(200, page2);
    for (const sp of page2.value.slice(1)) appRequests(graph, sp.id);
    for (const id of ['3f2a6b1c-8d4e-4a7f-9b2c-1e5d7a9c0b31', '6c9e1d2a-4b7f-4e3a-8d1c-2f6b9a0e7c42', '9a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c53', '2d4f6a8c-1b3e-4d5f-9a7c-3e5b7d9f1a64', '5e7a9c1d-3f5b-4e7d-8c9a-4f6d8b0a2c75', '4f6b8d0c-2e4a-4c6e-9f1b-7c9e1a3d5f08'].filter((id) => id !== explorerUser)) {
      graph.get(`/v1.0/users/${id}`).query({ $select: 'userPrincipalName,accountEnabled' }).reply(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(userPrincipalName,accountEnabled)/$entity', userPrincipalName: upn(id), accountEnabled: true });
    }
    graph.get(`/v1.0/servicePrincipals/${graphAppRoles.id}`).query({ $select: 'id,appRoles' }).reply(200, graphAppRoles);
    // The reach of a tenant-wide grant (Fireflies' application permission): counted once.
    graph.get('/v1.0/users/$count').matchHeader('consistencylevel', 'eventual').reply(200, String(TENANT_USERS), { 'content-type': 'text/plain' });
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
    expect(fireflies.attributes).toMatchObject({ appName: 'Fireflies.ai', publisher: 'Fireflies.ai Corp', scopes: ['OnlineMeetingTranscript.Read.All'], allUsers: true, audience: TENANT_USERS, grantType: 'application', exposure: { level: 'high' } });

    // Page 3 (last): Read AI (admin consent), Zoom (admin consent), DocuSign, Adobe. User names come from the cache.
    graph.get('/v1.0/servicePrincipals').query(queryOf(page2['@odata.nextLink'])).reply(200, page3);
    for (const sp of page3.value) appRequests(graph, sp.id);
    const third = await microsoft365Connector.fetchPage(rt, 'grants', second.next);
    expect(third.next).toBeNull();
    const readAi = third.observations.find((o) => o.kind === 'oauth_grant' && o.attributes.appName === 'Read AI')!;
    expect(readAi.attributes).toMatchObject({ allUsers: true, audience: TENANT_USERS, grantType: 'delegated', publisher: 'Read AI, Inc.' });
    expect(readAi.attributes).not.toHaveProperty('user');
    const docusign = third.observations.find((o) => o.kind === 'oauth_grant' && o.attributes.appName === 'DocuSign')!;
    expect(docusign.attributes).toMatchObject({ user: 'dev.patel@northwind-analytics.com', exposure: { level: 'high' } });
    expect(third.observations).toHaveLength(4);

    token.done();
    graph.done();
    // One token for the whole scan; each request once: no page was retried whole.
    expect(requests.length).toBe(1 + 4 * 2 + 1 + 1 + 3 * 2 + 5 + 1 + 1 + 1 + 4 * 2);
    expect(requests.join('\n')).not.toContain(SECRET);
  });

  it('repeats only the sub-request that failed: a 429 and a 503 on two of a page\'s requests, the others sent once', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope();
    const [, chatgpt, otter] = page2.value;
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, collection('servicePrincipals', [chatgpt, otter]));
    graph.get('/v1.0/oauth2PermissionGrants').query({ $filter: `clientId eq '${otter.id}'` }).reply(429, { error: { code: 'TooManyRequests', message: 'retry' } }, { 'Retry-After': '0' });
    graph.get(`/v1.0/servicePrincipals/${chatgpt.id}/appRoleAssignments`).reply(503, { error: { code: 'serviceNotAvailable', message: 'down' } });
    appRequests(graph, chatgpt.id);
    appRequests(graph, otter.id);
    const consenting = new Set(exported.oauth2PermissionGrants.filter((g: { clientId: string; consentType: string }) => [chatgpt.id, otter.id].includes(g.clientId) && g.consentType === 'Principal').map((g: { principalId: string }) => g.principalId));
    for (const id of consenting) graph.get(`/v1.0/users/${id}`).query(true).reply(200, { userPrincipalName: upn(id as string), accountEnabled: true });
    const page = await microsoft365Connector.fetchPage(rt, 'grants', null);
    expect(page.observations.map((o) => (o.attributes as { appName: string }).appName)).toEqual(['ChatGPT', 'ChatGPT', 'ChatGPT', 'Otter.ai', 'Otter.ai']);
    graph.done();
  });

  it('counts the people an app reaches: tenant-wide consent as all users, assignment-required apps by their assignments, disabled holders kept and marked', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope();
    const legal = { ...page2.value[2], id: '7b1d3f5a-9c2e-4a6b-8d0f-1a3c5e7b9d11', appId: '1c3e5f7a-2b4d-4f6a-8c0e-3a5c7e9b1d22', displayName: 'Harvey', verifiedPublisher: { displayName: 'Counsel AI Corporation' }, appRoleAssignmentRequired: true };
    const [alice, bob] = exported.users;
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, collection('servicePrincipals', [legal]));
    graph
      .get('/v1.0/oauth2PermissionGrants')
      .query(true)
      .reply(200, collection('oauth2PermissionGrants', [{ id: 'g-all', clientId: legal.id, consentType: 'AllPrincipals', principalId: null, resourceId: graphAppRoles.id, scope: 'Files.Read.All User.Read' }]))
      .get(`/v1.0/servicePrincipals/${legal.id}/appRoleAssignments`)
      .reply(200, collection('appRoleAssignments', []))
      .get(`/v1.0/servicePrincipals/${legal.id}/appRoleAssignedTo`)
      .reply(
        200,
        collection('appRoleAssignedTo', [
          { id: 'a-1', appRoleId: '00000000-0000-0000-0000-000000000000', principalId: alice.id, principalType: 'User', principalDisplayName: 'Amelia Brooks', resourceId: legal.id },
          { id: 'a-2', appRoleId: '00000000-0000-0000-0000-000000000000', principalId: bob.id, principalType: 'User', principalDisplayName: 'Ben', resourceId: legal.id },
          { id: 'a-3', appRoleId: '00000000-0000-0000-0000-000000000000', principalId: 'f0f0f0f0-0000-4000-8000-000000000001', principalType: 'Group', principalDisplayName: 'Legal team', resourceId: legal.id },
        ]),
      )
      .get(`/v1.0/users/${alice.id}`)
      .query(true)
      .reply(200, { userPrincipalName: alice.userPrincipalName, accountEnabled: true })
      .get(`/v1.0/users/${bob.id}`)
      .query(true)
      .reply(200, { userPrincipalName: bob.userPrincipalName, accountEnabled: false })
      .get('/v1.0/users/$count')
      .reply(200, '2000', { 'content-type': 'text/plain' });
    const page = await microsoft365Connector.fetchPage(rt, 'grants', null);
    graph.done();
    const byKey = Object.fromEntries(page.observations.map((o) => [o.key, o.attributes]));
    expect(byKey['m365:grant:g-all']).toMatchObject({ appName: 'Harvey', allUsers: true, audience: 2000, grantType: 'delegated' });
    expect(byKey['m365:assigned:a-1']).toMatchObject({ user: alice.userPrincipalName, grantType: 'assignment' });
    expect(byKey['m365:assigned:a-2']).toMatchObject({ user: bob.userPrincipalName, holderStatus: 'disabled', grantType: 'assignment' });
    expect(byKey['m365:assigned:a-3']).toMatchObject({ group: 'Legal team', grantType: 'assignment' });
  });

  it('names many consenting users with one paged directory listing instead of one lookup each', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope();
    const chatgpt = page2.value[1];
    const people = Array.from({ length: 120 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, userPrincipalName: `user${i}@northwind-analytics.com`, accountEnabled: i % 10 !== 0 }));
    graph.get('/v1.0/servicePrincipals').query(FIRST_PAGE_QUERY).reply(200, collection('servicePrincipals', [chatgpt]));
    graph
      .get('/v1.0/oauth2PermissionGrants')
      .query(true)
      .reply(200, collection('oauth2PermissionGrants', people.map((p, i) => ({ id: `g-${i}`, clientId: chatgpt.id, consentType: 'Principal', principalId: p.id, resourceId: graphAppRoles.id, scope: 'User.Read' }))))
      .get(`/v1.0/servicePrincipals/${chatgpt.id}/appRoleAssignments`)
      .reply(200, collection('appRoleAssignments', []))
      .get('/v1.0/users')
      .query({ $select: 'id,userPrincipalName,accountEnabled', $top: '999' })
      .reply(200, collection('users', people.slice(0, 60), 'https://graph.microsoft.com/v1.0/users?$skiptoken=page2'))
      .get('/v1.0/users')
      .query({ $skiptoken: 'page2' })
      .reply(200, collection('users', people.slice(60)));
    const page = await microsoft365Connector.fetchPage(rt, 'grants', null);
    graph.done();
    expect(page.observations).toHaveLength(120);
    expect(page.observations[3]!.attributes).toMatchObject({ user: 'user3@northwind-analytics.com' });
    expect(page.observations[10]!.attributes).toMatchObject({ user: 'user10@northwind-analytics.com', holderStatus: 'disabled' });
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
    // Without a display name on the grant, the id is all there is to show.
    const page = await microsoft365Connector.fetchPage(rt, 'grants', undefined);
    expect(page.observations[0]!.attributes).toMatchObject({ user: grant.principalId });
    graph.done();
  });
});
