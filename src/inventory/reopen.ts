import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { aiSystems, auditLog } from '../db/schema.js';
import { DECIDED_STATUSES } from '../domain/register.js';
import { EXPOSURE_LEVELS, type ExposureLevel } from '../domain/scope-exposure.js';
import { exposureBySystem } from './exposure.js';
import { listInventory } from './queries.js';

/** How widely a system was used when a reviewer decided on it: the yardstick for "wider". */
export interface UsageBaseline {
  users: number;
  exposure: ExposureLevel;
  /** Average monthly spend in its main currency; absent without expenses (and in older baselines). */
  spend?: { amount: number; currency: string };
}

/** "Many more users": at least double, and at least this many more, so 1 → 2 users is no news. */
export const REOPEN_MIN_EXTRA_USERS = 5;

/** "Much more spend": at least double, and at least this much more a month, in the same currency. */
export const REOPEN_MIN_EXTRA_SPEND = 100;

/** Why the current usage is wider than the decision covered; empty when it is not. */
export function widening(baseline: UsageBaseline, now: UsageBaseline): string[] {
  const reasons: string[] = [];
  if (now.users >= baseline.users * 2 && now.users - baseline.users >= REOPEN_MIN_EXTRA_USERS) {
    reasons.push(`users grew from ${baseline.users} to ${now.users}`);
  }
  if (EXPOSURE_LEVELS.indexOf(now.exposure) > EXPOSURE_LEVELS.indexOf(baseline.exposure)) {
    reasons.push(`data exposure of its OAuth grants rose from ${baseline.exposure} to ${now.exposure} (broader scopes)`);
  }
  const [before, after] = [baseline.spend, now.spend];
  if (before && after && before.currency === after.currency && after.amount >= before.amount * 2 && after.amount - before.amount >= REOPEN_MIN_EXTRA_SPEND) {
    reasons.push(`monthly spend grew from ${before.currency} ${before.amount.toFixed(2)} to ${after.currency} ${after.amount.toFixed(2)}`);
  }
  return reasons;
}

/** Current usage of the given systems: the inventory's user count and the exposure of their grants. */
export async function currentUsage(db: Db | Tx, ids: readonly string[]): Promise<Map<string, UsageBaseline>> {
  // One after the other: inside a transaction both run on the same connection.
  const items = await listInventory(db, { ids: [...ids] });
  const exposures = await exposureBySystem(db, ids);
  return new Map(
    items.map((item) => {
      const spend = item.spend[0];
      return [item.id, { users: item.users, exposure: exposures.get(item.id) ?? 'none', ...(spend ? { spend: { amount: spend.monthlyAverage, currency: spend.currency } } : {}) }];
    }),
  );
}

/**
 * Puts decided systems whose use the new evidence widened back in review, with an audit entry
 * saying why. Runs in the ingest transaction, on the systems the batch touched; the reviewer's
 * answers stay as they were, only the status moves.
 */
export interface Reopened {
  id: string;
  reasons: string[];
  /** The audit entry that says so: names this reopening among later ones. */
  auditId: number;
}

export async function reopenWidened(tx: Tx, ids: readonly string[], actor: string): Promise<Reopened[]> {
  if (ids.length === 0) return [];
  const decided = await queryRows<{ id: string; status: string; baseline: UsageBaseline }>(
    tx,
    sql`select id, status, review->'baseline' as baseline from ai_systems
      where id = any(${`{${ids.join(',')}}`}::uuid[]) and status = any(${`{${DECIDED_STATUSES.join(',')}}`}::text[]) and review ? 'baseline'`,
  );
  if (decided.length === 0) return [];
  const usage = await currentUsage(tx, decided.map((row) => row.id));
  const reopened = decided.flatMap((row) => {
    const reasons = widening(row.baseline, usage.get(row.id) ?? row.baseline);
    return reasons.length > 0 ? [{ ...row, reasons }] : [];
  });
  if (reopened.length === 0) return [];
  await tx.update(aiSystems).set({ status: 'in_review', updatedAt: new Date() }).where(inArray(aiSystems.id, reopened.map((row) => row.id)));
  const entries = await tx
    .insert(auditLog)
    .values(
      reopened.map((row) => ({ actor, entityType: 'ai_system', entityId: row.id, action: 'reopened', field: 'status', before: row.status, after: 'in_review', reason: `new evidence widens its use: ${row.reasons.join('; ')}` })),
    )
    .returning({ id: auditLog.id, entityId: auditLog.entityId });
  const auditIds = new Map(entries.map((entry) => [entry.entityId, entry.id]));
  return reopened.map((row) => ({ id: row.id, reasons: row.reasons, auditId: auditIds.get(row.id)! }));
}
