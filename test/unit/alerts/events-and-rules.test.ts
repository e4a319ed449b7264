import { describe, expect, it } from 'vitest';
import { evidenceEvents, highScopes } from '../../../src/inventory/event-facts.js';
import { buildMessage, plainText } from '../../../src/alerts/message.js';
import { alertSubject, ruleSelects } from '../../../src/alerts/rules.js';
import { slackPayload } from '../../../src/alerts/channels/slack.js';
import { teamsPayload } from '../../../src/alerts/channels/teams.js';
import { type AlertEvent, ruleFilterSchema } from '../../../src/domain/alerts.js';
import type { MatchDetail } from '../../../src/domain/match.js';

const chatgpt: MatchDetail = { catalogId: 'openai-chatgpt', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant', confidence: 0.95, reasons: ['OAuth app ChatGPT'] };
const scope = { connectionId: '00000000-0000-4000-8000-000000000001', scanId: '00000000-0000-4000-8000-000000000002' };
const grant = (user: string, scopes: string[]) => ({ kind: 'oauth_grant' as const, systemId: 'sys-1', match: chatgpt, attributes: { provider: 'microsoft', appName: 'ChatGPT', appId: 'app-1', scopes, user } });

describe('events from a batch of evidence', () => {
  it('fifty users granting the same high scopes are one event that lists them', () => {
    const items = Array.from({ length: 50 }, (_, i) => grant(`user${i}@corp.example`, ['Mail.Read', 'offline_access', 'User.Read']));
    const events = evidenceEvents(items, scope);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'grant.high_exposure', aiSystemId: 'sys-1', dedupKey: 'grant.high_exposure:sys-1:Mail.Read' });
    expect(events[0]!.detail.evidence).toMatchObject({ scopes: ['Mail.Read'], userCount: 50 });
    expect((events[0]!.detail.evidence.users as string[]).length).toBe(20);
  });

  it('broader scopes are a new fact; sign-in and offline access alone are not news', () => {
    const events = evidenceEvents([grant('a@x', ['Mail.Read']), grant('b@x', ['Mail.Read', 'Files.Read.All']), grant('c@x', ['openid', 'offline_access'])], scope);
    expect(events.map((e) => e.dedupKey).sort()).toEqual(['grant.high_exposure:sys-1:Files.Read.All Mail.Read', 'grant.high_exposure:sys-1:Mail.Read']);
    expect(highScopes(['offline_access', 'profile', 'User.Read'])).toEqual([]);
    expect(highScopes(['https://www.googleapis.com/auth/drive.readonly', 'openid'])).toEqual(['https://www.googleapis.com/auth/drive.readonly']);
  });

  it('a dependency is one event per AI system and repository', () => {
    const dep = (name: string, repo: string, manifest: string) => ({ kind: 'dependency' as const, systemId: 'sys-2', match: { ...chatgpt, product: 'OpenAI API', category: 'model_api' as const }, attributes: { ecosystem: 'npm', name, repo, manifest } });
    const events = evidenceEvents([dep('openai', 'acme/web', 'package.json'), dep('@openai/agents', 'acme/web', 'apps/x/package.json'), dep('openai', 'acme/api', 'package.json')], scope);
    expect(events.map((e) => e.dedupKey).sort()).toEqual(['dependency.added:sys-2:acme/api', 'dependency.added:sys-2:acme/web']);
    expect(events.find((e) => e.dedupKey.endsWith('acme/web'))!.detail.evidence).toMatchObject({ packages: ['npm:openai', 'npm:@openai/agents'], manifests: ['package.json', 'apps/x/package.json'] });
  });
});

const event = (overrides: Partial<AlertEvent> = {}): AlertEvent => ({
  id: 'e1',
  type: 'grant.high_exposure',
  at: '2026-11-28T10:00:00.000Z',
  summary: 'ChatGPT was granted high-exposure scopes: Mail.Read',
  system: { id: 'sys-1', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant', confidence: 0.95 },
  sources: ['oauth_grant'],
  evidence: {},
  connection: { id: 'c1', name: 'm365', kind: 'microsoft365' },
  ...overrides,
});

describe('rule filters', () => {
  const filter = (input: Record<string, unknown>) => ruleFilterSchema.parse(input);
  const triage = { priority: 72, tier: 'limited' as const };

  it('selects by type, source, connection, category and confidence', () => {
    expect(ruleSelects(filter({}), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ types: ['dependency.added'] }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ sources: ['oauth_grant'] }), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ sources: ['expense'] }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ connections: ['m365'] }), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ connections: ['google'] }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ categories: ['coding'] }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ minConfidence: 0.9 }), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ minConfidence: 0.96 }), event(), triage)).toBe(false);
  });

  it('selects by triage priority and risk tier, at least', () => {
    expect(ruleSelects(filter({ minPriority: 72 }), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ minPriority: 73 }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ minTier: 'limited' }), event(), triage)).toBe(true);
    expect(ruleSelects(filter({ minTier: 'high' }), event(), triage)).toBe(false);
    expect(ruleSelects(filter({ minTier: 'minimal' }), event(), { priority: 10, tier: 'prohibited' })).toBe(true);
  });

  it('system criteria never select an event without a system; the cooldown subject is then the connection', () => {
    const failed = event({ type: 'scan.failed', sources: [] });
    delete failed.system;
    expect(ruleSelects(filter({ minPriority: 0 }), failed, undefined)).toBe(false);
    expect(ruleSelects(filter({ types: ['scan.failed'] }), failed, undefined)).toBe(true);
    expect(alertSubject(failed)).toBe('connection:c1');
    expect(alertSubject(event())).toBe('ai_system:sys-1');
  });
});

describe('messages', () => {
  const hostile = event({ summary: '<!channel> <img src=x onerror=alert(1)> [Sign in](https://evil.example) & *bold*' });
  const message = buildMessage({ id: 'd1', rule: 'security', digest: false, events: [hostile], publicUrl: 'https://unshadow.corp.example/' });

  it('links back to the AI system under the public URL', () => {
    expect(message.entries[0]!.link).toBe('https://unshadow.corp.example/systems/sys-1');
    expect(plainText(message)).toContain('https://unshadow.corp.example/systems/sys-1');
  });

  it('Slack: Block Kit with a button to the system, untrusted names escaped', () => {
    const payload = slackPayload(message) as { text: string; blocks: { type: string; text?: { text: string }; accessory?: { url: string } }[] };
    expect(payload.blocks[0]!.type).toBe('header');
    const section = payload.blocks.find((b) => b.type === 'section')!;
    expect(section.accessory!.url).toBe('https://unshadow.corp.example/systems/sys-1');
    expect(section.text!.text).toContain('&lt;!channel&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(section.text!.text).not.toContain('<!channel>');
    expect(section.text!.text).toContain('&amp;');
  });

  it('Teams: an Adaptive Card whose text cannot become a link', () => {
    const payload = teamsPayload(message) as { type: string; attachments: { contentType: string; content: { type: string; body: { text: string }[]; actions: { url: string }[] } }[] };
    expect(payload.type).toBe('message');
    const card = payload.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.actions[0]!.url).toBe('https://unshadow.corp.example/systems/sys-1');
    expect(card.content.body[1]!.text).toContain('\\[Sign in\\]\\(https://evil.example\\)');
  });

  it('a digest says how many events on how many systems, and shows at most twenty', () => {
    const events = Array.from({ length: 25 }, (_, i) => event({ id: `e${i}`, system: { id: `s${i % 5}`, vendor: 'V', product: `P${i % 5}`, category: 'coding', confidence: 0.9 } }));
    const digest = buildMessage({ id: 'd2', rule: 'daily', digest: true, events, publicUrl: 'http://x' });
    expect(digest.title).toBe('unshadow daily digest: 25 events on 5 AI systems');
    expect(digest.entries).toHaveLength(20);
    expect(digest.omitted).toBe(5);
  });
});
