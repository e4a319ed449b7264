import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/alerts/signature.js';
import { ROOT, runCli, STACK_TRACE } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const WEEK2 = join(ROOT, 'fixtures/demo/microsoft365/entra-export-week2.json');
const WRITER = 'Writer (enterprise generative AI, Palmyra)';
const SIGNING_SECRET = 'whsec_demo_0123456789abcdef';

/**
 * The demo organisation as a security team would run it: the first scan is the demo, then alert
 * rules, then next week's Entra export with one new AI app consented (Writer, with mail and files).
 */
describe('alerts for the demo organisation (CLI, embedded database, real receivers)', () => {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-alerts-demo-'));
  const siem = join(home, 'siem.jsonl');
  let webhook: Awaited<ReturnType<typeof startReceiver>>;
  let slack: Awaited<ReturnType<typeof startReceiver>>;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    webhook = await startReceiver();
    slack = await startReceiver();
    env = { UNSHADOW_HOME: join(home, 'demo'), UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback', HOOK_URL: webhook.url, HOOK_SECRET: SIGNING_SECRET, SLACK_HOOK: slack.url, UNSHADOW_PUBLIC_URL: 'https://unshadow.northwind.example' };
    expect((await runCli(['demo'], { UNSHADOW_HOME: home })).code).toBe(0);
    const rules = [
      ['webhook', '--name', 'risky-grants', '--url', 'env:HOOK_URL', '--signing-secret', 'env:HOOK_SECRET', '--types', 'grant.high_exposure'],
      ['slack', '--name', 'new-ai-apps', '--url', 'env:SLACK_HOOK', '--types', 'ai_system.discovered'],
      ['file', '--name', 'siem', '--path', siem],
    ];
    for (const rule of rules) {
      const added = await cli('alerts', 'add', ...rule);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await webhook.close();
    await slack.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('the second scan (one new AI app consented) produces exactly the expected alerts, and a third identical scan none', async () => {
    const second = await cli('import', 'entra', WEEK2, '--connection', 'demo-entra');
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('alerts: 3 delivered (details: unshadow alerts history)\n');

    expect(webhook.received).toHaveLength(1);
    const request = webhook.received[0]!;
    expect(verifySignature({ secret: SIGNING_SECRET, body: request.body, timestamp: request.headers['x-unshadow-timestamp'] as string, signature: request.headers['x-unshadow-signature'] as string })).toEqual({ ok: true });
    const body = JSON.parse(request.body) as { events: { type: string; summary: string; evidence: { users: string[] }; link: string }[] };
    expect(body.events.map((e) => e.summary)).toEqual(['Writer was granted high-exposure scopes: Files.Read.All, Mail.Read']);
    expect(body.events[0]!.evidence.users).toEqual(['amelia.brooks@northwind-analytics.com', 'dev.patel@northwind-analytics.com']);
    expect(body.events[0]!.link).toMatch(/^https:\/\/unshadow\.northwind\.example\/systems\/[0-9a-f-]{36}$/);

    expect(slack.received).toHaveLength(1);
    const message = JSON.parse(slack.received[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(message.text).toBe(`New AI system: ${WRITER} by Writer`);
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);

    const lines = readFileSync(siem, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; system: { product: string }; alert: string });
    expect(lines.map((l) => `${l.type} ${l.system.product}`)).toEqual([`ai_system.discovered ${WRITER}`, `grant.high_exposure ${WRITER}`]);
    expect(new Set(lines.map((l) => l.alert)).size).toBe(1);

    const third = await cli('import', 'entra', WEEK2, '--connection', 'demo-entra');
    expect(third.code).toBe(0);
    expect(third.stderr).toBe('');
    expect(webhook.received).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    expect(readFileSync(siem, 'utf8').trim().split('\n')).toHaveLength(2);

    const history = JSON.parse((await cli('alerts', 'history', '--json')).stdout) as { rule: string; status: string; attempts: number }[];
    expect(history.map((h) => `${h.rule} ${h.status} ${h.attempts}`).sort()).toEqual(['new-ai-apps delivered 1', 'risky-grants delivered 1', 'siem delivered 1']);
    const recent = JSON.parse((await cli('alerts', 'history', '--rule', 'risky-grants', '--since', '1h', '--json')).stdout) as { rule: string; systems: string[] }[];
    expect(recent).toEqual([expect.objectContaining({ rule: 'risky-grants', systems: [WRITER] })]);
    const future = JSON.parse((await cli('alerts', 'history', '--since', '2099-01-01', '--json')).stdout) as unknown[];
    expect(future).toEqual([]);
  }, 120_000);

  it('lists rules with secrets shown as references, never values', async () => {
    const listed = await cli('alerts', 'list', '--json');
    expect(listed.code).toBe(0);
    const rules = JSON.parse(listed.stdout) as { name: string; secrets: Record<string, string> }[];
    expect(rules.find((r) => r.name === 'risky-grants')!.secrets).toEqual({ url: 'env:HOOK_URL', signingSecret: 'env:HOOK_SECRET' });
    expect(listed.stdout).not.toContain(webhook.url);
    expect((await cli('alerts', 'list')).stdout).toContain('High-exposure grant');
  });

  it('refuses bad rules with one clear message and stores nothing', async () => {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['webhook', '--name', 'x', '--url', 'http://127.0.0.1:9/hook', '--signing-secret', 'env:HOOK_SECRET'], /--url must not be stored in plain text/],
      [
        ['webhook', '--name', 'x', '--url', 'env:HOOK_URL', '--signing-secret', 'env:HOOK_SECRET'],
        /refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address, and only public addresses are allowed; the operator can allow it with UNSHADOW_ALLOW_PRIVATE_NETWORKS/,
        { UNSHADOW_ALLOW_PRIVATE_NETWORKS: '' },
      ],
      [['webhook', '--name', 'x', '--url', 'env:HOOK_URL'], /a webhook alert rule needs --signing-secret/],
      [['pager', '--name', 'x'], /unknown alert channel 'pager'/],
      [['file', '--name', 'x', '--path', siem, '--types', 'ai_system.found'], /invalid alert rule: --types/],
      [['file', '--name', 'x', '--path', siem, '--cooldown', 'soon'], /--cooldown takes a duration/],
      [['email', '--name', 'x', '--host', 'smtp.example', '--from', 'a@b.c'], /invalid options for a email alert rule: --to/],
      [['file', '--name', 'siem', '--path', siem], /an alert rule named 'siem' already exists/],
    ];
    for (const [args, message, extraEnv] of cases) {
      const result = await runCli(['alerts', 'add', ...args], { ...env, ...extraEnv });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
    const rules = JSON.parse((await cli('alerts', 'list', '--json')).stdout) as unknown[];
    expect(rules).toHaveLength(3);
  }, 120_000);

  it('sends a test alert on demand, and removes a rule', async () => {
    const before = slack.received.length;
    const tested = await cli('alerts', 'test', 'new-ai-apps');
    expect(tested.stdout).toBe("Test alert delivered through slack rule 'new-ai-apps'; `unshadow alerts history` lists it as a test.\n");
    expect(slack.received).toHaveLength(before + 1);
    expect(slack.received.at(-1)!.body).toContain("Test alert from unshadow: rule 'new-ai-apps'");

    const broken = await runCli(['alerts', 'test', 'risky-grants'], { ...env, HOOK_URL: '' });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('secret url refers to the environment variable HOOK_URL, which is not set');

    expect((await cli('alerts', 'remove', 'siem')).code).toBe(0);
    expect(existsSync(siem)).toBe(true);
    const names = (JSON.parse((await cli('alerts', 'list', '--json')).stdout) as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['new-ai-apps', 'risky-grants']);
  });
});
