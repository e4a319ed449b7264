import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { EXPOSURE_LEVELS } from '../domain/scope-exposure.js';

export interface Dashboard {
  total: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** AI systems with evidence of each kind. */
  bySource: Record<string, number>;
  newThisWeek: { id: string; product: string; vendor: string; firstSeen: string }[];
  /** AI spend per month and currency, from the expenses matched to AI systems. */
  spendByMonth: { month: string; currency: string; total: number }[];
  /** Distinct people seen using AI per month (expenses by date, grants by when first seen). */
  usersByMonth: { month: string; users: number }[];
  /** The systems whose OAuth grants expose the most data, with how many people granted them. */
  topExposures: { id: string; product: string; vendor: string; level: string; users: number }[];
}

/** The console's dashboard, in a few aggregate queries. */
export async function dashboard(db: Db, now: Date = new Date()): Promise<Dashboard> {
  const counts = await queryRows<{ dimension: string; key: string; n: number }>(
    db,
    sql`select 'status' as dimension, status as key, count(*)::int as n from ai_systems group by status
      union all select 'category', category, count(*)::int from ai_systems group by category
      union all select 'source', o.kind, count(distinct e.ai_system_id)::int from evidence e join observations o on o.id = e.observation_id group by o.kind`,
  );
  const pick = (dimension: string) => Object.fromEntries(counts.filter((row) => row.dimension === dimension).map((row) => [row.key, row.n]));
  const byStatus = pick('status');
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const fresh = await queryRows<{ id: string; product: string; vendor: string; created_at: string | Date }>(
    db,
    sql`select id, product, vendor, created_at from ai_systems where created_at >= ${weekAgo}::timestamptz order by created_at desc, product limit 50`,
  );
  const spend = await queryRows<{ month: string; currency: string; total: string | number }>(
    db,
    sql`select substr(o.attributes->>'date', 1, 7) as month, o.attributes->>'currency' as currency, sum((o.attributes->>'amount')::numeric) as total
      from evidence e join observations o on o.id = e.observation_id where o.kind = 'expense'
      group by 1, 2 order by 1, 2`,
  );
  const people = await queryRows<{ month: string; users: number }>(
    db,
    sql`select to_char(coalesce(o.occurred_on::timestamptz, o.first_seen_at), 'YYYY-MM') as month,
        count(distinct coalesce(o.attributes->>'employee', o.attributes->>'user'))::int as users
      from evidence e join observations o on o.id = e.observation_id
      where coalesce(o.attributes->>'employee', o.attributes->>'user') is not null group by 1 order by 1`,
  );
  const exposures = await queryRows<{ id: string; product: string; vendor: string; rank: number; users: number }>(
    db,
    sql`select s.id, s.product, s.vendor,
        max(array_position(${`{${EXPOSURE_LEVELS.join(',')}}`}::text[], o.attributes->'exposure'->>'level'))::int as rank,
        count(distinct o.attributes->>'user')::int as users
      from ai_systems s join evidence e on e.ai_system_id = s.id join observations o on o.id = e.observation_id
      where o.kind = 'oauth_grant' and o.attributes ? 'exposure' and s.status <> 'not_ai'
      group by 1, 2, 3 order by rank desc, users desc, s.product limit 10`,
  );
  return {
    total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
    byStatus,
    byCategory: pick('category'),
    bySource: pick('source'),
    newThisWeek: fresh.map((row) => ({ id: row.id, product: row.product, vendor: row.vendor, firstSeen: new Date(row.created_at).toISOString() })),
    spendByMonth: spend.map((row) => ({ month: row.month, currency: row.currency, total: Math.round(Number(row.total) * 100) / 100 })),
    usersByMonth: people,
    topExposures: exposures.map((row) => ({ id: row.id, product: row.product, vendor: row.vendor, level: EXPOSURE_LEVELS[row.rank - 1] ?? 'none', users: row.users })),
  };
}
