import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { addUser } from '../../src/inventory/access.js';
import { silentLogger } from '../../src/log.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { ROOT } from '../helpers/cli.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';
import { startGraphDouble } from '../helpers/saas-doubles.js';

/** Written by every run; the README shows them. */
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const PASSWORD = 'correct horse battery staple';
const TENANT = 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19';
const CLIENT = '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60';

/**
 * A part of the page, as the README shows it: taken from the whole page, so the sticky header
 * and status line stay at the top of the document instead of covering the part.
 */
async function shoot(page: Page, part: ReturnType<Page['locator']>, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  const box = (await part.boundingBox())!;
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, clip: box });
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * An IT admin's first hour in the console: a Microsoft 365 connection added through the form
 * its connector's schema generates, pointed at a local Graph double, tested permission by
 * permission; an expense export and the demo's second-week Entra export uploaded while the
 * server holds the database.
 */
describe("an IT admin's first hour: connections and uploads in the console (Chromium, real server, real Postgres)", () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let keyless: Awaited<ReturnType<typeof startServer>>;
  let graph: Awaited<ReturnType<typeof startGraphDouble>>;
  let browser: Browser;
  let page: Page;
  const home = mkdtempSync(join(tmpdir(), 'unshadow-first-hour-'));
  const pageErrors: string[] = [];

  beforeAll(async () => {
    created = await createPostgresDatabase();
    // The double answers 403 where the app was not granted DelegatedPermissionGrant.Read.All.
    graph = await startGraphDouble(40, TENANT, { denied: ['/v1.0/oauth2PermissionGrants'], intune: true });
    const env = { DATABASE_URL: created.url, UNSHADOW_HOME: home, UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback' };
    const config = loadConfig({ ...env, UNSHADOW_SECRET_KEY: 'first-hour-secret-key-0123456789' });
    database = await openDatabase(config);
    await importDemoOrganisation(database, matcher);
    await addUser(database.db, 'alex', PASSWORD, 'admin');
    server = await startServer({ config, database, catalog, matcher, log: silentLogger }, { port: 0, host: '127.0.0.1' });
    // The same database served by a process started without a secret key, as the demo is.
    keyless = await startServer({ config: loadConfig(env), database, catalog, matcher, log: silentLogger }, { port: 0, host: '127.0.0.1' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.goto(`${server.url}/connections`);
    await page.getByLabel('User name').fill('alex');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await keyless?.stop();
    await server?.stop();
    await graph?.close();
    await database?.close();
    await created?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  const addForm = () => page.locator('form.connection-form');

  it('builds each connector’s form from its schema: GitHub and Google Workspace too', async () => {
    await addForm().getByLabel('Kind').selectOption({ label: 'GitHub' });
    await addForm().getByLabel('Organisation').waitFor();
    expect(await addForm().getByLabel('Include archived repositories').getAttribute('type')).toBe('checkbox');
    // A PEM key has lines: a text area keeps them.
    expect(await addForm().getByLabel('GitHub App private key').evaluate((e) => e.tagName)).toBe('TEXTAREA');
    await addForm().getByRole('table', { name: 'Permissions GitHub needs' }).getByText('Organization "GitHub Copilot Business: read"').waitFor();
    await addForm().getByLabel('Kind').selectOption({ label: 'Google Workspace' });
    await addForm().getByLabel('Admin e-mail').waitFor();
    await addForm().getByLabel('Service account key (JSON)').waitFor();
    await addForm().getByText('https://www.googleapis.com/auth/admin.directory.user.security').waitFor();
  });

  it('adds a Microsoft 365 connection through the form its schema generates, refusing a wrong one in the form’s words', async () => {
    await addForm().getByLabel('Kind').selectOption({ label: 'Microsoft 365' });
    const form = addForm();
    for (const label of ['Tenant ID', 'Client ID', 'Microsoft Graph URL', 'Sign-in (authority) URL', 'Page size', 'Client secret']) await form.getByLabel(label, { exact: true }).waitFor();
    expect(await form.getByLabel('Client secret', { exact: true }).getAttribute('type')).toBe('password');
    await form.getByText('Default: https://graph.microsoft.com.').waitFor();
    await form.getByText(/stored encrypted with this server's key/).waitFor();
    const permissions = form.getByRole('table', { name: 'Permissions Microsoft 365 needs' });
    expect(await permissions.locator('tbody th > span > code:first-child').allTextContents()).toEqual([
      'Organization.Read.All',
      'User.Read.All',
      'Application.Read.All',
      'DelegatedPermissionGrant.Read.All',
      'User.ReadBasic.All',
      'DeviceManagementManagedDevices.Read.All',
    ]);

    await form.getByLabel('Name', { exact: true }).fill('northwind-m365');
    await form.getByLabel('Tenant ID').fill('not a tenant');
    await form.getByLabel('Page size').fill('5000');
    await form.getByRole('button', { name: 'Add connection' }).click();
    await form.getByText('expected the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com').waitFor();
    expect(await form.getByLabel('Tenant ID').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Client ID').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Client secret', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByText('at most 999').waitFor();
    const shown = (await form.textContent()) ?? '';
    expect(shown).not.toMatch(/--[a-z]|Invalid input|received undefined|tenantId/);

    await form.getByLabel('Tenant ID').fill(TENANT);
    await form.getByLabel('Client ID').fill(CLIENT);
    await form.getByLabel('Page size').fill('');
    await form.getByLabel('Microsoft Graph URL').fill(graph.url);
    await form.getByLabel('Sign-in (authority) URL').fill(graph.url);
    await form.getByLabel('Client secret', { exact: true }).fill('double-client-secret');
    // Each refused field is cleared of its problem once edited.
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
    await shoot(page, page.locator('section', { has: form }), 'connection-form.png');
    await form.getByRole('button', { name: 'Add connection' }).click();
    await page.getByText('Connection northwind-m365 added.').waitFor();
    await page.getByRole('button', { name: 'Test northwind-m365' }).waitFor();
    const [row] = await queryRows<{ config: Record<string, unknown>; secret: string }>(database.db, sql`select config, secrets->>'clientSecret' as secret from connections where name = 'northwind-m365'`);
    expect(row!.config).toEqual({ tenantId: TENANT, clientId: CLIENT, graphUrl: graph.url, authorityUrl: graph.url, pageSize: 999, intuneRequestsPerSecond: 100 });
    expect(row!.secret).toMatch(/^enc:v2:/);
  });

  it('tests it: the sign-in, then each permission granted or missing, with the fix for the missing one', async () => {
    await page.getByRole('button', { name: 'Test northwind-m365' }).click();
    const panel = page.locator('section.test-panel');
    await panel.getByRole('heading', { name: 'Test of northwind-m365' }).waitFor();
    const table = panel.getByRole('table', { name: 'Permissions' });
    await table.waitFor();
    const states = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent, r.querySelectorAll('td')[1]!.textContent]));
    expect(states).toEqual([
      ['Organization.Read.All', 'Granted'],
      ['User.Read.All', 'Granted'],
      ['Application.Read.All', 'Granted'],
      ['DelegatedPermissionGrant.Read.All', 'Missing'],
      ['User.ReadBasic.All', 'Granted'],
      ['DeviceManagementManagedDevices.Read.All', 'Granted'],
    ]);
    const missing = table.locator('tbody tr', { hasText: 'DelegatedPermissionGrant.Read.All' });
    await missing.getByText(/^Grant DelegatedPermissionGrant\.Read\.All .* to the app or token/).waitFor();
    await panel.getByText('northwind-m365: 5 of 6 permissions granted, 1 missing.').waitFor();
    await panel.getByRole('table', { name: 'Sign-in and access' }).getByText('Passed').waitFor();
    await shoot(page, panel, 'connection-test.png');
  });

  it('on a server without a secret key, says so beside the secret and how to fix it, rather than accept and fail', async () => {
    await page.goto(`${keyless.url}/connections`);
    const userName = page.getByLabel('User name');
    if (await userName.isVisible().catch(() => false)) {
      await userName.fill('alex');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await addForm().getByLabel('Kind').selectOption({ label: 'Microsoft 365' });
    await addForm().getByText('This server cannot store secrets typed here: it was started without UNSHADOW_SECRET_KEY').waitFor();
    await addForm().getByText(/Set UNSHADOW_SECRET_KEY .* and restart it/).waitFor();
    expect(await addForm().getByLabel('Client secret', { exact: true }).isDisabled()).toBe(true);
    expect(await addForm().getByRole('button', { name: 'Add connection' }).isDisabled()).toBe(true);
    await page.goto(`${server.url}/connections`);
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  });

  it('uploads an expense export: the AI systems it is evidence of, and each skipped row by line', async () => {
    const upload = page.locator('form.upload-form');
    await upload.getByLabel('What the file is').selectOption({ label: 'Card or expense export' });
    // The demo has an expense connection already; this export goes into a new one.
    await upload.getByLabel('Import into').selectOption({ label: 'A new connection' });
    await upload.getByLabel('New connection name').fill('cards');
    await upload.getByLabel('File', { exact: true }).setInputFiles(join(ROOT, 'fixtures/expenses/malformed.csv'));
    await upload.getByRole('button', { name: 'Upload and import' }).click();
    await upload.getByText(/^Imported malformed\.csv into cards: \d+ rows read, \d+ AI-related kept as evidence, \d+ skipped\./).waitFor();
    const systems = upload.locator('.upload-systems');
    await systems.getByRole('link', { name: 'ChatGPT (Free, Plus, Pro)' }).waitFor();
    const problems = upload.getByRole('table', { name: /rows skipped/ });
    const lines = await problems.locator('tbody tr td:first-child').allTextContents();
    expect(lines.map(Number)).toEqual(expect.arrayContaining([3, 4, 7]));
    await problems.locator('tbody tr', { hasText: /^3/ }).waitFor();
    await shoot(page, page.locator('section', { has: upload }), 'upload.png');
    expect((await upload.textContent()) ?? '').not.toContain(home);
    // The table of connections now lists it, and the scan it made.
    await page.getByRole('row', { name: /^cards/ }).first().waitFor();
  });

  it('uploads the demo’s second-week Entra export into its connection, with progress, and finds the one new AI app', async () => {
    const upload = page.locator('form.upload-form');
    await upload.getByLabel('What the file is').selectOption({ label: 'Entra ID consents' });
    await upload.getByLabel('Import into').selectOption('demo-entra');
    await upload.getByLabel('File', { exact: true }).setInputFiles(join(ROOT, 'fixtures/demo/microsoft365/entra-export-week2.json'));
    // A slow link, so the progress is there to be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 12 * 1024 });
    await upload.getByRole('button', { name: 'Upload and import' }).click();
    await upload.getByText(/^Uploading entra-export-week2\.json: \d+% \(/).waitFor();
    await upload.getByText(/^Imported entra-export-week2\.json into demo-entra: /).waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const writer = upload.locator('.upload-systems li', { hasText: 'Writer (enterprise generative AI, Palmyra)' });
    await writer.getByText('New').waitFor();
    await upload.getByText(/1 new AI system in the inventory/).waitFor();
    const [system] = await queryRows<{ status: string }>(database.db, sql`select status from ai_systems where product = 'Writer (enterprise generative AI, Palmyra)'`);
    expect(system!.status).toBe('discovered');
  });

  it('labels every field of the page, and raises no script error', async () => {
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((f) => !f.labels?.length && !f.getAttribute('aria-label')).map((f) => f.outerHTML.slice(0, 80))`);
    expect(unlabelled).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}, 240_000);
