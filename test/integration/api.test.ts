import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/app.js';
import type { Api } from '../../src/api/context.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/client.js';
import { ROLES, type Role } from '../../src/domain/access.js';
import { addUser, createApiToken } from '../../src/inventory/access.js';
import { addConnection } from '../../src/inventory/connections.js';
import { prepareConnection } from '../../src/scan/connection-input.js';
import { silentLogger } from '../../src/log.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { ROOT } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/databases.js';

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const SECRET_KEY = 'api-test-secret-key-0123456789';
const alertFiles = mkdtempSync(join(tmpdir(), 'unshadow-api-alerts-'));
/** A public address, so the SSRF check passes without DNS (no test sends to it). */
const HOOK_URL = 'https://93.184.216.34/services/T0/B0/verysecretpath';

/** Every route of the API, the least role that may call it, and a request that succeeds for it. */
interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document. */
  route: string;
  role: Role;
  path: () => string;
  body?: () => unknown;
  /** 200 unless said. */
  status?: number;
  /** Read what the body needs just before the call (the document version to approve). */
  prepare?: () => Promise<void>;
  /** The body is a file to import, not a JSON object of fields. */
  file?: boolean;
}

describe('HTTP API (real Postgres, the demo organisation)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: Api;
  let config: Config;
  const tokens = {} as Record<Role, string>;
  const started: string[] = [];
  let systemId = '';
  let scheduleId = '';
  let tokenId = '';
  let scanId = '';
  let deliveryId = '';
  let documentVersionNow = '';

  const call = (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    await importDemoOrganisation(database, matcher);
    config = { ...loadConfig({ UNSHADOW_SECRET_KEY: SECRET_KEY, UNSHADOW_PUBLIC_URL: 'https://unshadow.example', UNSHADOW_ALERT_FILE_DIR: alertFiles, UNSHADOW_HOME: join(alertFiles, 'home') }), env: {} };
    app = createApi({
      db: database.db,
      catalog,
      matcher,
      config,
      log: silentLogger,
      runScan: async (id) => void started.push(id),
      scheduleChanged: async () => {},
    });
    for (const role of ROLES) tokens[role] = (await createApiToken(database.db, `${role}-token`, role)).token;
    const [chatgpt] = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where catalog_id = 'openai-chatgpt'`);
    systemId = chatgpt!.id;
    await addUser(database.db, 'carol', 'correct horse battery staple', 'compliance');
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(alertFiles, { recursive: true, force: true });
  });

  const routes: RouteCase[] = [
    { method: 'GET', route: '/api/session', role: 'viewer', path: () => '/api/session' },
    { method: 'GET', route: '/api/inventory', role: 'viewer', path: () => '/api/inventory?sort=users&order=desc&pageSize=5' },
    { method: 'GET', route: '/api/systems/{id}', role: 'viewer', path: () => `/api/systems/${systemId}` },
    { method: 'GET', route: '/api/systems/{id}/history', role: 'viewer', path: () => `/api/systems/${systemId}/history` },
    { method: 'GET', route: '/api/review-queue', role: 'viewer', path: () => '/api/review-queue' },
    { method: 'GET', route: '/api/dashboard', role: 'viewer', path: () => '/api/dashboard' },
    { method: 'GET', route: '/api/vendors', role: 'viewer', path: () => '/api/vendors' },
    { method: 'GET', route: '/api/connections', role: 'viewer', path: () => '/api/connections' },
    { method: 'GET', route: '/api/scans', role: 'viewer', path: () => '/api/scans' },
    { method: 'GET', route: '/api/schedules', role: 'viewer', path: () => '/api/schedules' },
    { method: 'GET', route: '/api/alerts/rules', role: 'viewer', path: () => '/api/alerts/rules' },
    { method: 'GET', route: '/api/alerts/history', role: 'viewer', path: () => '/api/alerts/history' },
    { method: 'GET', route: '/api/alerts/events', role: 'viewer', path: () => '/api/alerts/events?type=grant.high_exposure' },
    { method: 'GET', route: '/api/catalog', role: 'viewer', path: () => '/api/catalog?q=claude' },
    { method: 'GET', route: '/api/connectors', role: 'viewer', path: () => '/api/connectors' },
    { method: 'GET', route: '/api/imports', role: 'viewer', path: () => '/api/imports' },
    { method: 'POST', route: '/api/imports/{kind}', role: 'admin', path: () => '/api/imports/entra?connection=demo-entra', body: () => JSON.parse(readFileSync(join(ROOT, 'fixtures/demo/microsoft365/entra-export-week2.json'), 'utf8')), file: true },
    { method: 'POST', route: '/api/systems/{id}/review', role: 'compliance', path: () => `/api/systems/${systemId}/review`, body: () => ({ status: 'approved_with_conditions', conditions: 'No customer data in prompts', roles: ['ai_customer'], note: 'DPA signed' }) },
    { method: 'PUT', route: '/api/vendors/{name}', role: 'compliance', path: () => '/api/vendors/OpenAI', body: () => ({ certifications: ['iso27001'], dataProcessingAgreement: true }) },
    { method: 'GET', route: '/api/vendors/{name}', role: 'viewer', path: () => '/api/vendors/openai' },
    { method: 'POST', route: '/api/review', role: 'compliance', path: () => '/api/review', body: () => ({ ids: [systemId], status: 'approved_with_conditions', conditions: 'No customer data in prompts', note: 'DPA signed' }) },
    { method: 'GET', route: '/api/organisation', role: 'viewer', path: () => '/api/organisation' },
    { method: 'PUT', route: '/api/organisation', role: 'compliance', path: () => '/api/organisation', body: () => ({ name: 'Northwind Analytics', internalIssues: ['Staff adopt AI tools faster than they are reviewed'] }) },
    { method: 'GET', route: '/api/controls', role: 'viewer', path: () => '/api/controls' },
    { method: 'GET', route: '/api/controls/{id}', role: 'viewer', path: () => '/api/controls/A.2.2' },
    { method: 'PUT', route: '/api/controls/{id}', role: 'compliance', path: () => '/api/controls/A.2.2', body: () => ({ status: 'implemented', owner: 'CISO', evidence: 'POL-AI-001 v1.2' }) },
    { method: 'POST', route: '/api/systems/{id}/incidents', role: 'compliance', path: () => `/api/systems/${systemId}/incidents`, body: () => ({ title: 'Wrong figures in a customer reply', kind: 'wrong_output', severity: 'medium', description: 'A drafted reply quoted a price that does not exist' }) },
    { method: 'GET', route: '/api/incidents', role: 'viewer', path: () => '/api/incidents?open=true' },
    { method: 'GET', route: '/api/incidents/{id}', role: 'viewer', path: () => '/api/incidents/INC-1' },
    { method: 'PATCH', route: '/api/incidents/{id}', role: 'compliance', path: () => '/api/incidents/INC-1', body: () => ({ status: 'investigating', investigation: 'The prompt carried an old price list' }) },
    { method: 'GET', route: '/api/documents', role: 'viewer', path: () => '/api/documents' },
    {
      method: 'POST',
      route: '/api/documents/{kind}/approval',
      role: 'compliance',
      path: () => '/api/documents/soa/approval',
      body: () => ({ version: documentVersionNow, approvedBy: 'Sam Lee, CEO' }),
      prepare: async () => {
        documentVersionNow = ((await (await call('GET', '/api/documents', { token: tokens.viewer })).json()) as { items: { version: string }[] }).items[0]!.version;
      },
    },
    { method: 'GET', route: '/api/exports/{kind}', role: 'compliance', path: () => '/api/exports/soa?format=csv' },
    { method: 'POST', route: '/api/alerts/rules', role: 'security', path: () => '/api/alerts/rules', body: () => ({ name: 'slack-security', channel: 'slack', url: HOOK_URL, types: ['grant.high_exposure'] }) },
    { method: 'POST', route: '/api/alerts/rules/{name}/test', role: 'security', path: () => '/api/alerts/rules/siem/test' },
    { method: 'GET', route: '/api/alerts/history/{id}', role: 'viewer', path: () => `/api/alerts/history/${deliveryId}` },
    { method: 'DELETE', route: '/api/alerts/rules/{name}', role: 'security', path: () => '/api/alerts/rules/siem', status: 204 },
    { method: 'POST', route: '/api/connections', role: 'admin', path: () => '/api/connections', body: () => ({ kind: 'synthetic', name: 'trial', options: { records: 100 }, secrets: {} }) },
    { method: 'PUT', route: '/api/connections/{name}', role: 'admin', path: () => '/api/connections/trial', body: () => ({ options: { records: 200 }, note: 'a bigger trial' }) },
    { method: 'POST', route: '/api/connections/{name}/test', role: 'admin', path: () => '/api/connections/trial/test' },
    { method: 'POST', route: '/api/connections/{name}/scans', role: 'admin', path: () => '/api/connections/trial/scans', status: 202 },
    { method: 'GET', route: '/api/scans/{id}', role: 'viewer', path: () => `/api/scans/${scanId}` },
    { method: 'GET', route: '/api/schedules/preview', role: 'viewer', path: () => '/api/schedules/preview?preset=weekly&at=06:00&weekday=monday&timezone=Europe/London' },
    { method: 'POST', route: '/api/schedules', role: 'admin', path: () => '/api/schedules', body: () => ({ connection: 'trial', cron: '0 3 * * *', timezone: 'Europe/Berlin' }) },
    { method: 'POST', route: '/api/schedules/{id}/pause', role: 'admin', path: () => `/api/schedules/${scheduleId}/pause`, status: 204 },
    { method: 'POST', route: '/api/schedules/{id}/resume', role: 'admin', path: () => `/api/schedules/${scheduleId}/resume`, status: 204 },
    { method: 'DELETE', route: '/api/schedules/{id}', role: 'admin', path: () => `/api/schedules/${scheduleId}`, status: 204 },
    { method: 'GET', route: '/api/tokens', role: 'admin', path: () => '/api/tokens' },
    { method: 'POST', route: '/api/tokens', role: 'admin', path: () => '/api/tokens', body: () => ({ name: 'ci', role: 'viewer' }) },
    { method: 'DELETE', route: '/api/tokens/{id}', role: 'admin', path: () => `/api/tokens/${tokenId}`, status: 204 },
    { method: 'GET', route: '/api/users', role: 'admin', path: () => '/api/users' },
    { method: 'POST', route: '/api/users', role: 'admin', path: () => '/api/users', body: () => ({ username: 'dana', password: 'correct horse battery staple', role: 'viewer' }) },
    { method: 'DELETE', route: '/api/users/{name}', role: 'admin', path: () => '/api/users/dana', status: 204 },
    { method: 'DELETE', route: '/api/connections/{name}', role: 'admin', path: () => '/api/connections/trial', status: 204 },
    { method: 'DELETE', route: '/api/session', role: 'viewer', path: () => '/api/session', status: 204 },
  ];

  it('documents every route in OpenAPI 3.1, and this test covers each of them', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    // Signing in, the vocabulary and the first-run setup answer without a caller (tested on their own).
    const tested = [...routes.map((r) => `${r.method} ${r.route}`), 'POST /api/session', 'GET /api/vocabulary', 'GET /api/setup', 'POST /api/setup'];
    expect(documented.sort()).toEqual([...new Set(tested)].sort());
    // The request schemas are the ones that validate: the review body names its statuses.
    const review = document.paths['/api/systems/{id}/review']!.post as { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } };
    expect(review.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ReviewDecision');
    expect(JSON.stringify(document.components.schemas.ReviewDecision)).toContain('approved_with_conditions');
  });

  it('refuses every route without credentials, and with an unknown token', async () => {
    for (const route of routes) {
      const response = await call(route.method, route.path(), route.body ? { body: route.body() } : {});
      expect(response.status, `${route.method} ${route.route}`).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('not signed in');
    }
    expect((await call('GET', '/api/inventory', { token: 'unshadow_forged' })).status).toBe(401);
  });

  it('serves each route to its role and refuses every other role, on the server', async () => {
    // A rule the security role tests and removes.
    const siem = await call('POST', '/api/alerts/rules', { token: tokens.security, body: { name: 'siem', channel: 'file', path: 'siem.jsonl' } });
    expect(siem.status).toBe(200);
    for (const route of routes) {
      const label = `${route.method} ${route.route}`;
      const refused = ROLES.filter((role) => !(role === 'admin' || route.role === 'viewer' || role === route.role));
      await route.prepare?.();
      for (const role of refused) {
        const response = await call(route.method, route.path(), { token: tokens[role], ...(route.body ? { body: route.body() } : {}) });
        expect(response.status, `${label} as ${role}`).toBe(403);
        expect(((await response.json()) as { error: string }).error).toBe(`this needs the ${route.role} role; you are ${role}`);
      }
      const response = await call(route.method, route.path(), { token: tokens[route.role], ...(route.body ? { body: route.body() } : {}) });
      expect(response.status, `${label} as ${route.role}: ${await response.clone().text()}`).toBe(route.status ?? 200);
      if (route.route === '/api/connections/{name}/scans') scanId = ((await response.json()) as { scanId: string }).scanId;
      if (route.route === '/api/schedules' && route.method === 'POST') scheduleId = ((await response.json()) as { id: string }).id;
      if (route.route === '/api/tokens' && route.method === 'POST') tokenId = ((await response.json()) as { id: string }).id;
      if (route.route === '/api/alerts/rules/{name}/test') deliveryId = ((await response.json()) as { deliveryId: string }).deliveryId;
    }
    expect(started).toEqual([scanId]);
  });

  it('records a review decision in the audit trail under the caller, with the reason', async () => {
    const history = (await (await call('GET', `/api/systems/${systemId}/history`, { token: tokens.viewer })).json()) as { items: { actor: string; field: string; after: unknown; reason: string }[] };
    const status = history.items.find((h) => h.field === 'status' && h.after === 'approved_with_conditions');
    expect(status).toMatchObject({ actor: 'token:compliance-token', reason: 'DPA signed' });
    const system = (await (await call('GET', `/api/systems/${systemId}`, { token: tokens.viewer })).json()) as { system: { status: string; evidence: unknown[] }; sheet: { entry: { conditions: string }; requirements: { controls: unknown[] } } };
    expect(system.system.status).toBe('approved_with_conditions');
    expect(system.sheet.entry.conditions).toBe('No customer data in prompts');
    expect(system.system.evidence.length).toBeGreaterThan(0);
  });

  it('refuses an unknown field on every write route with 400 naming it, and records nothing', async () => {
    const writes = routes.filter((route) => route.method !== 'GET' && !route.file);
    const before = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`);
    for (const route of writes) {
      await route.prepare?.();
      const body = { ...((route.body?.() as Record<string, unknown> | undefined) ?? {}), iso42001: true };
      const response = await call(route.method, route.path(), { token: tokens.admin, body });
      const label = `${route.method} ${route.route}`;
      expect(response.status, label).toBe(400);
      expect(((await response.json()) as { error: string }).error, label).toMatch(/unknown field 'iso42001'/);
    }
    // Nested objects are strict too, and the message says where and what is accepted.
    const nested = await call('POST', `/api/systems/${systemId}/review`, { token: tokens.compliance, body: { useContext: { purpose: 'x', team: 'Sales' } } });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { error: string }).error).toMatch(/^invalid request: useContext: unknown field 'team'; the fields it takes are: dataCategories, decisions, departments, domain, /);
    const vendor = await call('PUT', '/api/vendors/OpenAI', { token: tokens.compliance, body: { iso42001: true } });
    expect(((await vendor.json()) as { error: string }).error).toMatch(/unknown field 'iso42001'; the fields it takes are: certifications, /);
    const signIn = await call('POST', '/api/session', { body: { token: 'x', remember: true } });
    expect(signIn.status).toBe(400);
    expect(((await signIn.json()) as { error: string }).error).toMatch(/unknown field 'remember'/);
    expect(await queryRows(database.db, sql`select count(*)::int as n from audit_log`)).toEqual(before);
  });

  it('tests a connection, whose secrets are given write-only', async () => {
    const reference = await call('POST', '/api/connections', { token: tokens.admin, body: { kind: 'synthetic', name: 'probe', options: { records: 10 }, secrets: { token: 'env:PROBE_TOKEN' } } });
    expect(reference.status).toBe(400);
    expect(await reference.json()).toMatchObject({ error: expect.stringMatching(/Bearer token: env: and file: references name the server's own environment and files/), fields: { token: expect.stringMatching(/^env: and file: references/) } });
    const added = await call('POST', '/api/connections', { token: tokens.admin, body: { kind: 'synthetic', name: 'probe-value', options: { records: 10 }, secrets: { token: 'probe-token-value' } } });
    expect(added.status).toBe(200);
    const listed = (await (await call('GET', '/api/connections', { token: tokens.viewer })).json()) as { items: { name: string; secrets: unknown }[] };
    expect(listed.items.find((item) => item.name === 'probe-value')!.secrets).toEqual({ token: 'stored encrypted' });
    // The operator added one by reference on the host; the server was not given PROBE_TOKEN: the check says so.
    await addConnection(database.db, { name: 'probe', ...(await prepareConnection('synthetic', { records: '10', token: 'env:PROBE_TOKEN' }, config)) });
    const missing = await call('POST', '/api/connections/probe/test', { token: tokens.admin });
    expect(missing.status).toBe(200);
    expect(await missing.json()).toMatchObject({
      ok: false,
      checks: [{ name: 'configuration', ok: false, problem: 'configuration', detail: 'secret token refers to the environment variable PROBE_TOKEN, which is not set in this process' }],
    });
    await call('POST', '/api/connections', { token: tokens.admin, body: { kind: 'synthetic', name: 'probe-open', options: { records: 10 }, secrets: {} } });
    const tested = (await (await call('POST', '/api/connections/probe-open/test', { token: tokens.admin })).json()) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(tested.ok).toBe(true);
    expect(tested.checks.length).toBeGreaterThan(0);
    const unknown = await call('POST', '/api/connections', { token: tokens.admin, body: { kind: 'fax', name: 'x', options: {}, secrets: {} } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: "unknown connector 'fax'" });
  });

  it('changes only the use-context fields a decision gives', async () => {
    const decide = (body: unknown) => call('POST', `/api/systems/${systemId}/review`, { token: tokens.compliance, body });
    expect((await decide({ useContext: { departments: ['Sales', 'Support'], dataCategories: ['customer'] } })).status).toBe(200);
    expect((await decide({ useContext: { purpose: 'Drafting replies to customers' } })).status).toBe(200);
    const system = (await (await call('GET', `/api/systems/${systemId}`, { token: tokens.viewer })).json()) as { sheet: { entry: { useContext: unknown } } };
    expect(system.sheet.entry.useContext).toMatchObject({ purpose: 'Drafting replies to customers', departments: ['Sales', 'Support'], dataCategories: ['customer'] });
  });

  it('pages, sorts and searches the inventory', async () => {
    const page = (await (await call('GET', '/api/inventory?q=claude&sort=product', { token: tokens.viewer })).json()) as { items: { product: string }[]; total: number };
    expect(page.items.map((i) => i.product)).toEqual(['Claude (Free, Pro, Max)', 'Claude API (Anthropic Console)']);
    const byUsers = (await (await call('GET', '/api/inventory?sort=users&order=desc&pageSize=3&page=1', { token: tokens.viewer })).json()) as { items: { users: number }[]; total: number; pageSize: number };
    expect(byUsers.items).toHaveLength(3);
    expect(byUsers.items.map((i) => i.users)).toEqual([...byUsers.items.map((i) => i.users)].sort((a, b) => b - a));
    // Every system of the demo, whatever sources the demo grows: the count the database holds.
    const [systems] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ai_systems`);
    expect(systems!.n).toBeGreaterThan(20);
    expect(byUsers.total).toBe(systems!.n);
    const bad = await call('GET', '/api/inventory?sort=colour', { token: tokens.viewer });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^invalid request: sort:/);
  });

  it('never returns a secret: webhook URLs are write-only', async () => {
    const rules = await (await call('GET', '/api/alerts/rules', { token: tokens.admin })).text();
    expect(rules).toContain('"url":"stored encrypted"');
    expect(rules).not.toContain('verysecretpath');
    const [row] = await queryRows<{ secrets: unknown }>(database.db, sql`select secrets from alert_rules where name = 'slack-security'`);
    expect(JSON.stringify(row)).not.toContain('verysecretpath');
  });

  it('gives clear errors: unknown system 404, invalid body 400, rule refused with what to fix', async () => {
    expect((await call('GET', '/api/systems/00000000-0000-4000-8000-000000000000', { token: tokens.viewer })).status).toBe(404);
    const invalid = await call('POST', `/api/systems/${systemId}/review`, { token: tokens.compliance, body: { status: 'maybe' } });
    expect(invalid.status).toBe(400);
    const [otter] = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where catalog_id = 'otter-ai'`);
    const conditions = await call('POST', `/api/systems/${otter!.id}/review`, { token: tokens.compliance, body: { status: 'restricted' } });
    expect(conditions.status).toBe(400);
    expect(await conditions.json()).toMatchObject({ error: "status 'restricted' needs the conditions it is subject to" });
    const ssrf = await call('POST', '/api/alerts/rules', { token: tokens.security, body: { name: 'internal', channel: 'teams', url: 'https://169.254.169.254/latest' } });
    expect(ssrf.status).toBe(400);
    expect(((await ssrf.json()) as { error: string }).error).toMatch(/it is a link local address, and only public addresses are allowed; the operator can allow it with UNSHADOW_ALLOW_PRIVATE_NETWORKS/);
  });

  it('signs in with a password into a cookie session whose changes need the CSRF token', async () => {
    const login = await call('POST', '/api/session', { body: { username: 'carol', password: 'correct horse battery staple' } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^unshadow_session=[\w-]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const { csrfToken, principal } = (await login.json()) as { csrfToken: string; principal: unknown };
    expect(principal).toEqual({ kind: 'user', name: 'carol', role: 'compliance' });
    const session = { cookie: cookie.split(';')[0]! };
    expect((await call('GET', '/api/review-queue', { headers: session })).status).toBe(200);
    const body = { status: 'in_review' };
    const forged = await call('POST', `/api/systems/${systemId}/review`, { headers: session, body });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toBe('missing or wrong CSRF token');
    expect((await call('POST', `/api/systems/${systemId}/review`, { headers: { ...session, 'x-csrf-token': csrfToken }, body })).status).toBe(200);
    const history = (await (await call('GET', `/api/systems/${systemId}/history`, { headers: session })).json()) as { items: { actor: string; after: unknown }[] };
    expect(history.items.at(-1)).toMatchObject({ actor: 'user:carol', after: 'in_review' });
    expect((await call('DELETE', '/api/session', { headers: { ...session, 'x-csrf-token': csrfToken } })).status).toBe(204);
    expect((await call('GET', '/api/review-queue', { headers: session })).status).toBe(401);
  });

  it('rate-limits failed sign-ins per account', async () => {
    await addUser(database.db, 'dave', 'correct horse battery staple', 'viewer');
    const attempt = () => call('POST', '/api/session', { body: { username: 'dave', password: 'wrong password!!' }, headers: { 'x-forwarded-for': 'ignored' } });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: string }).error).toBe('too many failed sign-ins for this account');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits out the back-off.
    expect((await call('POST', '/api/session', { body: { username: 'dave', password: 'correct horse battery staple' } })).status).toBe(429);
  });

  it('answers a health check without a caller, and 503 once its database is gone', async () => {
    const healthy = await call('GET', '/healthz');
    expect(healthy.status).toBe(200);
    expect(await healthy.text()).toBe('ok');
    const gone = await freshDatabase('pglite');
    const orphan = createApi({ db: gone.db, catalog, matcher, config, log: silentLogger, runScan: async () => {}, scheduleChanged: async () => {} });
    await gone.dispose();
    const down = await orphan.request('/healthz');
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('database unavailable');
  });

  it('sends security headers on every answer, and serves the console page for its routes', async () => {
    for (const path of ['/api/dashboard', '/openapi.json', '/', `/systems/${systemId}`]) {
      const response = await call('GET', path, { token: tokens.viewer });
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    }
    const page = await call('GET', '/review');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
