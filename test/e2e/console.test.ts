import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { rateScopes } from '../../src/domain/scope-exposure.js';
import { addUser } from '../../src/inventory/access.js';
import { silentLogger } from '../../src/log.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { importObservations } from '../../src/pipeline/import-observations.js';
import { ROOT } from '../helpers/cli.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';

/** Written by every run; the README shows them. */
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const HOSTILE_APP = '<img src=x onerror=alert(1)> ChatGPT';
const PASSWORD = 'correct horse battery staple';

/** Debian's Chromium, as the probe of this machine kind runs it: headless, no sandbox as root, no background traffic. */
function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

describe('web console in Chromium (real server, real Postgres)', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    created = await createPostgresDatabase();
    const config = loadConfig({ DATABASE_URL: created.url, UNSHADOW_HOME: '/tmp/unshadow-unused' });
    database = await openDatabase(config);
    await importDemoOrganisation(database, matcher);
    // An OAuth app whose name is markup, as a hostile publisher could register it.
    await importObservations(database, matcher, {
      kind: 'google-workspace-export',
      connection: 'google-hostile',
      file: 'tokens.json',
      observations: [{ kind: 'oauth_grant', key: 'hostile:1', attributes: { provider: 'google', appName: HOSTILE_APP, appId: 'hostile.apps.googleusercontent.com', scopes: ['openid'], user: '<script>alert(2)</script>@corp.example', exposure: rateScopes(['openid']) } }],
      problems: [],
    });
    await addUser(database.db, 'carol', PASSWORD, 'compliance');
    server = await startServer({ config, database, catalog, matcher, log: silentLogger }, { port: 0, host: '127.0.0.1' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    await created?.drop();
  });

  it('signs in, works ChatGPT through the review queue to approved, and shows the history entry', async () => {
    await page.goto(`${server.url}/review`);
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();

    // Keyboard: move the selection to ChatGPT, approve with "a", which asks for the note first.
    const rows = page.getByRole('row').filter({ hasText: 'ChatGPT (Free, Plus, Pro)' });
    await rows.first().click();
    await page.keyboard.press('a');
    await page.getByLabel('Note (why)').fill('Enterprise plan, DPA signed');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('ChatGPT (Free, Plus, Pro) approved').first().waitFor();
    await expect.poll(async () => (await page.getByRole('row').filter({ hasText: 'ChatGPT (Free, Plus, Pro)' }).count())).toBe(0);

    const [chatgpt] = await queryRows<{ id: string; status: string }>(database.db, sql`select id, status from ai_systems where catalog_id = 'openai-chatgpt'`);
    expect(chatgpt!.status).toBe('approved');
    await page.goto(`${server.url}/systems/${chatgpt!.id}`);
    await page.getByRole('heading', { name: 'ChatGPT (Free, Plus, Pro)', level: 1 }).waitFor();
    const history = page.getByRole('table', { name: 'Audit history' });
    // In words: who, what and the reason; no internal names.
    await expect.poll(async () => history.getByRole('row').filter({ hasText: 'carol' }).filter({ hasText: 'Approved' }).filter({ hasText: 'Enterprise plan, DPA signed' }).count()).toBeGreaterThan(0);
    expect(await history.textContent()).not.toMatch(/user:carol|token:|useContext\./);
    // The top of the page: what a reviewer sees first (the whole page is several screens long).
    await page.screenshot({ path: join(SCREENSHOTS, 'system.png') });
  });

  it('renders an app with a script-like name as text, running nothing', async () => {
    // Whichever AI system the matcher files the hostile grant under (ChatGPT, or possible AI of an
    // unknown vendor as the catalog grows stricter), its page must show the name as text.
    const [holder] = await queryRows<{ id: string }>(database.db, sql`select o.ai_system_id as id from observations o where o.key = 'hostile:1'`);
    await page.goto(`${server.url}/systems/${holder!.id}`);
    await page.getByText(HOSTILE_APP, { exact: false }).first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await page.getByText('<script>alert(2)</script>@corp.example').first().waitFor();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows the dashboard, also on a phone-sized screen', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('img', { name: /spend/i }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // Nothing wider than the screen but the tables, which scroll inside their own frame.
    // Evaluated in the page (a string: this project compiles without the DOM library).
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('labels every form field, for screen readers', async () => {
    for (const path of ['/review', '/inventory', '/alerts']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('main').waitFor();
      await page.waitForLoadState('networkidle');
      const unlabelled = await page.evaluate<string[]>(
        `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((f) => !f.labels?.length && !f.getAttribute('aria-label')).map((f) => f.outerHTML.slice(0, 80))`,
      );
      expect(unlabelled, path).toEqual([]);
    }
  });
}, 180_000);
