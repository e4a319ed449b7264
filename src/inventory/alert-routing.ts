import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import type { AlertEvent, AlertRule } from '../domain/alerts.js';
import type { Catalog } from '../domain/catalog.js';
import { alertSubject, ruleSelects, type TriageContext } from '../alerts/rules.js';
import { triagePriority } from '../register/triage.js';
import { listAlertRules } from './alerts.js';
import { claimUnroutedEvents, markRouted } from './events.js';
import { registerEntries } from './register-entries.js';

/** Events routed per transaction: bounded, so a first scan's thousands of events do not hold one long lock. */
const ROUTE_BATCH = 500;

export interface Routed {
  events: number;
  /** Deliveries due now (digests wait for the end of their day). */
  deliveries: string[];
}

/** The UTC day a digest collects, and when it is due: the next midnight. */
export function digestDay(now: Date): { day: string; dueAt: Date } {
  const day = now.toISOString().slice(0, 10);
  return { day, dueAt: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000) };
}

/**
 * Claims the rule's cooldown window for a subject: true when no alert went out for it within
 * the window, and the window now starts at `now`. One conditional upsert, so two routers racing
 * on the same AI system claim it once.
 */
async function claimCooldown(tx: Tx, rule: AlertRule, subject: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ subject: string }>(
    tx,
    sql`insert into alert_cooldowns as c (rule_id, subject, last_alert_at) values (${rule.id}::uuid, ${subject}, ${now.toISOString()}::timestamptz)
      on conflict (rule_id, subject) do update set last_alert_at = excluded.last_alert_at
      where c.last_alert_at <= excluded.last_alert_at - make_interval(secs => ${rule.cooldownSeconds}::int)
      returning subject`,
  );
  return rows.length > 0;
}

async function createDelivery(tx: Tx, rule: AlertRule, eventIds: string[], now: Date): Promise<string | undefined> {
  if (rule.digest) {
    const { day, dueAt } = digestDay(now);
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into alert_deliveries as d (rule_id, event_ids, digest_day, due_at) values (${rule.id}::uuid, ${JSON.stringify(eventIds)}::jsonb, ${day}, ${dueAt.toISOString()}::timestamptz)
        on conflict (rule_id, digest_day) do update set event_ids = d.event_ids || excluded.event_ids where d.status = 'pending'
        returning id`,
    );
    if (rows.length > 0) return undefined;
    // The day's digest already went (a late event): the event goes on its own rather than nowhere.
  }
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into alert_deliveries (rule_id, event_ids, due_at) values (${rule.id}::uuid, ${JSON.stringify(eventIds)}::jsonb, ${now.toISOString()}::timestamptz) returning id`,
  );
  return row!.id;
}

/**
 * Puts new events through the alert rules: each rule's selected events are grouped per AI
 * system (a new app's "discovered" and "high-exposure grant" are one alert), held back when the
 * rule alerted on that system within its cooldown, and become deliveries. A rule sees only events
 * newer than itself. Runs until no unrouted event is left; safe to run in several workers at once.
 */
export async function routeEvents(db: Db, catalog: Catalog, now: Date = new Date()): Promise<Routed> {
  const routed: Routed = { events: 0, deliveries: [] };
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const events = await claimUnroutedEvents(tx, ROUTE_BATCH);
      const deliveries: string[] = [];
      if (events.length === 0) return { events: 0, deliveries };
      const rules = await listAlertRules(tx);
      const systemIds = [...new Set(events.flatMap((event) => (event.aiSystemId ? [event.aiSystemId] : [])))];
      const triage = new Map<string, TriageContext>();
      if (rules.length > 0 && systemIds.length > 0) {
        for (const entry of await registerEntries(tx, catalog, systemIds)) {
          const priority = triagePriority(entry);
          triage.set(entry.id, { priority: priority.score, tier: priority.tier });
        }
      }
      for (const rule of rules) {
        const groups = new Map<string, AlertEvent[]>();
        for (const event of events) {
          if (event.createdAt < rule.createdAt) continue;
          if (!ruleSelects(rule.filter, event, event.aiSystemId ? triage.get(event.aiSystemId) : undefined)) continue;
          const subject = alertSubject(event);
          groups.set(subject, [...(groups.get(subject) ?? []), event]);
        }
        for (const [subject, selected] of groups) {
          if (!(await claimCooldown(tx, rule, subject, now))) continue;
          const id = await createDelivery(tx, rule, selected.map((event) => event.id), now);
          if (id) deliveries.push(id);
        }
      }
      await markRouted(tx, events.map((event) => event.id));
      return { events: events.length, deliveries };
    });
    routed.events += batch.events;
    routed.deliveries.push(...batch.deliveries);
    if (batch.events < ROUTE_BATCH) return routed;
  }
}
