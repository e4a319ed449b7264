import { resolveAiSystemId } from './review.js';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { type AiSystemStatus, aiSystems, connections, incidents, observations } from '../db/schema.js';
import { type HistoryEntry, historyOf } from './history.js';
import { incidentReference } from './incidents.js';
import type { ObservationKind } from '../domain/observation.js';

/** Spend in one currency over the months it was seen. */
export interface Spend {
  currency: string;
  total: number;
  months: number;
  /** total / months, rounded to cents. */
  monthlyAverage: number;
}

/** One row of `inventory list --json`: a stable contract, documented in the README. */
export interface InventoryItem {
  id: string;
  vendor: string;
  product: string;
  category: string;
  catalogId: string | null;
  status: AiSystemStatus;
  confidence: number;
  /** Observation counts by kind: { "expense": 12, "oauth_grant": 3 }. */
  sources: Partial<Record<ObservationKind, number>>;
  /**
   * People who use it: the distinct people in the evidence (employees on expenses, users on
   * grants and in traffic, people signed in where an app is installed), or the tenant's users
   * when a grant reaches all of them (an admin consent, an application permission), whichever
   * is more.
   */
  users: number;
  /** A grant reaches every user of a tenant: `users` is that tenant's user count. */
  allUsers: boolean;
  spend: Spend[];
  firstSeen: string;
  lastSeen: string;
}

export interface ListFilter {
  status?: AiSystemStatus;
  source?: ObservationKind;
  ids?: string[];
}

/**
 * Summaries of the given AI systems in one query: their evidence (observations) is read
 * once, and each figure is an aggregate over it grouped by system (a correlated subquery
 * per figure read each system's evidence five times).
 */
function summaryQuery(ids: string[]): SQL {
  return sql`
  with ev as materialized (
    select o.ai_system_id as sid, o.kind, o.attributes as a
    from observations o
    where o.ai_system_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})),
  sources as (
    select sid, jsonb_object_agg(kind, n) as sources from (select sid, kind, count(*)::int as n from ev group by sid, kind) k group by sid),
  people as (
    select sid, count(distinct p)::int as n from ev
    cross join lateral (select coalesce(a->>'employee', a->>'user') as p
      union all select jsonb_array_elements_text(case when jsonb_typeof(a->'users') = 'array' then a->'users' else '[]'::jsonb end)) people
    where p is not null group by sid),
  reach as (
    select sid, max((a->>'audience')::int) as audience, bool_or((a->>'allUsers')::boolean) as all_users from ev group by sid),
  spend as (
    select sid, jsonb_agg(jsonb_build_object('currency', currency, 'total', total, 'months', months) order by total desc) as spend from (
      select sid, a->>'currency' as currency, sum((a->>'amount')::numeric) as total, count(distinct substr(a->>'date', 1, 7))::int as months
      from ev where kind = 'expense' group by sid, 2) x group by sid)
  select sources.sid as id, sources.sources,
    greatest(coalesce(people.n, 0), coalesce(reach.audience, 0)) as users,
    coalesce(reach.all_users, false) as all_users,
    coalesce(spend.spend, '[]'::jsonb) as spend
  from sources join reach using (sid) left join people using (sid) left join spend using (sid)`;
}

interface SummaryRow {
  id: string;
  sources: Record<string, number>;
  users: number;
  all_users: boolean;
  spend: { currency: string; total: number | string; months: number }[];
}

function toSpend(rows: SummaryRow['spend']): Spend[] {
  return rows.map((row) => {
    const total = Number(row.total);
    return { currency: row.currency, total, months: row.months, monthlyAverage: Math.round((total / Math.max(1, row.months)) * 100) / 100 };
  });
}

export async function listInventory(db: Db | Tx, filter: ListFilter = {}): Promise<InventoryItem[]> {
  const conditions = [];
  if (filter.status) conditions.push(eq(aiSystems.status, filter.status));
  if (filter.ids) conditions.push(inArray(aiSystems.id, filter.ids));
  if (filter.source) {
    conditions.push(
      sql`exists (select 1 from ${observations} o where o.ai_system_id = ${aiSystems.id} and o.kind = ${filter.source})`,
    );
  }
  const systems = await db
    .select()
    .from(aiSystems)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(aiSystems.category), asc(aiSystems.vendor), asc(aiSystems.product));
  if (systems.length === 0) return [];
  const rows = await queryRows<SummaryRow>(db, summaryQuery(systems.map((s) => s.id)));
  const summaries = new Map(rows.map((row) => [row.id, row]));
  return systems.map((s) => {
    const extra = summaries.get(s.id);
    return {
      id: s.id,
      vendor: s.vendor,
      product: s.product,
      category: s.category,
      catalogId: s.catalogId,
      status: s.status,
      confidence: Math.round(s.confidence * 100) / 100,
      sources: extra?.sources ?? {},
      users: extra?.users ?? 0,
      allUsers: extra?.all_users ?? false,
      spend: toSpend(extra?.spend ?? []),
      firstSeen: s.firstSeenAt.toISOString(),
      lastSeen: s.lastSeenAt.toISOString(),
    };
  });
}

export interface EvidenceRecord {
  observationId: number;
  kind: string;
  key: string;
  connection: string;
  attributes: Record<string, unknown>;
  occurredOn: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  gone: boolean;
  confidence: number;
  catalogVersion: string;
  reasons: string[];
}

export interface InventoryDetail extends InventoryItem {
  /** The people behind `users`, sorted. */
  people: string[];
  spendByMonth: { month: string; currency: string; total: number; count: number }[];
  evidence: EvidenceRecord[];
  /** Its audit trail and its incidents', oldest first, each entry also in words. */
  history: HistoryEntry[];
}

/** One AI system with its evidence; accepts the full id or a unique prefix of at least 4 characters. */
export async function showInventoryItem(db: Db, idOrPrefix: string): Promise<InventoryDetail | null> {
  const id = await resolveAiSystemId(db, idOrPrefix);
  if (!id) return null;
  const [item] = await listInventory(db, { ids: [id] });
  if (!item) return null;
  const rows = await db
    .select({
      observationId: observations.id,
      kind: observations.kind,
      key: observations.key,
      connection: connections.name,
      attributes: observations.attributes,
      occurredOn: observations.occurredOn,
      firstSeenAt: observations.firstSeenAt,
      lastSeenAt: observations.lastSeenAt,
      goneAt: observations.goneAt,
      confidence: observations.confidence,
      catalogVersion: observations.catalogVersion,
      reasons: observations.reasons,
    })
    .from(observations)
    .innerJoin(connections, eq(connections.id, observations.connectionId))
    .where(eq(observations.aiSystemId, id))
    .orderBy(desc(observations.occurredOn), asc(observations.id));
  const ownIncidents = await db.select({ id: incidents.id, number: incidents.number }).from(incidents).where(eq(incidents.aiSystemId, id));
  const history = await historyOf(db, [{ type: 'ai_system', id }, ...ownIncidents.map((i) => ({ type: 'incident', id: i.id, label: `Incident ${incidentReference(i.number)}` }))]);
  const users = new Set<string>();
  const months = new Map<string, { month: string; currency: string; total: number; count: number }>();
  for (const row of rows) {
    const person = (row.attributes.employee ?? row.attributes.user) as string | undefined;
    if (person) users.add(person);
    // An app found on devices lists the people signed in on them.
    if (Array.isArray(row.attributes.users)) for (const user of row.attributes.users) if (typeof user === 'string') users.add(user);
    if (row.kind === 'expense') {
      const month = String(row.attributes.date).slice(0, 7);
      const currency = String(row.attributes.currency);
      const bucket = months.get(`${month} ${currency}`) ?? { month, currency, total: 0, count: 0 };
      bucket.total = Math.round((bucket.total + Number(row.attributes.amount)) * 100) / 100;
      bucket.count++;
      months.set(`${month} ${currency}`, bucket);
    }
  }
  return {
    ...item,
    people: [...users].sort(),
    spendByMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
    evidence: rows.map((row) => ({
      observationId: row.observationId,
      kind: row.kind,
      key: row.key,
      connection: row.connection,
      attributes: row.attributes,
      occurredOn: row.occurredOn,
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      gone: row.goneAt !== null,
      confidence: row.confidence ?? 0,
      catalogVersion: row.catalogVersion ?? '',
      reasons: row.reasons ?? [],
    })),
    history,
  };
}
