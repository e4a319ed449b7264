import type { EventSystem, NewEvent } from '../domain/alerts.js';
import type { MatchDetail } from '../domain/match.js';
import type { ObservationKind } from '../domain/observation.js';
import { rateScopes } from '../domain/scope-exposure.js';

/**
 * Which events a batch of flagged observations gives rise to. Pure, beside the inventory stage
 * that writes what this returns in its own transaction (the alert stage only reads events). Each event's dedup key names the fact, not the
 * record, so fifty users granting the same app the same scopes is one event.
 */

export interface BatchItem {
  kind: ObservationKind;
  attributes: Record<string, unknown>;
  systemId: string;
  match: MatchDetail;
}

/** Users and records listed in an event: enough to act on, bounded for a chat message. */
const LISTED = 20;

export function systemSnapshot(id: string, match: { vendor: string; product: string; category: string; confidence: number }): EventSystem {
  return { id, vendor: match.vendor, product: match.product, category: match.category, confidence: Math.round(match.confidence * 100) / 100 };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/**
 * offline_access rates high for how long access lasts, not for what data it reaches: nearly
 * every Microsoft app asks for it, so on its own it would make every sign-in an alert.
 */
const LASTING_ONLY = /^offline_access$/i;

/**
 * Whether each scope seen rates high, remembered: a batch's thousand grants ask for a few dozen
 * scopes, and rating each against every rule again was a tenth of the inventory worker's time.
 */
const HIGH = new Map<string, boolean>();
const HIGH_REMEMBERED = 10_000;

function isHigh(scope: string): boolean {
  let high = HIGH.get(scope);
  if (high === undefined) {
    high = !LASTING_ONLY.test(scope.trim()) && rateScopes([scope]).level === 'high';
    if (HIGH.size >= HIGH_REMEMBERED) HIGH.clear();
    HIGH.set(scope, high);
  }
  return high;
}

/** The scopes of a grant that on their own rate high because of the data they reach. */
export function highScopes(scopes: readonly string[]): string[] {
  const high = scopes.filter(isHigh);
  return high.length === 0 ? high : [...new Set(high)].sort();
}

export function discoveredEvent(system: EventSystem, source: ObservationKind, reasons: readonly string[], scope: { connectionId: string; scanId: string }): NewEvent {
  return {
    type: 'ai_system.discovered',
    dedupKey: `ai_system.discovered:${system.id}`,
    aiSystemId: system.id,
    ...scope,
    detail: { summary: `New AI system discovered: ${system.product} by ${system.vendor}`, system, sources: [source], evidence: { source, reasons: reasons.slice(0, 5) } },
  };
}

/**
 * grant.high_exposure per system and set of high scopes, dependency.added per system and
 * repository: what the security team acts on, once per fact.
 */
export function evidenceEvents(items: readonly BatchItem[], scope: { connectionId: string; scanId: string }): NewEvent[] {
  const grants = new Map<string, { item: BatchItem; scopes: string[]; users: Set<string> }>();
  const dependencies = new Map<string, { item: BatchItem; packages: Set<string>; manifests: Set<string> }>();
  for (const item of items) {
    const a = item.attributes;
    if (item.kind === 'oauth_grant') {
      const scopes = highScopes(Array.isArray(a.scopes) ? (a.scopes as string[]) : []);
      if (scopes.length === 0) continue;
      const key = `grant.high_exposure:${item.systemId}:${scopes.join(' ')}`;
      const group = grants.get(key) ?? { item, scopes, users: new Set<string>() };
      group.users.add(text(a.user) ?? 'all users (admin consent)');
      grants.set(key, group);
    } else if (item.kind === 'dependency') {
      const repo = text(a.repo) ?? `connection ${scope.connectionId}`;
      const key = `dependency.added:${item.systemId}:${repo}`;
      const group = dependencies.get(key) ?? { item, packages: new Set<string>(), manifests: new Set<string>() };
      group.packages.add(`${String(a.ecosystem)}:${String(a.name)}${text(a.version) ? `@${String(a.version)}` : ''}`);
      if (text(a.manifest)) group.manifests.add(String(a.manifest));
      dependencies.set(key, group);
    }
  }
  const events: NewEvent[] = [];
  for (const [dedupKey, { item, scopes, users }] of grants) {
    const system = systemSnapshot(item.systemId, item.match);
    const app = text(item.attributes.appName) ?? system.product;
    events.push({
      type: 'grant.high_exposure',
      dedupKey,
      aiSystemId: item.systemId,
      ...scope,
      detail: {
        summary: `${app} was granted high-exposure scopes: ${scopes.join(', ')}`,
        system,
        sources: ['oauth_grant'],
        evidence: {
          app,
          appId: item.attributes.appId,
          provider: item.attributes.provider,
          ...(text(item.attributes.publisher) ? { publisher: item.attributes.publisher } : {}),
          scopes,
          exposure: rateScopes(scopes).reasons,
          users: [...users].slice(0, LISTED),
          userCount: users.size,
        },
      },
    });
  }
  for (const [dedupKey, { item, packages, manifests }] of dependencies) {
    const system = systemSnapshot(item.systemId, item.match);
    const repo = text(item.attributes.repo);
    events.push({
      type: 'dependency.added',
      dedupKey,
      aiSystemId: item.systemId,
      ...scope,
      detail: {
        summary: `${system.product} SDK added${repo ? ` in ${repo}` : ''}: ${[...packages].slice(0, 3).join(', ')}`,
        system,
        sources: ['dependency'],
        evidence: { ...(repo ? { repo } : {}), packages: [...packages].slice(0, LISTED), manifests: [...manifests].slice(0, LISTED) },
      },
    });
  }
  return events;
}

export function useWidenedEvent(system: EventSystem, reopenId: number, reasons: readonly string[], sources: string[], scope: { connectionId: string; scanId: string }): NewEvent {
  return {
    type: 'ai_system.use_widened',
    dedupKey: `ai_system.use_widened:${system.id}:${reopenId}`,
    aiSystemId: system.id,
    ...scope,
    detail: { summary: `${system.product} is used beyond what was approved: ${reasons.join('; ')}`, system, sources, evidence: { reasons } },
  };
}
