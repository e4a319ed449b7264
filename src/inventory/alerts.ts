import { asc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { alertDeliveries, alertRules } from '../db/schema.js';
import { type AlertRule, type ChannelKind, type DeliveryStatus, ruleFilterSchema } from '../domain/alerts.js';
import { UserError } from '../domain/errors.js';

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
  events: number;
  types: string[];
  systems: string[];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** `alerts history`: newest first, with what each delivery carried. */
export async function deliveryHistory(db: Db, filter: { ruleId?: string; since?: Date; limit?: number } = {}): Promise<HistoryEntry[]> {
  const rows = await queryRows<{
    id: string;
    rule: string;
    channel: string;
    status: DeliveryStatus;
    digest_day: string | null;
    events: number;
    types: string[] | null;
    systems: string[] | null;
    attempts: number;
    last_error: string | null;
    created_at: string | Date;
    finished_at: string | Date | null;
  }>(
    db,
    sql`select d.id, r.name as rule, r.channel, d.status, d.digest_day, jsonb_array_length(d.event_ids)::int as events,
        (select array_agg(distinct e.type) from events e where e.id::text in (select jsonb_array_elements_text(d.event_ids))) as types,
        (select array_agg(distinct e.detail->'system'->>'product') filter (where e.detail ? 'system') from events e where e.id::text in (select jsonb_array_elements_text(d.event_ids))) as systems,
        d.attempts, d.last_error, d.created_at, d.finished_at
      from alert_deliveries d join alert_rules r on r.id = d.rule_id
      where true ${filter.ruleId ? sql`and d.rule_id = ${filter.ruleId}::uuid` : sql``}
        ${filter.since ? sql`and d.created_at >= ${filter.since.toISOString()}::timestamptz` : sql``}
      order by d.created_at desc, d.id limit ${filter.limit ?? 200}`,
  );
  return rows.map((row) => ({
    id: row.id,
    rule: row.rule,
    channel: row.channel,
    status: row.status,
    digest: row.digest_day,
    events: row.events,
    types: row.types ?? [],
    systems: row.systems ?? [],
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  }));
}
