import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/app.js';
import type { Api } from '../../src/api/context.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/client.js';
import { createApiToken } from '../../src/inventory/access.js';
import { addConnection, findConnection } from '../../src/inventory/connections.js';
import { silentLogger } from '../../src/log.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { prepareConnection } from '../../src/scan/connection-input.js';
import { testConnection } from '../../src/scan/connection-test.js';
import { runCli, STACK_TRACE } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/services.js';

const catalog = loadCatalog();
const TENANT = 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19';
const CLIENT = '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60';

/**
 * An admin fixing a connection: the stored credential changed in place and audited (#15: the
 * hint said `connections add`, which refuses an existing name, and `remove` deleted the
 * history), and `connections test` telling a refused credential, an unreachable host, an unknown
 * tenant and a missing permission apart, each with its own fix.
 */
describe('changing and testing connections', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: Api;
  let admin = '';
  const config = { ...loadConfig({ UNSHADOW_SECRET_KEY: 'connections-test-key-0123456789' }), env: { M365_SECRET: 'operator-secret' } };
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    app = createApi({ db: database.db, catalog, matcher: compileMatcher(catalog), config, log: silentLogger, runScan: async () => {}, scheduleChanged: async () => {} });
    admin = (await createApiToken(database.db, 'admin', 'admin')).token;
    // The operator's connection, its secret a reference to the server's environment.
    await addConnection(database.db, { name: 'tenant', ...(await prepareConnection('microsoft365', { tenantId: TENANT, clientId: CLIENT, clientSecret: 'env:M365_SECRET' }, config)) });
  });
  afterAll(async () => {
    nock.cleanAll();
    await database?.dispose();
  });

  it('changes a secret in place, write-only and audited, keeping the connection and its history', async () => {
    const changed = await call('PUT', '/api/connections/tenant', { secrets: { clientSecret: 'a-new-client-secret-value' }, note: 'rotated after expiry' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ name: 'tenant', changed: ['secrets.clientSecret'] });
    const row = await findConnection(database.db, 'tenant');
    expect(row.secrets.clientSecret).toMatch(/^enc:v2:/);
    const audit = await queryRows<{ actor: string; field: string; before: unknown; after: unknown; reason: string }>(database.db, sql`select actor, field, before, after, reason from audit_log where entity_type = 'connection' and entity_id = ${row.id}`);
    expect(audit).toEqual([{ actor: 'token:admin', field: 'secrets.clientSecret', before: 'env:M365_SECRET', after: 'stored encrypted', reason: 'rotated after expiry' }]);
    expect(JSON.stringify(audit)).not.toContain('a-new-client-secret-value');
  });

  it('refuses to point a connection elsewhere over the API unless every secret is given again', async () => {
    const moved = await call('PUT', '/api/connections/tenant', { options: { graphUrl: 'https://93.184.216.34' } });
    expect(moved.status).toBe(400);
    expect(await moved.json()).toMatchObject({ error: "changing Microsoft Graph URL sends the connection's credentials to a new host: give Client secret again in the same change", fields: { clientSecret: expect.stringMatching(/^give it again/) } });
    const inside = await call('PUT', '/api/connections/tenant', { options: { authorityUrl: 'http://169.254.169.254' }, secrets: { clientSecret: 'x-value' } });
    expect(inside.status).toBe(400);
    expect(((await inside.json()) as { error: string }).error).toMatch(/refused to connect to 169\.254\.169\.254/);
    const unknown = await call('PUT', '/api/connections/tenant', { options: {}, sneaky: true });
    expect(unknown.status).toBe(400);
    expect((await findConnection(database.db, 'tenant')).config).not.toHaveProperty('graphUrl', 'https://93.184.216.34');
  });

  it('tells a refused credential, an unknown tenant, an unreachable host and a missing permission apart', async () => {
    nock.disableNetConnect();
    const closed = await freePort();
    const run = async (options: Record<string, unknown>) => {
      const row = { ...(await findConnection(database.db, 'tenant')), config: { tenantId: TENANT, clientId: CLIENT, ...options } };
      return testConnection(database.db, row, config);
    };
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    expect((await run({}))[0]).toMatchObject({ ok: false, problem: 'credential', fix: expect.stringMatching(/^The source refused the credential/) });
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).reply(400, { error: 'invalid_request', error_description: "AADSTS90002: Tenant 'b7c3e1a4' not found." });
    expect((await run({}))[0]).toMatchObject({ ok: false, problem: 'not_found', fix: expect.stringMatching(/check the tenant/) });
    // A real refused connection, without nock in the way: its pass-through of a fetch with a body
    // fails with its own 'unusable' TypeError before any connection is tried (nock 15.0.0).
    nock.restore();
    try {
      expect((await run({ authorityUrl: `http://127.0.0.1:${closed}` }))[0]).toMatchObject({ ok: false, problem: 'unreachable', fix: expect.stringMatching(/cannot be reached/) });
    } finally {
      nock.activate();
    }
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { access_token: 'token', expires_in: 3600 });
    nock('https://graph.microsoft.com')
      .get('/v1.0/subscribedSkus')
      .query(true)
      .reply(200, { value: [] })
      .get('/v1.0/users')
      .query(true)
      .reply(200, { value: [] })
      .get('/v1.0/servicePrincipals')
      .query(true)
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } })
      .get('/v1.0/oauth2PermissionGrants')
      .query(true)
      .reply(200, { value: [] })
      .get('/v1.0/deviceManagement/detectedApps')
      .query(true)
      .reply(200, { value: [] });
    const checks = await run({});
    expect(checks.filter((check) => !check.ok)).toEqual([expect.objectContaining({ name: 'Application.Read.All', problem: 'permission', fix: 'Grant Application.Read.All to the app or token (admin consent where the provider asks for it), then test again.' })]);
  });
});

describe('connections set from the command line', () => {
  it('reads yes/no options as the words typed (--include-archived false is false) and refuses other words by the option’s name', async () => {
    const home = mkdtempSync(join(tmpdir(), 'unshadow-set-'));
    try {
      const env = { UNSHADOW_HOME: home, DATABASE_URL: undefined };
      expect((await runCli(['connections', 'add', 'github', '--name', 'gh', '--org', 'acme', '--token', 'env:GITHUB_TOKEN', '--include-archived'], env)).code).toBe(0);
      const stored = async () => (JSON.parse((await runCli(['connections', 'show', 'gh'], env)).stdout) as { options: { includeArchived?: boolean } }).options.includeArchived;
      expect(await stored()).toBe(true);
      expect((await runCli(['connections', 'set', 'gh', '--include-archived', 'false'], env)).code).toBe(0);
      expect(await stored()).toBe(false);
      const refused = await runCli(['connections', 'set', 'gh', '--include-archived', 'perhaps'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--include-archived/);
      expect(refused.stderr).not.toMatch(STACK_TRACE);
      expect(await stored()).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
