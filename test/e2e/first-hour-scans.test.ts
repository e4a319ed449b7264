import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { silentLogger } from '../../src/log.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { prepareConnection } from '../../src/scan/connection-input.js';
import { ROOT } from '../helpers/cli.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';

/** Written by every run; the README shows them. */
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const PASSWORD = 'correct horse battery staple';
const STACK_TRACE = /\bat .+:\d+:\d+\)?$|TypeError|fetch failed/m;

/** Debian's Chromium, as the probe of this machine kind runs it: headless, no sandbox as root, no background traffic. */
function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A source that is down: every request answers 503, until it is closed and refuses connections. */
async function startBrokenSource(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    request.resume();
    response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}');
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

/**
 * An IT admin's first hour in the console (issue 18): the first admin from the sign-in page,
 * users and tokens, a weekly scan scheduled from a preset, and a scan of a source that is down,
 * watched retrying and then failing with one clear line.
 */
describe('first hour in the console: setup, users, schedules, scans in words (Chromium, real server, real Postgres)', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let source: Awaited<ReturnType<typeof startBrokenSource>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const vocabularyRequests: number[] = [];
  const alertFiles = mkdtempSync(join(tmpdir(), 'unshadow-e2e-alerts-'));

  beforeAll(async () => {
    created = await createPostgresDatabase();
    const config = { ...loadConfig({ DATABASE_URL: created.url, UNSHADOW_HOME: '/tmp/unshadow-unused', UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback', UNSHADOW_ALERT_FILE_DIR: alertFiles }), env: { GITHUB_TOKEN: 'ghp_e2e' } };
    database = await openDatabase(config);
    await importDemoOrganisation(database, matcher);
    source = await startBrokenSource();
    await addConnection(database.db, { name: 'github-acme', ...(await prepareConnection('github', { org: 'acme', apiUrl: source.url, token: 'env:GITHUB_TOKEN' }, config)) });
    // Nobody can sign in: the server makes the one-time setup code.
    server = await startServer({ config, database, catalog, matcher, log: silentLogger }, { port: 0, host: '127.0.0.1' });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/vocabulary') vocabularyRequests.push(Date.now());
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await source?.close();
    await database?.close();
    await created?.drop();
    rmSync(alertFiles, { recursive: true, force: true });
  });

  it('explains the first run on the sign-in page, and creates the first admin with the one-time code', async () => {
    expect(server.firstRun?.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'First run: create the first admin' }).waitFor();
    const text = (await page.getByRole('main').textContent()) ?? '';
    // Commands are code, not Markdown: no literal backticks anywhere.
    expect(text).not.toContain('`');
    expect(await page.locator('main code', { hasText: 'unshadow users add <name> --role admin' }).count()).toBe(1);
    expect(await page.locator('main code', { hasText: 'unshadow tokens create --role <role>' }).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'first-run.png') });

    await page.getByLabel('Setup code').fill('WRNG-CODE-WRNG-CODE');
    await page.getByLabel('Admin user name').fill('alice@corp.example');
    await page.getByLabel('Admin password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the first admin' }).click();
    await page.getByText('wrong setup code').waitFor();

    await page.getByLabel('Setup code').fill(server.firstRun!.code.toLowerCase());
    await page.getByRole('button', { name: 'Create the first admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('alice@corp.example').first().waitFor();
    await page.getByText('(Admin)').waitFor();
    const [user] = await queryRows<{ role: string }>(database.db, sql`select role from users where username = 'alice@corp.example'`);
    expect(user?.role).toBe('admin');
    // The words came from the server, before the first page.
    expect(vocabularyRequests.length).toBeGreaterThan(0);
  });

  it('manages users and API tokens on their pages', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByLabel('User name').fill('bob@corp.example');
    await page.getByLabel('Role').selectOption('compliance');
    await page.getByLabel('First password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    const bob = page.getByRole('row').filter({ hasText: 'bob@corp.example' });
    await bob.getByText('Compliance').waitFor();
    await page.getByRole('row').filter({ hasText: 'alice@corp.example' }).getByText('You').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'users.png') });

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('ci-export');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'API token ci-export' });
    const token = ((await dialog.locator('.secret-once').textContent()) ?? '').trim();
    expect(token).toMatch(/^unshadow_[A-Za-z0-9_-]{40,}$/);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.getByRole('row').filter({ hasText: 'ci-export' });
    await row.getByText('Active').waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain(token);
    // The token works, then is revoked.
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await row.getByRole('button', { name: 'Revoke token ci-export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const audit = await queryRows<{ action: string; actor: string }>(database.db, sql`select action, actor from audit_log where entity_type in ('user', 'token') order by id`);
    expect(audit.map((entry) => `${entry.actor} ${entry.action}`)).toEqual(['first-run setup user_added', 'user:alice@corp.example user_added', 'user:alice@corp.example token_created', 'user:alice@corp.example token_revoked']);
  });

  it('tests an alert rule: a real title and AI system, in the history as a test with its payload, and says alerts cannot link back', async () => {
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    // No UNSHADOW_PUBLIC_URL: the page and the rule form say alerts carry no link.
    expect(await page.getByText('UNSHADOW_PUBLIC_URL is not set on the server').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Rule name').fill('siem');
    await page.getByLabel('Channel').selectOption('file');
    await page.getByLabel('File name').fill('siem.jsonl');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('row').filter({ hasText: 'siem' }).first();
    await rule.getByText('Never').waitFor();
    await rule.getByText('24 hours').waitFor();
    await rule.getByRole('button', { name: 'Test rule siem' }).click();
    await page.getByText(/Test alert delivered through siem; it is in the delivery history, marked as a test/).waitFor();
    const delivery = page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'Test' });
    await delivery.getByText('Delivered').waitFor();
    const system = delivery.getByRole('link');
    const product = ((await system.textContent()) ?? '').trim();
    expect(product.length).toBeGreaterThan(0);
    expect(await system.getAttribute('href')).toMatch(/^\/systems\/[0-9a-f-]{36}$/);
    await delivery.getByRole('button', { name: /^Payload of the test alert of siem/ }).click();
    const payload = page.getByRole('dialog', { name: 'Test alert of siem' });
    const json = JSON.parse((await payload.locator('pre').textContent()) ?? '{}') as { title: string; events: { system: { product: string } }[] };
    expect(json.title).toMatch(new RegExp(`^Test alert · New AI system: ${product.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} by .+`));
    expect(json.events[0]!.system.product).toBe(product);
    await payload.getByRole('button', { name: 'Close' }).click();
    // A test is not the rule firing.
    await rule.getByText('Never').waitFor();
  });

  it('schedules a weekly scan from a preset, in the browser’s time zone, and shows it in words with its next run', async () => {
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/London');
    await page.getByLabel('Connection').selectOption('github-acme');
    await page.getByLabel('How often').selectOption('weekly');
    await page.getByLabel('Day of the week').selectOption('monday');
    await page.getByLabel('At', { exact: true }).fill('06:00');
    const preview = page.locator('.schedule-preview');
    await expect.poll(async () => preview.textContent()).toMatch(/^At 06:00, only on Monday \(Europe\/London\)\. Next run: .+ \(your time\)\.$/);
    const previewed = new Date((await preview.locator('time').getAttribute('datetime'))!);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(previewed)).toBe('Monday 06:00');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    const row = page.getByRole('row').filter({ hasText: 'github-acme' });
    await row.getByText('At 06:00, only on Monday (Europe/London)').waitFor();
    const next = await row.locator('time').first().getAttribute('datetime');
    const nextRun = new Date(next!);
    expect(nextRun.getTime()).toBeGreaterThan(Date.now());
    expect(nextRun.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600_000);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(nextRun)).toBe('Monday 06:00');
    await row.getByText('Not yet').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'schedule-preset.png') });
    const [schedule] = await queryRows<{ cron: string; timezone: string }>(database.db, sql`select cron, timezone from schedules`);
    expect(schedule).toEqual({ cron: '0 6 * * 1', timezone: 'Europe/London' });
  });

  it('shows a scan of a source that is down retrying, attempt by attempt, then one clear error with its fix', async () => {
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Scan now: github-acme' }).click();
    const scan = page.getByRole('row').filter({ hasText: 'github-acme' }).filter({ hasText: 'started by alice@corp.example' });
    await scan.getByText(/retrying, attempt 2 of 8/).waitFor({ timeout: 60_000 });
    await page.getByText('Last attempt: ').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'scan-retrying.png') });
    expect(source.requests()).toBeGreaterThan(5);

    // The source goes away for good: this connection never completed a scan, so it fails now.
    await source.close();
    await scan.getByText('Failed').waitFor({ timeout: 60_000 });
    const detail = page.locator('tr.scan-detail').first();
    await detail.getByText('1 error').waitFor();
    const errorLine = detail.locator('li');
    expect(await errorLine.count()).toBe(1);
    const line = (await errorLine.textContent()) ?? '';
    const host = source.url.replace('http://', '');
    expect(line).toContain(`connection refused by ${host}`);
    expect(line).toContain(`Fix: Check the connection's address (--api-url, now ${source.url})`);
    expect(line).not.toMatch(STACK_TRACE);
    // The line is on screen whole at 1280 px: nothing scrolls sideways, nothing is cut off.
    const wrap = await page.evaluate<{ scroll: number; client: number; right: number }>(
      `(() => { const w = document.querySelector('.scans .table-wrap'); const li = document.querySelector('tr.scan-detail li'); return { scroll: w.scrollWidth, client: w.clientWidth, right: li.getBoundingClientRect().right }; })()`,
    );
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
    expect(wrap.right).toBeLessThanOrEqual(1280);
    const [row] = await queryRows<{ status: string; error_count: number; retry: unknown }>(database.db, sql`select status, error_count, retry from scans s join connections c on c.id = s.connection_id where c.name = 'github-acme'`);
    expect(row).toEqual({ status: 'failed', error_count: 1, retry: null });
    expect(pageErrors).toEqual([]);
  }, 150_000);
}, 300_000);
