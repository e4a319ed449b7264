import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlertDeps, dispatchInProcess } from '../../src/alerts/dispatch.js';
import { verifySignature } from '../../src/alerts/signature.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import type { AlertRule } from '../../src/domain/alerts.js';
import type { Observation } from '../../src/domain/observation.js';
import { rateScopes } from '../../src/domain/scope-exposure.js';
import { addAlertRule, deliveryHistory } from '../../src/inventory/alerts.js';
import { listEvents } from '../../src/inventory/events.js';
import { recordReview } from '../../src/inventory/review.js';
import { failScan, startScan } from '../../src/inventory/scans.js';
import { ensureConnection } from '../../src/inventory/ingest.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importObservations } from '../../src/pipeline/import-observations.js';
import { parseNetworkPolicy, PUBLIC_ONLY } from '../../src/outbound/policy.js';
import { storableSecret } from '../../src/secrets/index.js';
import { freshDatabase } from '../helpers/databases.js';
import { capturingLogger } from '../helpers/queue.js';
import { type Answer, startReceiver } from '../helpers/receiver.js';

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const SECRET_KEY = 'alerts-test-secret-key-0123456789';
const SIGNING_SECRET = 'whsec_9f8e7d6c5b4a39281706';
const GMAIL = 'https://www.googleapis.com/auth/gmail.readonly';
const DRIVE = 'https://www.googleapis.com/auth/drive.readonly';

/** A user's consent to an app, as the Google tokens export gives it. */
function grant(appName: string, user: string, scopes: string[]): Observation {
  return {
    kind: 'oauth_grant',
    key: `google:token:${appName}:${user}`,
    attributes: { provider: 'google', appName, appId: `${appName.toLowerCase().replace(/\W/g, '')}.apps.googleusercontent.com`, scopes, user, exposure: rateScopes(scopes) },
  };
}

/** The catalog's product names, as alerts show them. */
const CHATGPT = 'ChatGPT (Free, Plus, Pro)';
const FIREFLIES = 'Fireflies.ai notetaker';
const HIREVUE = 'HireVue (video interviews, assessments)';

const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `user${from + i}@corp.example`);

describe('alert delivery (embedded mode, real Postgres, a real HTTP receiver)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const captured = capturingLogger();
  let deps: AlertDeps;

  beforeEach(async () => {
    database = await freshDatabase('postgres');
    receiver = await startReceiver();
    captured.lines.length = 0;
    deps = {
      db: database.db,
      catalog,
      config: {
        env: {},
        secretKey: SECRET_KEY,
        publicUrl: 'https://unshadow.corp.example',
        alertTimeoutMs: 2000,
        reviewOverdueMs: 7 * 86_400_000,
        networkPolicy: parseNetworkPolicy('loopback'),
        allowPlaintextSmtp: false,
        alertFileDir: undefined,
      },
      log: captured.log,
    };
  });
  afterEach(async () => {
    await receiver.close();
    await database.dispose();
  });

  /** One scan of the Google tokens of a tenant: the records given, a complete snapshot. */
  const scan = (records: Observation[]) => importObservations(database, matcher, { kind: 'google-workspace-export', connection: 'google', file: 'tokens.json', observations: records, problems: [] });

  /** Secrets stored as the CLI stores them: encrypted, bound to the rule's row. */
  const encrypted = (id: string, values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([option, value]) => [option, storableSecret({ table: 'alert_rules', id, option }, value, SECRET_KEY)]));

  async function webhookRule(overrides: Partial<Omit<AlertRule, 'id' | 'createdAt'>> = {}, url = receiver.url): Promise<AlertRule> {
    const id = randomUUID();
    return addAlertRule(database.db, {
      id,
      name: 'security-webhook',
      channel: 'webhook',
      config: {},
      secrets: encrypted(id, { url, signingSecret: SIGNING_SECRET }),
      filter: { types: [], categories: [], sources: [], connections: [] },
      cooldownSeconds: 86_400,
      digest: false,
      ...overrides,
    });
  }

  const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as { id: string; digest: boolean; events: { type: string; system?: { product: string }; link?: string }[] });

  it('signs each delivery so the receiver can verify it and detect a replay; a 500 then 200 delivers once more and no further', async () => {
    receiver.answers.push({ status: 500 }, { status: 200 });
    await webhookRule();
    await scan(users(3).map((u) => grant('ChatGPT', u, [GMAIL, 'openid'])));
    const now = Date.now();

    expect(await dispatchInProcess(deps, new Date(now))).toMatchObject({ delivered: 0, retrying: 1, failed: 0 });
    // Not yet due: the backoff is at least half a second.
    expect(await dispatchInProcess(deps, new Date(now + 100))).toMatchObject({ delivered: 0, retrying: 0 });
    expect(await dispatchInProcess(deps, new Date(now + 5000))).toMatchObject({ delivered: 1 });
    expect(await dispatchInProcess(deps, new Date(now + 3_600_000))).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(first!.headers['idempotency-key']).toBe(second!.headers['idempotency-key']);
    for (const request of receiver.received) {
      const verified = verifySignature({ secret: SIGNING_SECRET, body: request.body, timestamp: request.headers['x-unshadow-timestamp'] as string, signature: request.headers['x-unshadow-signature'] as string });
      expect(verified).toEqual({ ok: true });
    }
    // A captured request replayed ten minutes later: the signature still matches, the timestamp gives it away.
    const timestamp = Number(second!.headers['x-unshadow-timestamp']);
    expect(verifySignature({ secret: SIGNING_SECRET, body: second!.body, timestamp: String(timestamp), signature: second!.headers['x-unshadow-signature'] as string, nowSeconds: timestamp + 600 })).toEqual({ ok: false, reason: 'stale' });
    // A tampered body does not verify.
    expect(verifySignature({ secret: SIGNING_SECRET, body: second!.body.replace('Plus', 'Minus'), timestamp: String(timestamp), signature: second!.headers['x-unshadow-signature'] as string })).toMatchObject({ ok: false });

    // One alert for the new app: its discovery and its high-exposure grant together.
    const [body] = bodies();
    expect(body!.id).toBe(first!.headers['idempotency-key']);
    expect(body!.events.map((e) => e.type).sort()).toEqual(['ai_system.discovered', 'grant.high_exposure']);
    expect(body!.events[0]!.link).toMatch(/^https:\/\/unshadow\.corp\.example\/systems\/[0-9a-f-]{36}$/);
    const [history] = await deliveryHistory(database.db);
    expect(history).toMatchObject({ status: 'delivered', attempts: 2, lastError: null, systems: [CHATGPT] });
  });

  it('the cooldown holds across two scans: one alert per AI system per rule per window, every event still stored', async () => {
    await webhookRule({ cooldownSeconds: 24 * 3600 });
    const now = Date.now();
    await scan(users(2).map((u) => grant('ChatGPT', u, [GMAIL])));
    await dispatchInProcess(deps, new Date(now));
    // Second scan: ChatGPT is now also granted Drive (a new fact), and Otter.ai appears.
    await scan([...users(2).map((u) => grant('ChatGPT', u, [GMAIL, DRIVE])), grant('Otter.ai', 'user9@corp.example', [DRIVE])]);
    await dispatchInProcess(deps, new Date(now + 60_000));

    expect(bodies().map((b) => b.events[0]!.system!.product)).toEqual([CHATGPT, 'Otter.ai']);
    const chatgptGrants = (await listEvents(database.db, { types: ['grant.high_exposure'] })).filter((e) => e.system?.product === CHATGPT);
    expect(chatgptGrants.map((e) => e.summary).sort()).toEqual([
      `ChatGPT was granted high-exposure scopes: ${DRIVE}, ${GMAIL}`,
      `ChatGPT was granted high-exposure scopes: ${GMAIL}`,
    ]);

    // A day later the window is over: a still broader grant alerts again.
    await scan([...users(2).map((u) => grant('ChatGPT', u, [GMAIL, DRIVE, 'https://mail.google.com/'])), grant('Otter.ai', 'user9@corp.example', [DRIVE])]);
    await dispatchInProcess(deps, new Date(now + 25 * 3600_000));
    expect(bodies().map((b) => b.events[0]!.system!.product)).toEqual([CHATGPT, 'Otter.ai', CHATGPT]);
  });

  it("a digest collects the day's events into one message, sent after midnight", async () => {
    await webhookRule({ digest: true, cooldownSeconds: 0 });
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await scan(users(2).map((u) => grant('ChatGPT', u, [GMAIL])));
    await dispatchInProcess(deps, noon);
    await scan([...users(2).map((u) => grant('ChatGPT', u, [GMAIL])), grant('Otter.ai', 'user7@corp.example', [DRIVE]), grant('Fireflies.ai', 'user8@corp.example', ['openid'])]);
    await dispatchInProcess(deps, new Date(noon.getTime() + 3600_000));
    expect(receiver.received).toHaveLength(0);

    await dispatchInProcess(deps, new Date(noon.getTime() + 12.5 * 3600_000));
    expect(receiver.received).toHaveLength(1);
    const [digest] = bodies();
    expect(digest!.digest).toBe(true);
    expect(digest!.events.map((e) => `${e.system!.product} ${e.type}`).sort()).toEqual([
      `${CHATGPT} ai_system.discovered`,
      `${CHATGPT} grant.high_exposure`,
      `${FIREFLIES} ai_system.discovered`,
      'Otter.ai ai_system.discovered',
      'Otter.ai grant.high_exposure',
    ]);
    await dispatchInProcess(deps, new Date(noon.getTime() + 36 * 3600_000));
    expect(receiver.received).toHaveLength(1);
  });

  it('a 4xx is not retried: the delivery fails at once and history shows why', async () => {
    receiver.answers.push({ status: 404 });
    await webhookRule();
    await scan([grant('ChatGPT', 'a@corp.example', [GMAIL])]);
    expect(await dispatchInProcess(deps, new Date())).toMatchObject({ failed: 1 });
    expect(await dispatchInProcess(deps, new Date(Date.now() + 3_600_000))).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [history] = await deliveryHistory(database.db);
    expect(history).toMatchObject({ status: 'failed', attempts: 1, lastError: 'the receiver answered 404: the webhook may have been deleted' });
  });

  it("a 429 waits what Retry-After asks; a receiver that keeps failing is given up after six attempts, visibly", async () => {
    receiver.answers.push({ status: 429, headers: { 'retry-after': '30' } }, ...Array.from({ length: 10 }, (): Answer => ({ status: 503 })));
    await webhookRule();
    await scan([grant('ChatGPT', 'a@corp.example', [GMAIL])]);
    const now = Date.now();
    await dispatchInProcess(deps, new Date(now));
    await dispatchInProcess(deps, new Date(now + 29_000));
    expect(receiver.received).toHaveLength(1);
    let at = now + 31_000;
    for (let i = 0; i < 8; i++, at += 3_600_000) await dispatchInProcess(deps, new Date(at));
    expect(receiver.received).toHaveLength(6);
    const [history] = await deliveryHistory(database.db);
    expect(history).toMatchObject({ status: 'failed', attempts: 6, lastError: 'the receiver answered 503' });
  });

  it("refuses a loopback receiver unless the operator's network allowance includes it (SSRF), without retrying", async () => {
    await webhookRule();
    await scan([grant('ChatGPT', 'a@corp.example', [GMAIL])]);
    expect(await dispatchInProcess({ ...deps, config: { ...deps.config, networkPolicy: PUBLIC_ONLY } }, new Date())).toMatchObject({ failed: 1 });
    expect(receiver.received).toHaveLength(0);
    const [history] = await deliveryHistory(database.db);
    expect(history!.lastError).toMatch(/^refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address.*UNSHADOW_ALLOW_PRIVATE_NETWORKS/);
  });

  it('keeps webhook URLs and signing secrets out of the database, the logs and the errors', async () => {
    receiver.answers.push({ status: 500 });
    await webhookRule();
    await scan([grant('ChatGPT', 'a@corp.example', [GMAIL])]);
    await dispatchInProcess(deps, new Date());
    const dump = JSON.stringify(await queryRows(database.db, sql`select r.*, d.* from alert_rules r left join alert_deliveries d on d.rule_id = r.id`));
    expect(dump).toContain('enc:v2:');
    expect(dump).not.toContain('secretpath');
    expect(dump).not.toContain(SIGNING_SECRET);
    const logs = captured.lines.join('');
    expect(logs).toContain('alert delivery failed; it will be retried');
    expect(logs).not.toContain('secretpath');
    expect(logs).not.toContain(SIGNING_SECRET);
  });

  it('Slack and Teams receive their own message formats, with the link back to the system', async () => {
    const base = { config: {}, filter: { types: ['grant.high_exposure' as const], categories: [], sources: [], connections: [] }, cooldownSeconds: 0, digest: false };
    for (const channel of ['slack', 'teams'] as const) {
      const id = randomUUID();
      await addAlertRule(database.db, { ...base, id, secrets: encrypted(id, { url: receiver.url }), name: channel, channel });
    }
    await scan([grant('<img src=x onerror=alert(1)> ChatGPT', 'a@corp.example', [GMAIL])]);
    expect(await dispatchInProcess(deps, new Date())).toMatchObject({ delivered: 2 });
    const payloads = bodies() as unknown as Record<string, unknown>[];
    const slack = payloads.find((p) => 'blocks' in p) as { blocks: { type: string; text?: { text: string }; accessory?: { url: string } }[] };
    const teams = payloads.find((p) => 'attachments' in p) as { attachments: { content: { actions: { url: string }[] } }[] };
    const section = slack.blocks.find((b) => b.type === 'section')!;
    expect(section.text!.text).toContain('&lt;img src=x onerror=alert(1)&gt; ChatGPT');
    expect(section.accessory!.url).toMatch(/^https:\/\/unshadow\.corp\.example\/systems\//);
    expect(teams.attachments[0]!.content.actions[0]!.url).toBe(section.accessory!.url);
  });

  it('e-mails an alert through SMTP (a server without STARTTLS only when the operator allows plain text)', async () => {
    const messages: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          messages.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      await addAlertRule(database.db, {
        name: 'mail',
        channel: 'email',
        config: { host: '127.0.0.1', port, secure: false, from: 'unshadow@corp.example', to: ['security@corp.example'] },
        secrets: {},
        filter: { types: ['ai_system.discovered'], categories: [], sources: [], connections: [] },
        cooldownSeconds: 0,
        digest: false,
      });
      await scan([grant('Otter.ai', 'a@corp.example', [DRIVE])]);
      expect(await dispatchInProcess({ ...deps, config: { ...deps.config, allowPlaintextSmtp: true } }, new Date())).toMatchObject({ delivered: 1 });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('Subject: New AI system: Otter.ai by Otter.ai');
      expect(messages[0]).toContain('To: security@corp.example');
      expect(messages[0]).toContain('https://unshadow.corp.example/systems/');
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('emits use widened when an approved system reaches many more users, and scan failed for a failed scan', async () => {
    await webhookRule({ filter: { types: ['ai_system.use_widened', 'scan.failed'], categories: [], sources: [], connections: [] } });
    const first = await scan(users(2).map((u) => grant('ChatGPT', u, ['openid'])));
    const [system] = await queryRows<{ id: string }>(database.db, sql`select id from ai_systems`);
    await recordReview(database.db, system!.id, { status: 'approved' }, { actor: 'alice' });
    await scan(users(12).map((u) => grant('ChatGPT', u, ['openid'])));
    const connectionId = await database.db.transaction((tx) => ensureConnection(tx, 'google-workspace-export', 'google'));
    expect(connectionId).toBe(first.connectionId);
    const failing = await startScan(database.db, connectionId, {}, 'manual');
    await failScan(database.db, failing, 'Google answered 403: the service account lacks admin.directory.user.readonly');
    expect(await dispatchInProcess(deps, new Date())).toMatchObject({ delivered: 2 });
    const types = bodies().flatMap((b) => b.events.map((e) => e.type)).sort();
    expect(types).toEqual(['ai_system.use_widened', 'scan.failed']);
    const widened = (await listEvents(database.db, { types: ['ai_system.use_widened'] }))[0]!;
    expect(widened.summary).toBe(`${CHATGPT} is used beyond what was approved: users grew from 2 to 12`);
    const failed = (await listEvents(database.db, { types: ['scan.failed'] }))[0]!;
    expect(failed.summary).toContain('Scan of google (google-workspace-export) failed: Google answered 403');
  });

  it('emits review overdue once for a high-priority system left waiting', async () => {
    await webhookRule({ filter: { types: ['review.overdue'], categories: [], sources: [], connections: [] } });
    await scan([...users(3).map((u) => grant('HireVue', u, [GMAIL])), grant('Perplexity', 'a@corp.example', ['openid'])]);
    const later = new Date(Date.now() + 8 * 86_400_000);
    await dispatchInProcess(deps, later);
    await dispatchInProcess(deps, new Date(later.getTime() + 86_400_000));
    const overdue = await listEvents(database.db, { types: ['review.overdue'] });
    expect(overdue.map((e) => e.system!.product)).toEqual([HIREVUE]);
    expect(overdue[0]!.summary).toMatch(/^HireVue \(video interviews, assessments\) has waited 8 days for review at triage priority \d+$/);
    expect(bodies()).toHaveLength(1);
  });
});

describe('events on embedded PGlite', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('the same scan twice records each fact once', async () => {
    const records = [...users(50).map((u) => grant('ChatGPT', u, [GMAIL, 'offline_access'])), grant('Otter.ai', 'b@corp.example', ['openid'])];
    const run = () => importObservations(database, matcher, { kind: 'google-workspace-export', connection: 'google', file: 't.json', observations: records, problems: [] });
    await run();
    const first = await listEvents(database.db);
    await run();
    expect(await listEvents(database.db)).toHaveLength(first.length);
    expect(first.map((e) => `${e.type} ${e.system?.product}`).sort()).toEqual([`ai_system.discovered ${CHATGPT}`, 'ai_system.discovered Otter.ai', `grant.high_exposure ${CHATGPT}`]);
  });
});
