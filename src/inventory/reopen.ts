import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

/** Decided statuses: new evidence that widens the use of such a system puts it back in review. */
export const DECIDED_STATUSES = ['approved', 'approved_with_conditions', 'restricted', 'prohibited'] as const;

const EXPOSURE_RANK = ['none', 'low', 'medium', 'high'] as const;
export type ExposureLevel = (typeof EXPOSURE_RANK)[number];

/** How widely a system was used when a reviewer decided on it: the yardstick for "wider". */
export interface UsageBaseline {
  users: number;
  exposure: ExposureLevel;
}

/** "Many more users": at least double, and at least this many more, so 1 → 2 users is no news. */
export const REOPEN_MIN_EXTRA_USERS = 5;

/** Why the current usage is wider than the decision covered; empty when it is not. */
export function widening(baseline: UsageBaseline, now: UsageBaseline): string[] {
  const reasons: string[] = [];
  if (now.users >= baseline.users * 2 && now.users - baseline.users >= REOPEN_MIN_EXTRA_USERS) {
    reasons.push(`users grew from ${baseline.users} to ${now.users}`);
  }
  if (EXPOSURE_RANK.indexOf(now.exposure) > EXPOSURE_RANK.indexOf(baseline.exposure)) {
    reasons.push(`data exposure of its OAuth grants rose from ${baseline.exposure} to ${now.exposure} (broader scopes)`);
  }
  return reasons;
}

/** Current usage of the given systems, aggregated in the database. */
export async function currentUsage(db: Db | Tx, ids: readonly string[]): Promise<Map<string, UsageBaseline & { status: string; baseline: UsageBaseline | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; status: string; baseline: UsageBaseline | null; users: number; exposure: number }>(
    db,
    sql`select s.id, s.status, s.review->'baseline' as baseline,
        (select count(distinct coalesce(o.attributes->>'employee', o.attributes->>'user'))::int
          from evidence e join observations o on o.id = e.observation_id where e.ai_system_id = s.id) as users,
        (select coalesce(max(array_position(array['none','low','medium','high'], o.attributes->'exposure'->>'level')), 1)::int
          from evidence e join observations o on o.id = e.observation_id
          where e.ai_system_id = s.id and o.kind = 'oauth_grant') as exposure
      from ai_systems s where s.id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, { status: row.status, baseline: row.baseline, users: row.users, exposure: EXPOSURE_RANK[row.exposure - 1] ?? 'none' }]));
}

/**
 * Puts decided systems whose use the new evidence widened back in review, with an audit entry
 * saying why. Runs in the ingest transaction, on the systems the batch touched; the reviewer's
 * answers stay as they were, only the status moves.
 */
export async function reopenWidened(tx: Tx, ids: readonly string[], actor: string): Promise<string[]> {
  const decided = await queryRows<{ id: string }>(
    tx,
    sql`select id from ai_systems where id = any(${`{${ids.join(',')}}`}::uuid[]) and status = any(${`{${DECIDED_STATUSES.join(',')}}`}::text[]) and review ? 'baseline'`,
  );
  if (decided.length === 0) return [];
  const usage = await currentUsage(tx, decided.map((row) => row.id));
  const reopened: string[] = [];
  for (const [id, now] of usage) {
    const reasons = now.baseline ? widening(now.baseline, now) : [];
    if (reasons.length === 0) continue;
    await tx.execute(sql`update ai_systems set status = 'in_review', updated_at = now() where id = ${id}`);
    await tx.insert(auditLog).values({ actor, entityType: 'ai_system', entityId: id, action: 'reopened', field: 'status', before: now.status, after: 'in_review', reason: `new evidence widens its use: ${reasons.join('; ')}` });
    reopened.push(id);
  }
  return reopened;
}
