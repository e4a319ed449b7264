import { type AlertEvent, type RuleFilter, TIER_ORDER } from '../domain/alerts.js';
import type { RiskTier } from '../domain/register.js';
import { CATEGORY_LABELS } from '../domain/taxonomy.js';
import { EVENT_TYPE_LABELS, SOURCE_LABELS, TIER_LABELS, words } from '../domain/words.js';

/** What routing knows about an event's AI system beyond the event: its current triage. */
export interface TriageContext {
  priority: number;
  tier: RiskTier;
}

/**
 * Whether a rule's filter selects an event. Pure. Criteria about AI systems (confidence,
 * priority, tier, category) never select an event without one, such as a failed scan: a rule
 * that asks for high-priority systems did not ask for scan failures.
 */
export function ruleSelects(filter: RuleFilter, event: AlertEvent, triage: TriageContext | undefined): boolean {
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.connections.length > 0 && !(event.connection && filter.connections.includes(event.connection.name))) return false;
  if (filter.sources.length > 0 && !event.sources.some((source) => (filter.sources as string[]).includes(source))) return false;
  const system = event.system;
  if (filter.categories.length > 0 && !(system && filter.categories.includes(system.category))) return false;
  if (filter.minConfidence !== undefined && !(system && system.confidence >= filter.minConfidence)) return false;
  if (filter.minPriority !== undefined && !(triage && triage.priority >= filter.minPriority)) return false;
  if (filter.minTier !== undefined && !(triage && TIER_ORDER.indexOf(triage.tier) >= TIER_ORDER.indexOf(filter.minTier))) return false;
  return true;
}

/** Who an alert is about, for the cooldown: the AI system, else the failed scan's connection. */
export function alertSubject(event: AlertEvent): string {
  if (event.system) return `ai_system:${event.system.id}`;
  if (event.connection) return `connection:${event.connection.id}`;
  return `event:${event.id}`;
}

/** A rule's filter in words, for `alerts list`. */
export function describeFilter(filter: RuleFilter): string {
  const parts: string[] = [filter.types.length ? filter.types.map((type) => words(EVENT_TYPE_LABELS, type)).join(', ') : 'every event'];
  if (filter.minConfidence !== undefined) parts.push(`confidence ≥ ${filter.minConfidence}`);
  if (filter.minPriority !== undefined) parts.push(`priority ≥ ${filter.minPriority}`);
  if (filter.minTier) parts.push(`tier ${words(TIER_LABELS, filter.minTier)} or above`);
  if (filter.categories.length) parts.push(`category ${filter.categories.map((category) => words(CATEGORY_LABELS, category)).join(' or ')}`);
  if (filter.sources.length) parts.push(`source ${filter.sources.map((source) => words(SOURCE_LABELS, source)).join(' or ')}`);
  if (filter.connections.length) parts.push(`connection ${filter.connections.join('|')}`);
  return parts.join('; ');
}
