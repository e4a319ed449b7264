/**
 * A Microsoft Graph double (v1.0, app-only) for the scale benchmark, ENFORCING the identity and
 * access service limits of "Microsoft Graph service-specific throttling limits"
 * (https://learn.microsoft.com/graph/throttling-limits; microsoftgraph/microsoft-graph-docs-contrib
 * concepts/throttling-limits.md, section "Identity and access service limits"):
 *
 * - a token bucket per application + tenant pair of 8,000 resource units per 10 seconds for a
 *   tenant of size L (above 500 users; S under 50 users: 3,500, M 50–500: 5,000), read quota;
 * - request costs from its table: GET users 2, GET oauth2PermissionGrants 2,
 *   GET servicePrincipals/{id}/appRoleAssignments 2, GET subscribedSkus 3, any other identity
 *   GET 1; `$select` −1, `$expand` +1, `$top` under 20 −1; never below 1. (The table names the
 *   path `users`; single users and `users/$count` are taken to cost the same.)
 * - the global limit of the same page: 2,000 requests per second per app across all tenants;
 * - beyond a limit: 429 with Retry-After and x-ms-throttle-scope / x-ms-throttle-information
 *   (ResourceUnitLimitExceeded), the body of the throttling guidance's sample response
 *   (../shared/api-shapes/msgraph.error-429-throttled.json); every answer carries
 *   x-ms-resource-unit, and x-ms-throttle-limit-percentage once more than 0.8 of the limit is used.
 *   Throttled requests cost nothing.
 * The application limit (150,000 per 20 s) is above what one tenant may use, so it never binds.
 *
 * Intune's detected apps and managed devices are not identity resources: they fall under the
 * "Intune devices service limits" of the same page (includes/throttling-intune-devices.md):
 * any request, 2,000 per 20 seconds per app per tenant (4,000 for all apps of a tenant; this
 * double has one app). Beyond it: 429 with Retry-After; no resource units.
 *
 * Every time limit is divided by the speed-up (8,000 RU per 10 s / speed-up), so a scan takes
 * the same share of its quota-bound minimum at any speed-up, only sooner. Retry-After is then a
 * fraction of a second (Graph's own sample answers send one, "2.128").
 *
 * Paging as Graph does it: `$top` (default 100, at most 999) and an opaque `$skiptoken` in
 * `@odata.nextLink`, which repeats the request's other query options.
 */
import { GRAPH_APP_ROLES, GraphTenant, MICROSOFT_TENANT, SKUS } from './graph-tenant.js';
import { guid, hash, type Sizes } from './organisation.js';
import { type Answer, type DoubleStats, newStats, RepeatTracker, type Request, serve } from './server.js';
import { SlidingWindow, TokenBucket } from './limits.js';
import { graphBatchAnswer, readGraphBatch } from '../../../helpers/graph-batch.js';

export const GRAPH_LIMITS = { resourceUnits: { S: 3500, M: 5000, L: 8000 }, windowMs: 10_000, globalPerSecond: 2000, intunePer20s: 2000 } as const;

export const tenantSize = (users: number): 'S' | 'M' | 'L' => (users < 50 ? 'S' : users <= 500 ? 'M' : 'L');

export function graphQuota(users: number, speedup: number) {
  const size = tenantSize(users);
  const units = GRAPH_LIMITS.resourceUnits[size];
  return {
    documented: `identity: ${units.toLocaleString('en')} resource units per 10 s per app per tenant (size ${size}); Intune devices: 2,000 requests per 20 s per app per tenant; 2,000 requests/s per app (learn.microsoft.com/graph/throttling-limits)`,
    perSecond: (units / (GRAPH_LIMITS.windowMs / 1000)) * speedup,
    intunePerSecond: (GRAPH_LIMITS.intunePer20s / 20) * speedup,
    scaled: `${units.toLocaleString('en')} RU per ${(10 / speedup).toFixed(3).replace(/\.?0+$/, '')} s; Intune 2,000 per ${(20 / speedup).toFixed(3).replace(/\.?0+$/, '')} s`,
    unit: 'RU',
  };
}

export const GRAPH_CLIENT = { clientId: '5d3f0b8e-2c4a-4b8e-9f1a-0c6e7d2b1a90', clientSecret: 'scale-graph-secret' };

const MAX_TOP = 999;
const DEFAULT_TOP = 100;

/** The base resource-unit cost of a GET, from the documented table. */
function baseCost(segments: string[]): number {
  const [first, , sub] = segments;
  if (first === 'users' || first === 'oauth2PermissionGrants' || (first === 'servicePrincipals' && sub === 'appRoleAssignments')) return 2;
  if (first === 'subscribedSkus') return 3;
  return 1;
}

export function requestCost(url: URL, segments: string[]): number {
  let cost = baseCost(segments);
  if (url.searchParams.has('$select')) cost--;
  if (url.searchParams.has('$expand')) cost++;
  const top = url.searchParams.get('$top');
  if (top !== null && Number(top) < 20) cost--;
  return Math.max(1, cost);
}

const notFound = (what: string): Answer => ({ status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${what}' does not exist or one of its queried reference-property objects are not present.` } } });

export async function startGraphDouble(size: Sizes, speedup: number, latencyMs = 0) {
  const tenant = new GraphTenant(size);
  const stats: DoubleStats & { identity: number; intune: number; intuneThrottled: number; batches: number; batchedRequests: number } = { ...newStats(), identity: 0, intune: 0, intuneThrottled: 0, batches: 0, batchedRequests: 0 };
  const repeats = new RepeatTracker();
  const limit = GRAPH_LIMITS.resourceUnits[tenantSize(tenant.users)];
  const bucket = new TokenBucket(limit, (limit / GRAPH_LIMITS.windowMs) * speedup, performance.now());
  const global = new SlidingWindow(GRAPH_LIMITS.globalPerSecond, 1000 / speedup);
  const intune = new SlidingWindow(GRAPH_LIMITS.intunePer20s, 20_000 / speedup);
  const token = `eyJ0eXAiOiJKV1Qi.scale-graph.${tenant.tenantId}`;
  const consumed = new Map<string, number>();
  for (let u = 0; u < tenant.users; u++) if (tenant.userEnabled(u)) for (const sku of tenant.licences(u)) consumed.set(sku, (consumed.get(sku) ?? 0) + 1);

  const selectOf = (url: URL) => url.searchParams.get('$select')?.split(',').map((field) => field.trim());
  const pick = (object: Record<string, unknown>, fields: string[] | undefined, defaults: string[]) => {
    const out: Record<string, unknown> = {};
    for (const field of fields ?? defaults) if (field in object) out[field] = object[field];
    return out;
  };

  /** One page of a collection of `total` items, made by `item(i)`. */
  const collection = (url: URL, total: number, item: (i: number) => unknown, context: string): Answer => {
    const top = Math.min(MAX_TOP, Math.max(1, Number(url.searchParams.get('$top') ?? DEFAULT_TOP) || DEFAULT_TOP));
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
    const end = Math.min(total, skip + top);
    const value = [];
    for (let i = skip; i < end; i++) value.push(item(i));
    let nextLink: string | undefined;
    if (end < total) {
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(end));
      nextLink = next.toString();
    }
    return { status: 200, body: { '@odata.context': `${url.origin}/v1.0/$metadata#${context}`, value, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) } };
  };

  const user = (u: number) => ({
    id: tenant.userId(u),
    displayName: `User ${u}`,
    givenName: 'User',
    surname: String(u),
    mail: `user${u}@scale.example`,
    userPrincipalName: `user${u}@scale.example`,
    jobTitle: null,
    officeLocation: null,
    businessPhones: [],
    mobilePhone: null,
    preferredLanguage: 'en-US',
    accountEnabled: tenant.userEnabled(u),
    assignedLicenses: tenant.licences(u).map((skuId) => ({ disabledPlans: [], skuId })),
  });
  const USER_DEFAULTS = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

  const servicePrincipal = (a: number) => {
    const app = tenant.apps[a]!;
    const owner = app.kind === 'first-party' ? MICROSOFT_TENANT : app.kind === 'own' ? tenant.tenantId : `${(a * 2654435761 >>> 0).toString(16).padStart(8, '0')}-1111-4000-8000-000000000000`;
    return {
      id: tenant.appObjectId(a),
      appId: tenant.appId(a),
      displayName: app.name,
      appDisplayName: app.name,
      publisherName: app.publisher,
      verifiedPublisher: app.verified ? { displayName: app.publisher, verifiedPublisherId: String(1_000_000 + a), addedDateTime: '2024-03-01T00:00:00Z' } : { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      appOwnerOrganizationId: owner,
      servicePrincipalType: app.kind === 'managed-identity' ? 'ManagedIdentity' : 'Application',
      accountEnabled: true,
      tags: app.kind === 'third-party' ? ['WindowsAzureActiveDirectoryIntegratedApp'] : [],
      appRoleAssignmentRequired: app.assignmentRequired,
      signInAudience: app.kind === 'own' ? 'AzureADMyOrg' : 'AzureADMultipleOrgs',
      appRoles: a === 0 ? GRAPH_APP_ROLES : [],
    };
  };
  const SP_DEFAULTS = ['id', 'appId', 'displayName', 'appDisplayName', 'publisherName', 'verifiedPublisher', 'appOwnerOrganizationId', 'servicePrincipalType', 'accountEnabled', 'tags', 'appRoleAssignmentRequired', 'signInAudience', 'appRoles'];

  const grant = (a: number, i: number) => {
    const users = tenant.consentingUsers(a);
    const id = tenant.appObjectId(a);
    const base = { clientId: id, resourceId: tenant.appObjectId(0), scope: tenant.apps[a]!.scope };
    if (i < users.length) return { id: `${id.slice(0, 8)}${users[i]!.toString(36).padStart(5, '0')}${a.toString(36).padStart(4, '0')}Pg`, consentType: 'Principal', principalId: tenant.userId(users[i]!), ...base };
    return { id: `${id.slice(0, 8)}AllPrincipals${a.toString(36).padStart(4, '0')}Pg`, consentType: 'AllPrincipals', principalId: null, ...base };
  };

  const oauth2PermissionGrants = (url: URL): Answer => {
    const filter = url.searchParams.get('$filter');
    if (filter) {
      const client = /^clientId eq '([^']+)'$/.exec(filter.trim())?.[1];
      if (!client) return { status: 400, body: { error: { code: 'Request_UnsupportedQuery', message: 'Unsupported query.' } } };
      const a = tenant.appIndex(client);
      return collection(url, a < 0 ? 0 : tenant.grantCount(a), (i) => grant(a, i), 'oauth2PermissionGrants');
    }
    // Unfiltered (connections test asks for one): the first app's grants are enough for a probe.
    const first = tenant.byRank[0]!;
    return collection(url, tenant.grantCount(first), (i) => grant(first, i), 'oauth2PermissionGrants');
  };

  const detectedApps = (url: URL, rest: string[]): Answer => {
    const fields = selectOf(url);
    const app = (d: number) => {
      const entry = tenant.detectedApps[d]!;
      return { id: tenant.detectedAppId(d), displayName: entry.name, version: entry.version, sizeInByte: 10_000_000 + (hash(17, d) % 400_000_000), deviceCount: entry.devices, publisher: entry.publisher, platform: entry.platform };
    };
    if (rest.length === 0) return collection(url, tenant.detectedApps.length, (d) => pick(app(d), fields, Object.keys(app(d))), 'deviceManagement/detectedApps');
    const d = tenant.detectedAppIndex(decodeURIComponent(rest[0]!));
    if (d < 0) return notFound(rest[0]!);
    if (rest.length === 1) return { status: 200, body: pick(app(d), fields, Object.keys(app(d))) };
    if (rest[1] !== 'managedDevices') return notFound(rest[1]!);
    return collection(url, tenant.detectedApps[d]!.devices, (i) => {
      const device = tenant.deviceOf(d, i);
      const owner = device % tenant.users;
      const full = { id: guid(6, device), deviceName: `NW-${device % 10 < 7 ? 'LT' : 'PH'}-${device.toString().padStart(6, '0')}`, userPrincipalName: `user${owner}@scale.example`, operatingSystem: tenant.detectedApps[d]!.platform, managedDeviceOwnerType: 'company', complianceState: 'compliant' };
      return pick(full, fields, Object.keys(full));
    }, 'managedDevices');
  };

  const route = (request: Request, segments: string[]): Answer => {
    const { url } = request;
    const [first, id, sub] = segments;
    if (first === 'subscribedSkus' && segments.length === 1) {
      const value = SKUS.map((sku) => ({
        capabilityStatus: 'Enabled',
        consumedUnits: consumed.get(sku.skuId) ?? 0,
        id: `${tenant.tenantId}_${sku.skuId}`,
        prepaidUnits: { enabled: Math.ceil(((consumed.get(sku.skuId) ?? 0) * 1.05) / 100) * 100, suspended: 0, warning: 0, lockedOut: 0 },
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        appliesTo: 'User',
        servicePlans: [],
      }));
      const fields = selectOf(url);
      return { status: 200, body: { '@odata.context': `${url.origin}/v1.0/$metadata#subscribedSkus`, value: value.map((sku) => pick(sku, fields, Object.keys(sku))) } };
    }
    if (first === 'users') {
      if (id === '$count') {
        if (request.headers.consistencylevel !== 'eventual') return { status: 400, body: { error: { code: 'Request_BadRequest', message: "Count is not currently supported without ConsistencyLevel 'eventual'." } } };
        return { status: 200, body: String(tenant.users) };
      }
      const fields = selectOf(url);
      if (id === undefined) return collection(url, tenant.users, (u) => pick(user(u), fields, USER_DEFAULTS), 'users');
      const u = tenant.userIndex(decodeURIComponent(id));
      return u < 0 || sub ? notFound(id) : { status: 200, body: pick(user(u), fields, USER_DEFAULTS) };
    }
    if (first === 'servicePrincipals') {
      const fields = selectOf(url);
      if (id === undefined) return collection(url, tenant.apps.length, (a) => pick(servicePrincipal(a), fields, SP_DEFAULTS), 'servicePrincipals');
      const a = tenant.appIndex(decodeURIComponent(id));
      if (a < 0) return notFound(id);
      const app = tenant.apps[a]!;
      if (sub === undefined) return { status: 200, body: pick(servicePrincipal(a), fields, SP_DEFAULTS) };
      if (sub === 'appRoleAssignments') {
        return collection(url, app.applicationPermissions, (i) => ({
          id: `${tenant.appObjectId(a).slice(0, 8)}AppRole${i}${a.toString(36)}`,
          appRoleId: GRAPH_APP_ROLES[(a + i * 3) % GRAPH_APP_ROLES.length]!.id,
          createdDateTime: '2025-02-01T10:00:00Z',
          principalDisplayName: app.name,
          principalId: tenant.appObjectId(a),
          principalType: 'ServicePrincipal',
          resourceDisplayName: 'Microsoft Graph',
          resourceId: tenant.appObjectId(0),
        }), 'appRoleAssignments');
      }
      if (sub === 'appRoleAssignedTo') {
        const users = app.assignmentRequired ? tenant.consentingUsers(a) : new Int32Array(0);
        return collection(url, users.length, (i) => ({
          id: `${tenant.appObjectId(a).slice(0, 8)}Assigned${users[i]!.toString(36)}`,
          appRoleId: '00000000-0000-0000-0000-000000000000',
          createdDateTime: '2025-02-01T10:00:00Z',
          principalDisplayName: `User ${users[i]}`,
          principalId: tenant.userId(users[i]!),
          principalType: 'User',
          resourceDisplayName: app.name,
          resourceId: tenant.appObjectId(a),
        }), 'appRoleAssignedTo');
      }
      return notFound(sub);
    }
    if (first === 'oauth2PermissionGrants' && id === undefined) return oauth2PermissionGrants(url);
    if (first === 'deviceManagement' && id === 'detectedApps') return detectedApps(url, segments.slice(2));
    return { status: 400, body: { error: { code: 'BadRequest', message: `Resource not found for the segment '${first}'.` } } };
  };

  const handler = (request: Request): Answer => {
    const { url } = request;
    if (request.method === 'POST' && url.pathname === `/${tenant.tenantId}/oauth2/v2.0/token`) {
      stats.byRoute.token = (stats.byRoute.token ?? 0) + 1;
      const form = new URLSearchParams(request.body.toString());
      if (form.get('client_id') !== GRAPH_CLIENT.clientId || form.get('client_secret') !== GRAPH_CLIENT.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
      }
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
    }
    if (!url.pathname.startsWith('/v1.0/')) return notFound(url.pathname);
    if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } } };
    if (request.method === 'POST' && url.pathname === '/v1.0/$batch') return batch(request);
    const now = performance.now();
    stats.requests++;
    stats.firstAt ??= Date.now();
    stats.lastAt = Date.now();
    const segments = url.pathname.slice('/v1.0/'.length).split('/').filter(Boolean);
    const routeName = `GET ${segments.map((segment) => (/^[0-9a-f-]{20,}$/i.test(segment) ? '{id}' : segment)).join('/')}`;
    stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
    const isIntune = segments[0] === 'deviceManagement';
    const cost = isIntune ? 0 : requestCost(url, segments);
    const globalWait = global.admit(now);
    const wait = globalWait || (isIntune ? intune.admit(now) : bucket.take(cost, now));
    if (wait > 0) {
      stats.throttled++;
      if (isIntune && !globalWait) stats.intuneThrottled++;
      return {
        status: 429,
        headers: {
          'retry-after': (wait / 1000).toFixed(3),
          ...(isIntune && !globalWait
            ? {}
            : {
                'x-ms-throttle-scope': `${globalWait ? 'Application' : 'Tenant_Application'}/Read/${GRAPH_CLIENT.clientId}/${tenant.tenantId}`,
                'x-ms-throttle-information': globalWait ? 'RequestLimitExceeded' : 'ResourceUnitLimitExceeded',
              }),
        },
        body: { error: { code: 'TooManyRequests', innerError: { code: '429', date: new Date().toISOString().slice(0, 19), message: 'Please retry after', 'request-id': `${stats.requests}`, status: '429' }, message: 'Please retry again later.' } },
      };
    }
    stats.counted++;
    if (isIntune) stats.intune++;
    else {
      stats.identity++;
      stats.units += cost;
    }
    const answer = route(request, segments);
    if (answer.status < 400) repeats.note(stats, url.pathname + url.search);
    if (!isIntune) {
      const used = bucket.usedShare(now);
      answer.headers = { ...answer.headers, 'x-ms-resource-unit': cost, ...(used > 0.8 ? { 'x-ms-throttle-limit-percentage': used.toFixed(1) } : {}) };
    }
    return answer;
  };

  /**
   * JSON batching (learn.microsoft.com/graph/json-batching): each member is evaluated against the
   * limits on its own, as that page says Graph does, and counted as a request; the batch is a
   * round trip, counted apart.
   */
  const batch = (request: Request): Answer => {
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString());
    } catch {
      return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid batch payload format.' } } };
    }
    const read = readGraphBatch(body);
    if (!('members' in read)) return read;
    stats.batches++;
    stats.batchedRequests += read.members.length;
    const replies = read.members.map((member) => {
      const headers = { ...request.headers, ...Object.fromEntries(Object.entries(member.headers).map(([name, value]) => [name.toLowerCase(), value])) };
      const answer = handler({ ...request, method: member.method, url: new URL(`/v1.0${member.url}`, request.url), headers, body: Buffer.alloc(0) });
      return { status: answer.status, headers: Object.fromEntries(Object.entries(answer.headers ?? {}).map(([name, value]) => [name, String(value)])), body: answer.body };
    });
    return graphBatchAnswer(read.members, replies);
  };

  const served = await serve(handler, { latencyMs: latencyMs / speedup, bench: () => stats });
  return { ...served, tenantId: tenant.tenantId, stats, summary: tenant.summary() };
}
