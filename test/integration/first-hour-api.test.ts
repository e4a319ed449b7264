import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstRunCode, type FirstRunCode } from '../../src/access/first-run.js';
import { createApi } from '../../src/api/app.js';
import type { Api } from '../../src/api/context.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/client.js';
import { vocabulary } from '../../src/domain/vocabulary.js';
import { silentLogger } from '../../src/log.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { freshDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';

const PASSWORD = 'correct horse battery staple';

/**
 * An admin's first hour through the API: the first admin from the one-time code, users and
 * tokens (audited), schedules from presets in words with their next run, test alerts kept in the
 * history, the served vocabulary.
 */
describe('first hour through the API (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: Api;
  let config: Config;
  let firstRun: FirstRunCode;
  const alertFiles = mkdtempSync(join(tmpdir(), 'unshadow-first-hour-'));
  let session = { cookie: '', csrf: '' };

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(session.cookie ? { cookie: session.cookie } : {}),
        ...(session.csrf && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    config = { ...loadConfig({ UNSHADOW_ALERT_FILE_DIR: alertFiles, UNSHADOW_HOME: join(alertFiles, 'home') }), env: {} };
    firstRun = createFirstRunCode();
    app = createApi({ db: database.db, catalog, matcher, config, log: silentLogger, runScan: async () => {}, scheduleChanged: async () => {}, firstRun });
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(alertFiles, { recursive: true, force: true });
  });

  it('serves the words without a caller, cacheable, the same the CLI and documents use', async () => {
    const response = await call('GET', '/api/vocabulary');
    expect(response.status).toBe(200);
    const words = (await response.json()) as Record<string, Record<string, string>>;
    expect(words).toEqual(JSON.parse(JSON.stringify(vocabulary())));
    expect(words.STATUSES!.approved_with_conditions).toBe('Approved with conditions');
    const etag = response.headers.get('etag')!;
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect((await call('GET', '/api/vocabulary', undefined, { 'if-none-match': etag })).status).toBe(304);
    // Nothing else answers without a caller.
    expect((await call('GET', '/api/users')).status).toBe(401);
  });

  it('creates the first admin only with the one-time code, once, and signs them in', async () => {
    expect(await (await call('GET', '/api/setup')).json()).toEqual({ needed: true, codeIssued: true, command: 'unshadow users add <name> --role admin' });
    // A weak password is refused before the code is tried, so a typo does not spend it.
    const weak = await call('POST', '/api/setup', { code: firstRun.code, username: 'alice', password: 'short' });
    expect(weak.status).toBe(400);
    const wrong = await call('POST', '/api/setup', { code: 'AAAA-BBBB-CCCC-DDDD', username: 'mallory', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(await queryRows(database.db, sql`select 1 from users`)).toEqual([]);

    const typed = firstRun.code.toLowerCase().replace(/-/g, ' ');
    const created = await call('POST', '/api/setup', { code: typed, username: 'alice', password: PASSWORD });
    expect(created.status).toBe(200);
    const answer = (await created.json()) as { principal: { name: string; role: string }; csrfToken: string };
    expect(answer.principal).toEqual({ kind: 'user', name: 'alice', role: 'admin' });
    session = { cookie: created.headers.get('set-cookie')!.split(';')[0]!, csrf: answer.csrfToken };

    // Spent: neither the same code nor a fresh visitor gets a second admin.
    const again = await app.request('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: firstRun.code, username: 'mallory', password: PASSWORD }) });
    expect(again.status).toBe(409);
    expect(await (await app.request('/api/setup')).json()).toMatchObject({ needed: false, codeIssued: false });
    const audit = await queryRows<{ actor: string; action: string; after: unknown }>(database.db, sql`select actor, action, after from audit_log where entity_type = 'user'`);
    expect(audit).toEqual([{ actor: 'first-run setup', action: 'user_added', after: 'admin' }]);
  });

  it('lets the admin manage users and tokens, audited under their name, never returning a secret', async () => {
    const added = await call('POST', '/api/users', { username: 'bob@corp.example', password: PASSWORD, role: 'compliance' });
    expect(added.status).toBe(200);
    expect(JSON.stringify(await (await call('GET', '/api/users')).json())).not.toContain('scrypt');
    const token = (await (await call('POST', '/api/tokens', { name: 'ci-runner', role: 'viewer' })).json()) as { token: string };
    expect(token.token).toMatch(/^unshadow_/);
    const listed = JSON.stringify(await (await call('GET', '/api/tokens')).json());
    expect(listed).toContain('"name":"ci-runner"');
    expect(listed).not.toContain(token.token);
    expect((await call('DELETE', '/api/tokens/ci-runner')).status).toBe(204);
    expect((await call('DELETE', '/api/users/alice')).status).toBe(400);
    expect((await call('DELETE', '/api/users/bob@corp.example')).status).toBe(204);
    const audit = await queryRows<{ actor: string; entity_id: string; action: string }>(database.db, sql`select actor, entity_id, action from audit_log where entity_type in ('user', 'token') and actor = 'user:alice' order by id`);
    expect(audit).toEqual([
      { actor: 'user:alice', entity_id: 'bob@corp.example', action: 'user_added' },
      { actor: 'user:alice', entity_id: 'ci-runner', action: 'token_created' },
      { actor: 'user:alice', entity_id: 'ci-runner', action: 'token_revoked' },
      { actor: 'user:alice', entity_id: 'bob@corp.example', action: 'user_removed' },
    ]);
  });

  it('adds a weekly schedule from a preset and shows it in words with its next run', async () => {
    await importDemoOrganisation(database, matcher);
    const [connection] = await queryRows<{ name: string }>(database.db, sql`select name from connections order by name limit 1`);
    const preview = (await (await call('GET', '/api/schedules/preview?preset=weekly&at=06:00&weekday=monday&timezone=Europe/London')).json()) as { cron: string; reading: string; nextRuns: string[] };
    expect(preview.cron).toBe('0 6 * * 1');
    expect(preview.reading).toBe('At 06:00, only on Monday (Europe/London)');
    expect(preview.nextRuns).toHaveLength(3);
    for (const run of preview.nextRuns) {
      const date = new Date(run);
      expect(date.getTime()).toBeGreaterThan(Date.now());
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(date)).toBe('Monday 06:00');
    }
    const added = await call('POST', '/api/schedules', { connection: connection!.name, preset: 'weekly', at: '06:00', weekday: 'monday', timezone: 'Europe/London' });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ cron: '0 6 * * 1', reading: 'At 06:00, only on Monday (Europe/London)', nextRunAt: preview.nextRuns[0], lastRun: null, paused: false });
    const both = await call('POST', '/api/schedules', { connection: connection!.name, preset: 'daily', at: '06:00', cron: '0 6 * * *' });
    expect(both.status).toBe(400);
    const noDay = await call('POST', '/api/schedules', { connection: connection!.name, preset: 'monthly', at: '06:00' });
    expect(((await noDay.json()) as { error: string }).error).toBe('a monthly schedule needs the day of the month');
  });

  it('sends a test alert with a real title and system, keeps it in the history as a test, with its payload', async () => {
    const rule = await call('POST', '/api/alerts/rules', { name: 'siem', channel: 'file', path: 'siem.jsonl', types: ['ai_system.discovered'] });
    expect(rule.status).toBe(200);
    const tested = (await (await call('POST', '/api/alerts/rules/siem/test')).json()) as { delivered: boolean; deliveryId: string; linked: boolean; note?: string };
    expect(tested).toMatchObject({ delivered: true, linked: false, note: expect.stringContaining('UNSHADOW_PUBLIC_URL is not set') });
    // The SIEM line names a real AI system of the inventory and says it is a test.
    const line = JSON.parse(readFileSync(join(alertFiles, 'siem.jsonl'), 'utf8').trim().split('\n')[0]!) as { summary: string; system: { product: string }; evidence: { test: boolean } };
    expect(line.summary).toMatch(/^Test alert from unshadow: rule 'siem' reaches this file channel\. .+ is named as an example; nothing happened to it\.$/);
    expect(line.system.product.length).toBeGreaterThan(0);
    expect(line.evidence.test).toBe(true);

    const history = (await (await call('GET', '/api/alerts/history')).json()) as { items: { id: string; test: boolean; status: string; aiSystems: { id: string; product: string; vendor: string }[] }[] };
    const entry = history.items.find((item) => item.id === tested.deliveryId)!;
    expect(entry).toMatchObject({ test: true, status: 'delivered' });
    expect(entry.aiSystems).toHaveLength(1);
    const [system] = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where id = ${entry.aiSystems[0]!.id}::uuid`);
    expect(system).toBeDefined();
    const payload = (await (await call('GET', `/api/alerts/history/${tested.deliveryId}`)).json()) as { test: boolean; payload: { title: string; events: { evidence: { test: boolean } }[] } };
    expect(payload.test).toBe(true);
    expect(payload.payload.title).toBe(`Test alert · New AI system: ${line.system.product} by ${entry.aiSystems[0]!.vendor}`);
    expect(payload.payload.events[0]!.evidence.test).toBe(true);

    // A test is not the rule firing.
    const rules = (await (await call('GET', '/api/alerts/rules')).json()) as { items: { name: string; lastFired: unknown; cooldown: string }[]; links: { publicUrl: string | null } };
    expect(rules.items.find((r) => r.name === 'siem')).toMatchObject({ lastFired: null, cooldown: '24 hours' });
    expect(rules.links.publicUrl).toBeNull();
  });
});
