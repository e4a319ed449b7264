import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGraphBatch } from './graph-batch.js';

/**
 * Local HTTP doubles of Microsoft Graph and GitHub for end-to-end scans through the real
 * workers: generated organisations (deterministic), answered in the shapes of the official
 * examples (../shared/api-shapes), with next-page links built from the Host header the client
 * used, so they work behind the fault proxy.
 */

const hash = (n: number) => Math.imul(n + 1, 2654435761) >>> 0;

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
const noRoute = (path: string): Answer => ({ status: 404, body: { error: { code: 'NotFound', message: `no route ${path}` } } });
type Handler = (url: URL, request: IncomingMessage, body: Buffer) => Answer | undefined | Promise<Answer | undefined>;

async function serve(handler: Handler): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      requests++;
      const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
      const answer = (await handler(url, request, Buffer.concat(chunks))) ?? noRoute(url.pathname);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...answer.headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const MICROSOFT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const guid = (kind: number, n: number) => `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Apps of the generated tenant: [name, publisher, owner, scopes]; AI and not, third-party and Microsoft's own. */
const GRAPH_APPS: [string, string, string | null, string][] = [
  ['ChatGPT', 'OpenAI OpCo, LLC', null, 'openid profile User.Read Mail.Read'],
  ['Otter.ai', 'Otter.ai, Inc.', null, 'openid User.Read Calendars.Read'],
  ['Fireflies.ai', 'Fireflies.ai Corp', null, 'openid User.Read OnlineMeetings.Read'],
  ['Read AI', 'Read AI, Inc.', null, 'openid User.Read Calendars.Read'],
  ['Grammarly', 'Grammarly, Inc.', null, 'openid User.Read'],
  ['Zoom', 'Zoom Video Communications, Inc.', null, 'openid User.Read Calendars.ReadWrite'],
  ['DocuSign', 'DocuSign, Inc.', null, 'openid User.Read Files.Read'],
  ['Calendly', 'Calendly LLC', null, 'openid Calendars.ReadWrite'],
  ['Adobe Acrobat', 'Adobe Inc.', null, 'openid User.Read Files.ReadWrite'],
  ['Microsoft 365 Copilot', 'Microsoft Services', MICROSOFT, 'openid User.Read'],
  ['Microsoft Teams', 'Microsoft Services', MICROSOFT, 'openid User.Read'],
];

/**
 * Microsoft Graph for a tenant of `users` users: the token endpoint, subscribedSkus, users
 * (paged, $count), service principals (paged), per-app grants and app role assignments, one
 * tenant-wide consent (Read AI), one application permission (Fireflies) and one app that
 * requires assignment (Otter.ai). `denied` paths answer 403 as Graph does when the app lacks
 * the permission; `intune` adds Intune's discovered apps (none); `moreApps` adds that many
 * third-party line-of-business apps (not AI), each consented to by a few users, for a scan with
 * many per-app lookups.
 */
export async function startGraphDouble(users: number, tenantId: string, options: { denied?: string[]; intune?: boolean; moreApps?: number } = {}) {
  const people = Array.from({ length: users }, (_, i) => ({ id: guid(1, i), userPrincipalName: `user${i}@northwind.example`, accountEnabled: hash(i) % 40 !== 0, assignedLicenses: hash(i * 3) % 4 === 0 ? [{ skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb' }] : [] }));
  const appList: [string, string, string | null, string][] = [
    ...GRAPH_APPS,
    ...Array.from({ length: options.moreApps ?? 0 }, (_, n): [string, string, string | null, string] => [`Timesheet Portal ${n}`, `Contoso Partner ${n}`, null, 'openid User.Read']),
  ];
  const apps = appList.map(([name, publisher, owner], i) => ({
    id: guid(2, i),
    appId: guid(3, i),
    displayName: name,
    appDisplayName: name,
    publisherName: publisher,
    verifiedPublisher: { displayName: owner ? null : publisher },
    appOwnerOrganizationId: owner ?? guid(9, i),
    servicePrincipalType: 'Application',
    tags: [],
    appRoleAssignmentRequired: name === 'Otter.ai',
  }));
  const graphApi = { id: guid(4, 0), appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph', appOwnerOrganizationId: MICROSOFT, servicePrincipalType: 'Application', appRoles: [{ id: guid(5, 0), value: 'OnlineMeetingTranscript.Read.All' }] };
  const grants = people.flatMap((person, i) =>
    appList.flatMap(([name, , , scope], app) => (name === 'Read AI' || hash(i * 13 + app) % (app < GRAPH_APPS.length ? 6 : 400) !== 0 ? [] : [{ id: `grant-${i}-${app}`, clientId: apps[app]!.id, consentType: 'Principal', principalId: person.id, resourceId: graphApi.id, scope }])),
  );
  grants.push({ id: 'grant-all-readai', clientId: apps[3]!.id, consentType: 'AllPrincipals', principalId: null as unknown as string, resourceId: graphApi.id, scope: GRAPH_APPS[3]![3] });
  const applicationPermissions = [{ id: 'approle-fireflies', appRoleId: guid(5, 0), principalId: apps[2]!.id, principalType: 'ServicePrincipal', resourceId: graphApi.id }];
  const assigned = people.filter((_, i) => i % 9 === 0).map((person, i) => ({ id: `assigned-${i}`, appRoleId: '00000000-0000-0000-0000-000000000000', principalId: person.id, principalType: 'User', principalDisplayName: person.userPrincipalName, resourceId: apps[1]!.id }));
  const allPrincipals = [graphApi, ...apps];

  const collection = (url: URL, items: unknown[], size: number) => {
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const next = skip + size < items.length ? new URL(url) : undefined;
    next?.searchParams.set('$skiptoken', String(skip + size));
    return { status: 200, body: { '@odata.context': `${url.origin}/v1.0/$metadata#x`, value: items.slice(skip, skip + size), ...(next ? { '@odata.nextLink': next.toString() } : {}) } };
  };
  const answer = (url: URL, request: { method?: string | undefined; headers: Record<string, string | string[] | undefined> }): Answer | undefined => {
    const path = url.pathname;
    if (request.method === 'POST' && path === `/${tenantId}/oauth2/v2.0/token`) return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'double-token' } };
    if (request.headers.authorization !== 'Bearer double-token') return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'no token' } } };
    if (options.denied?.includes(path)) return { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };
    if (options.intune && path === '/v1.0/deviceManagement/detectedApps') return collection(url, [], 100);
    if (path === '/v1.0/subscribedSkus') return { status: 200, body: { value: [{ skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb', skuPartNumber: 'Microsoft_365_Copilot', consumedUnits: 20, prepaidUnits: { enabled: 25 }, capabilityStatus: 'Enabled' }] } };
    if (path === '/v1.0/users/$count') return { status: 200, body: String(people.length) };
    if (path === '/v1.0/users') return collection(url, people, 100);
    const user = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (user) {
      const found = people.find((p) => p.id === decodeURIComponent(user[1]!));
      return found ? { status: 200, body: found } : { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'gone' } } };
    }
    if (path === '/v1.0/servicePrincipals') return collection(url, allPrincipals, 4);
    if (path === '/v1.0/oauth2PermissionGrants') {
      const client = /clientId eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      return collection(url, grants.filter((g) => g.clientId === client), 100);
    }
    const sp = /^\/v1\.0\/servicePrincipals\/([^/]+)(\/appRoleAssignments|\/appRoleAssignedTo)?$/.exec(path);
    if (sp) {
      const id = decodeURIComponent(sp[1]!);
      if (sp[2] === '/appRoleAssignments') return collection(url, applicationPermissions.filter((a) => a.principalId === id), 100);
      if (sp[2] === '/appRoleAssignedTo') return collection(url, assigned.filter((a) => a.resourceId === id), 100);
      const found = allPrincipals.find((p) => p.id === id);
      return found ? { status: 200, body: found } : undefined;
    }
    return undefined;
  };
  const double = await serve((url, request, body) => {
    if (request.method === 'POST' && url.pathname === '/v1.0/$batch') {
      if (request.headers.authorization !== 'Bearer double-token') return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'no token' } } };
      let requested: unknown;
      try {
        requested = JSON.parse(body.toString());
      } catch {
        return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid batch payload format.' } } };
      }
      return answerGraphBatch(requested, (member) => answer(new URL(`/v1.0${member.url}`, url), { method: member.method, headers: { ...member.headers, authorization: request.headers.authorization } }) ?? noRoute(member.url));
    }
    return answer(url, request);
  });
  return { ...double, tenantId };
}

const REPO_PACKAGES = [
  ['npm', 'openai'],
  ['npm', 'express'],
  ['pypi', 'anthropic'],
  ['pypi', 'numpy'],
  ['pypi', 'langchain'],
  ['golang', 'github.com/sashabaranov/go-openai'],
  ['npm', 'react'],
  ['maven', 'dev.langchain4j/langchain4j'],
] as const;

/**
 * GitHub for an organisation of `repos` repositories, each with a dependency-graph SBOM, plus
 * Copilot seats and installed apps. `repo0Files` gives repo-0 files on its default branch (git
 * tree and contents API) and no dependency graph (its SBOM answers 404, as GitHub does when the
 * graph is disabled), so its manifests are read from the files.
 */
export async function startGithubDouble(org: string, repos: number, options: { repo0Files?: Record<string, string> } = {}) {
  const files = options.repo0Files;
  const repositories = Array.from({ length: repos }, (_, i) => ({ id: i + 1, name: `repo-${i}`, full_name: `${org}/repo-${i}`, owner: { login: org }, archived: i % 17 === 5, default_branch: 'main', pushed_at: '2026-11-20T10:00:00Z' }));
  const seats = Array.from({ length: 30 }, (_, i) => ({ plan_type: 'business', assignee: { login: `dev${i}`, type: 'User' } }));
  const installations = [
    { id: 1, app_slug: 'coderabbitai', app_name: 'CodeRabbit', permissions: { pull_requests: 'write', contents: 'read' } },
    { id: 2, app_slug: 'dependabot', app_name: 'Dependabot', permissions: { contents: 'write' } },
    { id: 3, app_slug: 'renovate', app_name: 'Renovate', permissions: { contents: 'write' } },
  ];
  const paged = <T>(url: URL, items: T[]) => {
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const page = Number(url.searchParams.get('page') ?? '1');
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      return next.toString();
    };
    const headers: Record<string, string> = page < last ? { link: `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {};
    return { slice: items.slice((page - 1) * perPage, page * perPage), headers };
  };
  return serve((url, request) => {
    if (request.headers.authorization !== 'token ghp_double') return { status: 401, body: { message: 'Bad credentials' } };
    const path = url.pathname;
    if (path === `/orgs/${org}/repos`) {
      const { slice, headers } = paged(url, repositories);
      return { status: 200, body: slice, headers };
    }
    if (path === `/orgs/${org}/installations`) {
      const { slice, headers } = paged(url, installations);
      return { status: 200, body: { total_count: installations.length, installations: slice }, headers };
    }
    if (path === `/orgs/${org}/copilot/billing`) return { status: 200, body: { plan_type: 'business', seat_breakdown: { total: seats.length, active_this_cycle: 24 } } };
    if (path === `/orgs/${org}/copilot/billing/seats`) {
      const { slice, headers } = paged(url, seats);
      return { status: 200, body: { total_seats: seats.length, seats: slice }, headers };
    }
    if (files) {
      if (path === `/repos/${org}/repo-0/dependency-graph/sbom`) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/dependency-graph/sboms' } };
      if (path === `/repos/${org}/repo-0/git/trees/main`) return { status: 200, body: { sha: 'bb22', tree: Object.keys(files).map((file, i) => ({ path: file, mode: '100644', type: 'blob', sha: `f${i}`, size: files[file]!.length })), truncated: false } };
      const file = new RegExp(`^/repos/${org}/repo-0/contents/(.+)$`).exec(path)?.[1];
      if (file !== undefined) {
        const content = files[decodeURIComponent(file)];
        return content === undefined ? { status: 404, body: { message: 'Not Found' } } : { status: 200, body: { type: 'file', encoding: 'base64', size: content.length, name: file.split('/').pop(), path: decodeURIComponent(file), sha: 'c0ffee', content: Buffer.from(content).toString('base64') } };
      }
    }
    const sbom = new RegExp(`^/repos/${org}/repo-(\\d+)/dependency-graph/sbom$`).exec(path);
    if (sbom) {
      const n = Number(sbom[1]);
      const packages = REPO_PACKAGES.filter((_, p) => hash(n * 31 + p) % 3 === 0).map(([type, name], p) => ({ SPDXID: `SPDXRef-${p}`, name, versionInfo: '1.0.0', externalRefs: [{ referenceType: 'purl', referenceLocator: `pkg:${type}/${name}@1.0.0` }] }));
      return { status: 200, body: { sbom: { name: `${org}/repo-${n}`, packages } } };
    }
    if (new RegExp(`^/repos/${org}/repo-\\d+/git/trees/main$`).test(path)) return { status: 200, body: { sha: 'aa11', tree: [], truncated: false } };
    return undefined;
  });
}
