import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { type RegisterEntry, reviewSchema, vendorDiligenceSchema } from '../domain/register.js';
import { aiSystems, vendors } from '../db/schema.js';
import { orderReviewQueue } from '../register/triage.js';
import { listInventory } from './queries.js';

const EXPOSURE_ORDER = ['none', 'low', 'medium', 'high'] as const;

/**
 * The register's view of every AI system: inventory facts, catalog hints, the highest data
 * exposure among its OAuth grants, and what reviewers recorded (roles, use context, oversight,
 * conditions, the vendor's due diligence).
 */
export async function registerEntries(db: Db, catalog: Catalog): Promise<RegisterEntry[]> {
  const items = await listInventory(db);
  const hints = new Map(catalog.entries.map((entry) => [entry.id, entry.hints]));
  const exposures = await queryRows<{ id: string; levels: string[] }>(
    db,
    sql`select e.ai_system_id as id, array_agg(distinct o.attributes->'exposure'->>'level') as levels
      from evidence e join observations o on o.id = e.observation_id
      where o.kind = 'oauth_grant' and o.attributes ? 'exposure' group by 1`,
  );
  const exposureOf = new Map(exposures.map((row) => [row.id, row.levels]));
  const reviews = new Map((await db.select({ id: aiSystems.id, review: aiSystems.review }).from(aiSystems)).map((row) => [row.id, reviewSchema.parse(row.review)]));
  const diligence = new Map((await db.select().from(vendors)).map((row) => [row.name, vendorDiligenceSchema.parse(row.diligence)]));
  return items.map((item) => {
    const levels = exposureOf.get(item.id) ?? [];
    const exposure = [...EXPOSURE_ORDER].reverse().find((level) => levels.includes(level));
    const spend = item.spend[0];
    const hint = item.catalogId ? hints.get(item.catalogId) : undefined;
    const review = reviews.get(item.id);
    const vendorDiligence = diligence.get(item.vendor);
    return {
      id: item.id,
      vendor: item.vendor,
      product: item.product,
      category: item.category,
      catalogId: item.catalogId,
      status: item.status,
      sources: item.sources as Record<string, number>,
      users: item.users,
      ...(spend ? { monthlySpend: { amount: spend.monthlyAverage, currency: spend.currency } } : {}),
      ...(exposure ? { exposure } : {}),
      hints: {
        processesPersonalData: hint?.processesPersonalData ?? true,
        ...(hint?.trainsOnCustomerDataByDefault !== undefined ? { trainsOnCustomerDataByDefault: hint.trainsOnCustomerDataByDefault } : {}),
        hrEmploymentUse: hint?.hrEmploymentUse ?? false,
        impliedRole: hint?.impliedRole ?? 'user',
      },
      ...(review?.roles ? { roles: review.roles } : {}),
      useContext: review?.useContext ?? { departments: [], dataCategories: [] },
      oversight: review?.oversight ?? {},
      ...(review?.conditions ? { conditions: review.conditions } : {}),
      ...(vendorDiligence ? { vendorDiligence } : {}),
    };
  });
}

/** Statuses that still wait for a decision; "not AI" and decided systems stay out of the queue. */
const AWAITING_REVIEW = new Set(['discovered', 'in_review']);

/** The systems awaiting a decision, highest triage priority first. */
export async function reviewQueue(db: Db, catalog: Catalog): Promise<ReturnType<typeof orderReviewQueue<RegisterEntry>>> {
  return orderReviewQueue((await registerEntries(db, catalog)).filter((entry) => AWAITING_REVIEW.has(entry.status)));
}
