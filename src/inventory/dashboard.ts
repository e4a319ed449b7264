import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { DECIDED_STATUSES } from '../domain/register.js';
import { EXPOSURE_LEVELS } from '../domain/scope-exposure.js';
import { listVendors } from './vendors.js';

export interface Dashboard {
  /** AI systems: those reviewed as "not AI" are left out of the total and every chart. */
  total: number;
  /** Every status, "not AI" included, so the cards add up to what was found. */
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** AI systems with evidence of each kind. */
  bySource: Record<string, number>;
  /** Systems whose evidence first shows them in the last seven days, by the records' own dates. */
  newThisWeek: { id: string; product: string; vendor: string; firstSeen: string }[];
  /** The most recently first seen systems, whatever their age: what "new" looked like last. */
  recentlyFirstSeen: { id: string; product: string; vendor: string; firstSeen: string }[];
  /** AI spend per month and currency, from the expenses matched to AI systems (by charge date). */
  spendByMonth: { month: string; currency: string; total: number }[];
  /** Distinct people seen using AI per month, from evidence dated by the record itself (expenses). */
  usersByMonth: { month: string; users: number }[];
  /** People seen only in undated evidence (OAuth grants, licences): no month can be given to them. */
  undatedPeople: number;
  /** The systems whose OAuth grants expose the most data, with how many people granted them. */
  topExposures: { id: string; product: string; vendor: string; level: string; users: number }[];
  /** Where the review stands: decided, awaiting, and what keeps the AIMS from being complete. */
  review: { decided: number; awaiting: number; notAi: number; openIncidents: number; vendorsOverdue: number; vendorsNotReviewed: number; organisationControlsOpen: number };
  openIncidents: { id: string; reference: string; title: string; severity: string; system: { id: string; product: string } }[];
}

const AI = sql`s.status <> 'not_ai'`;

/** The console's dashboard, in a few aggregate queries. */
export async function dashboard(db: Db, now: Date = new Date()): Promise<Dashboard> {
  const counts = await queryRows<{ dimension: string; key: string; n: number }>(
    db,
    sql`select 'status' as dimension, status as key, count(*)::int as n from ai_systems group by status
      union all select 'category', s.category, count(*)::int from ai_systems s where ${AI} group by s.category
      union all select 'source', o.kind, count(distinct o.ai_system_id)::int from observations o join ai_systems s on s.id = o.ai_system_id where ${AI} group by o.kind`,
  );
  const pick = (dimension: string) => Object.fromEntries(counts.filter((row) => row.dimension === dimension).map((row) => [row.key, row.n]));
  const byStatus = pick('status');
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  // first_seen_at comes from the evidence's own dates (a charge's date), not from when it was imported.
  const recent = await queryRows<{ id: string; product: string; vendor: string; first_seen_at: string | Date }>(
    db,
    sql`select s.id, s.product, s.vendor, s.first_seen_at from ai_systems s where ${AI} order by s.first_seen_at desc, s.product limit 50`,
  );
  const firstSeen = recent.map((row) => ({ id: row.id, product: row.product, vendor: row.vendor, firstSeen: new Date(row.first_seen_at).toISOString() }));
  const spend = await queryRows<{ month: string; currency: string; total: string | number }>(
    db,
    sql`select substr(o.attributes->>'date', 1, 7) as month, o.attributes->>'currency' as currency, sum((o.attributes->>'amount')::numeric) as total
      from observations o join ai_systems s on s.id = o.ai_system_id where o.kind = 'expense' and ${AI}
      group by 1, 2 order by 1, 2`,
  );
  const person = sql`coalesce(o.attributes->>'employee', o.attributes->>'user')`;
  const people = await queryRows<{ month: string; users: number }>(
    db,
    sql`select to_char(o.occurred_on, 'YYYY-MM') as month, count(distinct ${person})::int as users
      from observations o join ai_systems s on s.id = o.ai_system_id
      where ${person} is not null and o.occurred_on is not null and ${AI} group by 1 order by 1`,
  );
  const [undated] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct ${person})::int as n from observations o join ai_systems s on s.id = o.ai_system_id
      where ${person} is not null and ${AI} and o.occurred_on is null
        and ${person} not in (select coalesce(o2.attributes->>'employee', o2.attributes->>'user') from observations o2
          where o2.ai_system_id is not null and o2.occurred_on is not null and coalesce(o2.attributes->>'employee', o2.attributes->>'user') is not null)`,
  );
  const exposures = await queryRows<{ id: string; product: string; vendor: string; rank: number; users: number }>(
    db,
    sql`select s.id, s.product, s.vendor,
        max(array_position(${`{${EXPOSURE_LEVELS.join(',')}}`}::text[], o.attributes->'exposure'->>'level'))::int as rank,
        count(distinct o.attributes->>'user')::int as users
      from ai_systems s join observations o on o.ai_system_id = s.id
      where o.kind = 'oauth_grant' and o.attributes ? 'exposure' and ${AI}
      group by 1, 2, 3 order by rank desc, users desc, s.product limit 10`,
  );
  const incidents = await queryRows<{ id: string; number: number; title: string; severity: string; system_id: string; product: string }>(
    db,
    sql`select i.id, i.number, i.record->>'title' as title, i.severity, s.id as system_id, s.product from incidents i join ai_systems s on s.id = i.ai_system_id
      where i.status <> 'closed' order by i.opened_at desc limit 20`,
  );
  const [openControls] = await queryRows<{ n: number }>(
    db,
    sql`select (10 - count(*))::int as n from control_records where control_id ~ '^A\\.[234]\\.' and record->>'status' in ('implemented', 'not_applicable')`,
  );
  const vendors = await listVendors(db, now.toISOString().slice(0, 10));
  const total = Object.entries(byStatus).reduce((sum, [status, n]) => (status === 'not_ai' ? sum : sum + n), 0);
  const decided = Object.entries(byStatus).reduce((sum, [status, n]) => (DECIDED_STATUSES.includes(status) ? sum + n : sum), 0);
  return {
    total,
    byStatus,
    byCategory: pick('category'),
    bySource: pick('source'),
    newThisWeek: firstSeen.filter((row) => row.firstSeen >= weekAgo),
    recentlyFirstSeen: firstSeen.slice(0, 5),
    spendByMonth: spend.map((row) => ({ month: row.month, currency: row.currency, total: Math.round(Number(row.total) * 100) / 100 })),
    usersByMonth: people,
    undatedPeople: undated?.n ?? 0,
    topExposures: exposures.map((row) => ({ id: row.id, product: row.product, vendor: row.vendor, level: EXPOSURE_LEVELS[row.rank - 1] ?? 'none', users: row.users })),
    review: {
      decided,
      awaiting: (byStatus.discovered ?? 0) + (byStatus.in_review ?? 0),
      notAi: byStatus.not_ai ?? 0,
      openIncidents: incidents.length,
      vendorsOverdue: vendors.filter((v) => v.state === 'overdue').length,
      vendorsNotReviewed: vendors.filter((v) => v.state === 'not_recorded').length,
      organisationControlsOpen: openControls?.n ?? 10,
    },
    openIncidents: incidents.map((row) => ({ id: row.id, reference: `INC-${row.number}`, title: row.title, severity: row.severity, system: { id: row.system_id, product: row.product } })),
  };
}
