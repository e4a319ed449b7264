import { describe, expect, it } from 'vitest';
import { endpointEvents } from '../../../src/inventory/endpoint-events.js';

const match = { catalogId: 'openai-chatgpt', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant' as const, confidence: 0.9, reasons: [] };
const scope = { connectionId: 'c', scanId: 's' };
const traffic = (user: string, action: 'allowed' | 'blocked', bytesOut: number) => ({
  kind: 'network' as const,
  systemId: 'sys-1',
  match,
  attributes: { host: 'chatgpt.com', domain: 'chatgpt.com', day: '2026-10-13', requests: 2, bytesOut, bytesIn: 10, action, user, format: 'squid' },
});

describe('network and endpoint events', () => {
  it('one network.new_ai_domain per system and domain, with people, upload and blocked requests', () => {
    const events = endpointEvents([traffic('a@x', 'allowed', 500), traffic('b@x', 'blocked', 0), traffic('a@x', 'allowed', 100)], scope);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'network.new_ai_domain', dedupKey: 'network.new_ai_domain:sys-1:chatgpt.com', aiSystemId: 'sys-1' });
    expect(events[0]!.detail.evidence).toMatchObject({ requests: 6, blocked: 2, bytesOut: 600, attempted: false, whoCount: 2 });
  });

  it('blocked traffic alone is reported as attempted use', () => {
    const [event] = endpointEvents([traffic('b@x', 'blocked', 0)], scope);
    expect(event!.detail.summary).toMatch(/^Blocked attempts to reach ChatGPT/);
    expect(event!.detail.evidence).toMatchObject({ attempted: true });
  });

  it('endpoint.new_ai_app names extension permissions that read every site or the clipboard', () => {
    const [event] = endpointEvents(
      [{ kind: 'browser_extension', systemId: 'sys-2', match, attributes: { provider: 'google', browser: 'chrome', extensionId: 'ofpnmcalabcbjgholdjcjblkibolbppb', name: 'Monica', permissions: ['<all_urls>', 'clipboardRead', 'storage'], devices: 12, users: 9 } }],
      scope,
    );
    expect(event).toMatchObject({ type: 'endpoint.new_ai_app', dedupKey: 'endpoint.new_ai_app:sys-2:browser_extension:ofpnmcalabcbjgholdjcjblkibolbppb' });
    expect(event!.detail.summary).toBe('AI browser extension Monica found on 12 device(s); it can read every site (<all_urls>) and read the clipboard');
  });
});
