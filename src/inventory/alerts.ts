import { asc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { alertDeliveries, alertRules } from '../db/schema.js';
import { type AlertEvent, type AlertRule, type ChannelKind, type DeliveryStatus, ruleFilterSchema } from '../domain/alerts.js';
import { UserError } from '../domain/errors.js';
import { eventsById } from './events.js';

type RuleRow = typeof alertRules.$inferSelect;

function toRule(row: RuleRow): AlertRule {
  return { ...row, channel: row.channel as ChannelKind, filter: ruleFilterSchema.parse(row.filter) };
}

/** `values.id` is the id its secrets' ciphertext is bound to (prepareAlertRule makes it). */
export async function addAlertRule(db: Db, values: Omit<AlertRule, 'id' | 'createdAt'> & { id?: string }): Promise<AlertRule> {
  const [row] = await db.insert(alertRules).values(values).onConflictDoNothing({ target: alertRules.name }).returning();
  if (!row) throw new UserError(`an alert rule named '${values.name}' already exists`, 'Choose another --name, or remove the old rule with `unshadow alerts remove`.');
  return toRule(row);
}

export async function listAlertRules(db: Db | Tx): Promise<AlertRule[]> {
  return (await db.select().from(alertRules).orderBy(asc(alertRules.name))).map(toRule);
}

export async function findAlertRule(db: Db, nameOrId: string): Promise<AlertRule> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(/^[0-9a-f-]{36}$/i.test(nameOrId) ? sql`${alertRules.name} = ${nameOrId} or ${alertRules.id} = ${nameOrId}::uuid` : eq(alertRules.name, nameOrId))
    .limit(1);
  if (!rows[0]) throw new UserError(`no alert rule named '${nameOrId}'`, 'Run `unshadow alerts list` to see them.');
  return toRule(rows[0]);
}

export async function removeAlertRule(db: Db, id: string): Promise<void> {
  await db.delete(alertRules).where(eq(alertRules.id, id));
}

export type DeliveryRow = typeof alertDeliveries.$inferSelect;

export async function getDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, id));
  return row;
}

/** Pending deliveries whose time has come: new alerts, retries that waited, finished days' digests. */
export async function dueDeliveries(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from alert_deliveries where status = 'pending' and due_at <= ${now.toISOString()}::timestamptz order by due_at limit ${limit}`,
  );
  return rows.map((row) => row.id);
}

/**
 * Records one attempt. A failure that may be retried stays pending until `retryAt`; a final one
 * (permanent, or the last attempt) is failed and stays visible in `alerts history` with its error.
 */
export async function recordAttempt(db: Db, id: string, outcome: { delivered: true } | { delivered: false; error: string; retryAt?: Date }): Promise<DeliveryRow | undefined> {
  const set = outcome.delivered
    ? { status: 'delivered' as const, finishedAt: new Date(), lastError: null }
    : outcome.retryAt
      ? { lastError: outcome.error, dueAt: outcome.retryAt }
      : { status: 'failed' as const, finishedAt: new Date(), lastError: outcome.error };
  const [row] = await db
    .update(alertDeliveries)
    .set({ ...set, attempts: sql`${alertDeliveries.attempts} + 1` })
    .where(sql`${alertDeliveries.id} = ${id} and ${alertDeliveries.status} = 'pending'`)
    .returning();
  return row;
}

export interface HistoryEntry {
  id: string;
  rule: string;
  channel: string;
  status: DeliveryStatus;
  digest: string | null;
  /** A test alert (`alerts test`, the console's Test button): a made-up event, sent once. */
  test: boolean;
  events: number;
  types: string[];
  /** Product names, as they were when the events were recorded. */
  systems: string[];
  /** The AI systems the alert was about, to link to (a test names a real system when the inventory has one). */
  aiSystems: { id: string; product: string; vendor: string }[];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * A test alert as it went: kept in the history beside real ones, marked as a test, so whoever
 * pressed Test can see it arrived or why not. It is never retried and starts no cooldown.
 */
export async function recordTestDelivery(db: Db, values: { ruleId: string; event: AlertEvent; delivered: boolean; error?: string }): Promise<string> {
  const [row] = await db
    .insert(alertDeliveries)
    .values({
      ruleId: values.ruleId,
      eventIds: [],
      status: values.delivered ? 'delivered' : 'failed',
      attempts: 1,
      lastError: values.delivered ? null : (values.error ?? 'not delivered'),
      testEvent: values.event as unknown as Record<string, unknown>,
      finishedAt: new Date(),
    })
    .returning({ id: alertDeliveries.id });
  return row!.id;
}

/** When each rule last sent a real alert (tests left out), and how that went. */
export async function lastFired(db: Db): Promise<Map<string, { at: string; status: DeliveryStatus }>> {
  const rows = await queryRows<{ rule_id: string; created_at: string | Date; status: DeliveryStatus }>(
    db,
    sql`select distinct on (rule_id) rule_id, created_at, status from alert_deliveries where test_event is null order by rule_id, created_at desc`,
  );
  return new Map(rows.map((row) => [row.rule_id, { at: new Date(row.created_at).toISOString(), status: row.status }]));
}

/** One delivery with what it carried: its events (or a test's made-up one) and its rule. */
export async function findDelivery(db: Db, id: string): Promise<{ delivery: DeliveryRow; rule: AlertRule; events: AlertEvent[] } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const delivery = await getDelivery(db, id);
  if (!delivery) return undefined;
  const rule = await findAlertRule(db, delivery.ruleId);
  const events = delivery.testEvent ? [delivery.testEvent as unknown as AlertEvent] : await eventsById(db, delivery.eventIds);
  return { delivery, rule, events };
}

/** `alerts history`: newest first, with what each delivery carried. */
export async function deliveryHistory(db: Db, filter: { ruleId?: string; since?: Date; limit?: number } = {}): Promise<HistoryEntry[]> {
  const rows = await queryRows<{
    id: string;
    rule: string;
    channel: string;
    status: DeliveryStatus;
    digest_day: string | null;
    test_event: AlertEvent | null;
    events: number;
    types: string[] | null;
    systems: string[] | null;
    ai_systems: { id: string; product: string; vendor: string }[] | null;
    attempts: number;
    last_error: string | null;
    created_at: string | Date;
    finished_at: string | Date | null;
  }>(
    db,
    sql`select d.id, r.name as rule, r.channel, d.status, d.digest_day, d.test_event, jsonb_array_length(d.event_ids)::int as events,
        (select array_agg(distinct e.type) from events e where e.id::text in (select jsonb_array_elements_text(d.event_ids))) as types,
        (select array_agg(distinct e.detail->'system'->>'product') filter (where e.detail ? 'system') from events e where e.id::text in (select jsonb_array_elements_text(d.event_ids))) as systems,
        (select jsonb_agg(distinct jsonb_build_object('id', e.ai_system_id, 'product', e.detail->'system'->>'product', 'vendor', e.detail->'system'->>'vendor'))
           filter (where e.ai_system_id is not null) from events e where e.id::text in (select jsonb_array_elements_text(d.event_ids))) as ai_systems,
        d.attempts, d.last_error, d.created_at, d.finished_at
      from alert_deliveries d join alert_rules r on r.id = d.rule_id
      where true ${filter.ruleId ? sql`and d.rule_id = ${filter.ruleId}::uuid` : sql``}
        ${filter.since ? sql`and d.created_at >= ${filter.since.toISOString()}::timestamptz` : sql``}
      order by d.created_at desc, d.id limit ${filter.limit ?? 200}`,
  );
  return rows.map((row) => {
    const test = row.test_event;
    const testSystem = test?.system ? [{ id: test.system.id, product: test.system.product, vendor: test.system.vendor }] : [];
    return {
      id: row.id,
      rule: row.rule,
      channel: row.channel,
      status: row.status,
      digest: row.digest_day,
      test: test !== null,
      events: test ? 1 : row.events,
      types: test ? [test.type] : (row.types ?? []),
      systems: test ? testSystem.map((system) => system.product) : (row.systems ?? []),
      aiSystems: test ? testSystem.filter((system) => /^[0-9a-f-]{36}$/.test(system.id)) : (row.ai_systems ?? []),
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    };
  });
}
