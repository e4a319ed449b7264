import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { graphBatchRoute } from './nock-graph-batch.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/microsoft365');
const read = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
export const tenant = read('entra-export.json');
const skus = read('subscribed-skus.json');
export const usersPages = [1, 2, 3].map((n) => read(`graph/users-page${n}.json`));
const graphRoles = read('graph/servicePrincipal-microsoft-graph-appRoles.json');
export const TENANT_ID = 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19';
const GRAPH = 'https://graph.microsoft.com';

/**
 * A Graph test double for the demo tenant, answering every request the connector makes, each
 * only with a valid app-only token: what a real tenant would answer, from the fixtures.
 */
/** nock 15 hands reply functions the fetch Request; older versions a path string. */
const urlOf = (uri: unknown) => new URL(typeof uri === 'string' ? uri : (uri as { url: string }).url, GRAPH);

export function fakeTenant(token: string) {
  nock('https://login.microsoftonline.com').persist().post(`/${TENANT_ID}/oauth2/v2.0/token`).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
  graphBatchRoute(GRAPH);
  const graph = nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } }).persist();
  const collection = (value: unknown[]) => ({ '@odata.context': `${GRAPH}/v1.0/$metadata#x`, value });
  graph.get('/v1.0/subscribedSkus').query(true).reply(200, skus);
  graph.get('/v1.0/users').query(true).reply((uri) => {
    // Page n+1 is the one page n's nextLink points at.
    const skiptoken = urlOf(uri).searchParams.get('$skiptoken');
    const previous = usersPages.findIndex((page) => skiptoken && page['@odata.nextLink']?.includes(skiptoken));
    return [200, previous >= 0 ? usersPages[previous + 1] : usersPages[0]];
  });
  graph.get('/v1.0/users/$count').reply(200, String(tenant.users.length), { 'content-type': 'text/plain' });
  graph.get(/\/v1\.0\/users\/[^/?$]+$/).query(true).reply((uri) => {
    const id = decodeURIComponent(urlOf(uri).pathname.split('/').pop()!);
    const user = tenant.users.find((u: { id: string }) => u.id === id);
    return user ? [200, { userPrincipalName: user.userPrincipalName, accountEnabled: user.accountEnabled ?? true }] : [404, { error: { code: 'Request_ResourceNotFound', message: 'not found' } }];
  });
  graph.get('/v1.0/servicePrincipals').query(true).reply(200, collection(tenant.servicePrincipals));
  graph.get('/v1.0/oauth2PermissionGrants').query(true).reply((uri) => {
    const spId = /clientId eq '([^']+)'/.exec(decodeURIComponent(urlOf(uri).search))?.[1];
    return [200, collection(tenant.oauth2PermissionGrants.filter((g: { clientId: string }) => g.clientId === spId))];
  });
  graph.get(/\/v1\.0\/servicePrincipals\/[^/]+\/appRoleAssignments$/).reply((uri) => {
    const spId = urlOf(uri).pathname.split('/')[3];
    return [200, collection(tenant.appRoleAssignments.filter((a: { principalId: string }) => a.principalId === spId))];
  });
  graph.get(/\/v1\.0\/servicePrincipals\/[^/]+\/appRoleAssignedTo$/).reply((uri) => {
    const spId = urlOf(uri).pathname.split('/')[3];
    return [200, collection(tenant.appRoleAssignments.filter((a: { resourceId: string; principalType?: string }) => a.resourceId === spId && (a.principalType === 'User' || a.principalType === 'Group')))];
  });
  graph.get(/\/v1\.0\/servicePrincipals\/[^/]+$/).query(true).reply(200, graphRoles);
  const apps = [read('graph/detectedApps-page1.json'), read('graph/detectedApps-page2.json')];
  graph.get('/v1.0/deviceManagement/detectedApps').query(true).reply((uri) => [200, urlOf(uri).searchParams.has('$skiptoken') ? apps[1] : apps[0]]);
  graph.get(/\/v1\.0\/deviceManagement\/detectedApps\/[^/]+\/managedDevices$/).query(true).reply((uri) => {
    const id = urlOf(uri).pathname.split('/')[4];
    return [200, id === apps[0].value[0].id ? read('graph/detectedApp-chatgpt-managedDevices.json') : id === apps[1].value[0].id ? read('graph/detectedApp-claude-managedDevices.json') : collection([])];
  });
}

