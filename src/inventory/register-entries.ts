import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { type RegisterEntry, reviewSchema, vendorDiligenceSchema } from '../domain/register.js';
import { aiSystems, vendors } from '../db/schema.js';
import { orderReviewQueue } from '../register/triage.js';
import { exposureBySystem } from './exposure.js';
import { listInventory } from './queries.js';

/**
 * The register's view of every AI system: inventory facts, catalog hints, the highest data
 * exposure among its OAuth grants, and what reviewers recorded (roles, use context, oversight,
 * conditions, the vendor's due diligence).
 */
export async function registerEntries(db: Db | Tx, catalog: Catalog, ids?: readonly string[]): Promise<RegisterEntry[]> {
  const items = await listInventory(db, ids ? { ids: [...ids] } : {});
  if (items.length === 0) return [];
  const hints = new Map(catalog.entries.map((entry) => [entry.id, entry.hints]));
  const exposureOf = await exposureBySystem(db, ids);
  const reviewRows = await db.select({ id: aiSystems.id, review: aiSystems.review }).from(aiSystems).where(ids ? inArray(aiSystems.id, [...ids]) : undefined);
  const reviews = new Map(reviewRows.map((row) => [row.id, reviewSchema.parse(row.review)]));
  const vendorRows = await db.select().from(vendors).where(inArray(vendors.name, [...new Set(items.map((item) => item.vendor))]));
  const diligence = new Map(vendorRows.map((row) => [row.name, vendorDiligenceSchema.parse(row.diligence)]));
  return items.map((item) => {
    const exposure = exposureOf.get(item.id);
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
