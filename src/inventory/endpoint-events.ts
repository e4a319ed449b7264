import type { NewEvent } from '../domain/alerts.js';
import { readsAllSitesOrClipboard } from '../domain/extension-exposure.js';
import { type BatchItem, systemSnapshot } from './event-facts.js';

/**
 * The events of evidence that leaves no invoice and no consent. Pure, like event-facts.ts:
 * - `network.new_ai_domain` per AI system and registrable domain: the first traffic to it,
 *   with the people (or devices) seen, the upload volume and whether it was blocked (attempted use);
 * - `endpoint.new_ai_app` per AI system and extension or app: its first sighting on managed
 *   devices, naming extension permissions that read every site or the clipboard.
 * The dedup keys name the fact, so the same domain or app seen again records nothing.
 */

const LISTED = 20;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function endpointEvents(items: readonly BatchItem[], scope: { connectionId: string; scanId: string }): NewEvent[] {
  const domains = new Map<string, { item: BatchItem; domain: string; hosts: Set<string>; who: Set<string>; requests: number; blocked: number; bytesOut: number }>();
  const apps = new Map<string, { item: BatchItem; devices: number; users: number; permissions: string[] }>();
  for (const item of items) {
    const a = item.attributes;
    if (item.kind === 'network') {
      const domain = text(a.domain) ?? text(a.host) ?? '?';
      const key = `network.new_ai_domain:${item.systemId}:${domain}`;
      const group = domains.get(key) ?? { item, domain, hosts: new Set<string>(), who: new Set<string>(), requests: 0, blocked: 0, bytesOut: 0 };
      group.hosts.add(String(a.host));
      const who = text(a.user) ?? text(a.device);
      if (who) group.who.add(who);
      group.requests += num(a.requests);
      if (a.action === 'blocked') group.blocked += num(a.requests);
      group.bytesOut += num(a.bytesOut);
      domains.set(key, group);
    } else if (item.kind === 'browser_extension' || item.kind === 'endpoint_app') {
      const id = item.kind === 'browser_extension' ? text(a.extensionId) : (text(a.bundleId) ?? text(a.name));
      const key = `endpoint.new_ai_app:${item.systemId}:${item.kind}:${id ?? '?'}`;
      const group = apps.get(key) ?? { item, devices: 0, users: 0, permissions: [] };
      group.devices += num(a.devices);
      group.users += Array.isArray(a.users) ? a.users.length : num(a.users);
      if (Array.isArray(a.permissions)) group.permissions = readsAllSitesOrClipboard(a.permissions as string[]);
      apps.set(key, group);
    }
  }
  const events: NewEvent[] = [];
  for (const [dedupKey, g] of domains) {
    const system = systemSnapshot(g.item.systemId, g.item.match);
    const attempted = g.blocked > 0 && g.blocked === g.requests;
    events.push({
      type: 'network.new_ai_domain',
      dedupKey,
      aiSystemId: g.item.systemId,
      ...scope,
      detail: {
        summary: `${attempted ? 'Blocked attempts to reach' : 'Traffic to'} ${system.product} at ${g.domain}: ${g.who.size} ${g.who.size === 1 ? 'person or device' : 'people or devices'}, ${g.bytesOut} bytes uploaded`,
        system,
        sources: ['network'],
        evidence: { domain: g.domain, hosts: [...g.hosts].slice(0, LISTED), requests: g.requests, blocked: g.blocked, bytesOut: g.bytesOut, attempted, who: [...g.who].slice(0, LISTED), whoCount: g.who.size },
      },
    });
  }
  for (const [dedupKey, g] of apps) {
    const system = systemSnapshot(g.item.systemId, g.item.match);
    const a = g.item.attributes;
    const name = text(a.name) ?? system.product;
    events.push({
      type: 'endpoint.new_ai_app',
      dedupKey,
      aiSystemId: g.item.systemId,
      ...scope,
      detail: {
        summary: `${g.item.kind === 'browser_extension' ? 'AI browser extension' : 'AI app'} ${name} found on ${g.devices} device(s)${g.permissions.length ? `; it can ${g.permissions.map((p) => (p === 'clipboardRead' ? 'read the clipboard' : `read every site (${p})`)).join(' and ')}` : ''}`,
        system,
        sources: [g.item.kind],
        evidence: { kind: g.item.kind, name, id: text(a.extensionId) ?? text(a.bundleId), platform: text(a.platform) ?? text(a.browser), devices: g.devices, users: g.users, readsAllSitesOrClipboard: g.permissions },
      },
    });
  }
  return events;
}
