import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import type { AlertEvent, EventDetail, EventType, NewEvent } from '../domain/alerts.js';

/**
 * Writes events in the caller's transaction; a fact already recorded (same dedup key) is
 * skipped. Returns how many are new.
 */
export async function emitEvents(tx: Db | Tx, events: readonly NewEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((event) => ({
    type: event.type,
    dedup_key: event.dedupKey,
    ai_system_id: event.aiSystemId ?? null,
    connection_id: event.connectionId ?? null,
    scan_id: event.scanId ?? null,
    detail: event.detail,
  }));
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`insert into events (type, dedup_key, ai_system_id, connection_id, scan_id, detail)
      select type, dedup_key, ai_system_id, connection_id, scan_id, detail
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(type text, dedup_key text, ai_system_id uuid, connection_id uuid, scan_id uuid, detail jsonb)
      -- A fact already committed is skipped before the unique index is touched: concurrent
      -- batches reporting the same fact (every page of a scan repeats a risky grant) would
      -- otherwise wait on each other's uncommitted index entries until commit.
      where not exists (select 1 from events e where e.dedup_key = t.dedup_key)
      order by dedup_key
      on conflict (dedup_key) do nothing returning id`,
  );
  return inserted.length;
}

interface EventRow {
  id: string;
  type: EventType;
  detail: EventDetail;
  created_at: string | Date;
  scan_id: string | null;
  connection_id: string | null;
  connection_name: string | null;
  connection_kind: string | null;
}

const eventColumns = sql`e.id, e.type, e.detail, e.created_at, e.scan_id, e.connection_id, c.name as connection_name, c.kind as connection_kind`;

export function toAlertEvent(row: EventRow): AlertEvent {
  return {
    id: row.id,
    type: row.type,
    at: new Date(row.created_at).toISOString(),
    ...row.detail,
    ...(row.connection_id && row.connection_name ? { connection: { id: row.connection_id, name: row.connection_name, kind: row.connection_kind ?? '' } } : {}),
    ...(row.scan_id ? { scanId: row.scan_id } : {}),
  };
}

export async function eventsById(db: Db | Tx, ids: readonly string[]): Promise<AlertEvent[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<EventRow>(
    db,
    sql`select ${eventColumns} from events e left join connections c on c.id = e.connection_id
      where e.id = any(${`{${ids.join(',')}}`}::uuid[]) order by e.seq`,
  );
  return rows.map(toAlertEvent);
}

/**
 * Events not yet looked at by the alert rules, oldest first, locked for this transaction; a
 * second router skips them rather than routing them twice.
 */
export async function claimUnroutedEvents(tx: Tx, limit: number): Promise<(AlertEvent & { createdAt: Date; aiSystemId: string | null })[]> {
  const rows = await queryRows<EventRow & { ai_system_id: string | null }>(
    tx,
    sql`with claimed as (select id from events where routed_at is null order by seq limit ${limit} for update skip locked)
      select ${eventColumns}, e.ai_system_id from events e join claimed using (id) left join connections c on c.id = e.connection_id
      order by e.seq`,
  );
  return rows.map((row) => ({ ...toAlertEvent(row), createdAt: new Date(row.created_at), aiSystemId: row.ai_system_id }));
}

export async function markRouted(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`update events set routed_at = now() where id = any(${`{${ids.join(',')}}`}::uuid[])`);
}

export interface EventFilter {
  types?: string[];
  since?: Date;
  aiSystemId?: string;
  limit?: number;
}

/** `alerts events`: newest first. */
export async function listEvents(db: Db, filter: EventFilter = {}): Promise<AlertEvent[]> {
  const conditions = [sql`true`];
  if (filter.types?.length) conditions.push(sql`e.type = any(${`{${filter.types.join(',')}}`}::text[])`);
  if (filter.since) conditions.push(sql`e.created_at >= ${filter.since.toISOString()}::timestamptz`);
  if (filter.aiSystemId) conditions.push(sql`e.ai_system_id = ${filter.aiSystemId}::uuid`);
  const rows = await queryRows<EventRow>(
    db,
    sql`select ${eventColumns} from events e left join connections c on c.id = e.connection_id
      where ${sql.join(conditions, sql` and `)} order by e.seq desc limit ${filter.limit ?? 200}`,
  );
  return rows.map(toAlertEvent);
}
