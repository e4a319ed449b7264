import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { type RegisterEntry, reviewSchema, vendorDiligenceSchema } from '../domain/register.js';
import { actorWords, SOURCE_LABELS } from '../domain/words.js';
import { aiSystems, vendors } from '../db/schema.js';
import { orderReviewQueue } from '../register/triage.js';
import { endpointSignalsBySystem } from './endpoint-signals.js';
import { exposureBySystem } from './exposure.js';
import { listIncidents } from './incidents.js';
import { listInventory } from './queries.js';

const idFilter = (ids: readonly string[] | undefined) => (ids ? sql`and entity_id = any(${`{${ids.join(',')}}`}::text[])` : sql``);

/** The last status decision and the last review change of each system, from the audit trail. */
async function decisions(db: Db | Tx, ids?: readonly string[]) {
  // Both served by audit_log_entity_idx (entity_type, entity_id, id).
  const decided = await queryRows<{ entity_id: string; actor: string; at: string | Date; after: unknown; reason: string | null }>(
    db,
    sql`select distinct on (entity_id) entity_id, actor, at, after, reason from audit_log
      where entity_type = 'ai_system' and action = 'reviewed' and field = 'status' ${idFilter(ids)} order by entity_id, id desc`,
  );
  const reviewed = await queryRows<{ entity_id: string; actor: string; at: string | Date }>(
    db,
    sql`select distinct on (entity_id) entity_id, actor, at from audit_log
      where entity_type = 'ai_system' and action = 'reviewed' ${idFilter(ids)} order by entity_id, id desc`,
  );
  return {
    decision: new Map(decided.map((row) => [row.entity_id, { status: String(row.after), by: actorWords(row.actor), at: new Date(row.at).toISOString(), ...(row.reason ? { note: row.reason } : {}) }])),
    lastReviewed: new Map(reviewed.map((row) => [row.entity_id, { by: actorWords(row.actor), at: new Date(row.at).toISOString() }])),
  };
}

const day = (value: string | Date | null) => (value ? new Date(value).toISOString().slice(0, 10) : null);

/**
 * Each system's evidence in a sentence per source: how many records, over which dates (the
 * records' own where they have them, else when unshadow saw them), from which connections.
 */
async function evidenceSummaries(db: Db | Tx, ids?: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ id: string; kind: string; n: number; gone: number; dated_first: string | Date | null; dated_last: string | Date | null; seen_first: string | Date; seen_last: string | Date; connections: string[] }>(
    db,
    sql`select o.ai_system_id as id, o.kind, count(*)::int as n, count(*) filter (where o.gone_at is not null)::int as gone,
        min(o.occurred_on) as dated_first, max(o.occurred_on) as dated_last, min(o.first_seen_at) as seen_first, max(o.last_seen_at) as seen_last,
        array_agg(distinct c.name order by c.name) as connections
      from observations o join connections c on c.id = o.connection_id
      where o.ai_system_id is not null ${ids ? sql`and o.ai_system_id = any(${`{${ids.join(',')}}`}::uuid[])` : sql``}
      group by 1, 2 order by 1, 2`,
  );
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const span = (first: string | null, last: string | null) => (first === last ? `${first}` : `${first} to ${last}`);
    const when = row.dated_first ? `dated ${span(day(row.dated_first), day(row.dated_last))}` : `seen ${span(day(row.seen_first), day(row.seen_last))}`;
    const gone = row.gone > 0 ? `, ${row.gone} no longer in the source` : '';
    const line = `${SOURCE_LABELS[row.kind] ?? row.kind}: ${row.n} record${row.n === 1 ? '' : 's'}, ${when}, from ${row.connections.join(', ')}${gone}`;
    out.set(row.id, [...(out.get(row.id) ?? []), line]);
  }
  return out;
}

/**
 * The register's view of every AI system: inventory facts, catalog hints, the highest data
 * exposure among its OAuth grants, what reviewers recorded (roles, use context, oversight,
 * conditions, the vendor's due diligence), who decided when and why, its incidents and its
 * evidence in words.
 */
export async function registerEntries(db: Db | Tx, catalog: Catalog, ids?: readonly string[]): Promise<RegisterEntry[]> {
  const items = await listInventory(db, ids ? { ids: [...ids] } : {});
  if (items.length === 0) return [];
  const hints = new Map(catalog.entries.map((entry) => [entry.id, entry.hints]));
  const exposureOf = await exposureBySystem(db, ids);
  const endpointOf = await endpointSignalsBySystem(db, ids);
  const reviewRows = await db.select({ id: aiSystems.id, review: aiSystems.review }).from(aiSystems).where(ids ? inArray(aiSystems.id, [...ids]) : undefined);
  const reviews = new Map(reviewRows.map((row) => [row.id, reviewSchema.parse(row.review)]));
  const vendorRows = await db.select().from(vendors).where(inArray(vendors.name, [...new Set(items.map((item) => item.vendor))]));
  const diligence = new Map(vendorRows.map((row) => [row.name, vendorDiligenceSchema.parse(row.diligence)]));
  const { decision, lastReviewed } = await decisions(db, ids);
  const evidence = await evidenceSummaries(db, ids);
  const incidents = new Map<string, NonNullable<RegisterEntry['incidents']>>();
  for (const incident of await listIncidents(db, ids?.length === 1 ? { aiSystemId: ids[0]! } : {})) {
    const list = incidents.get(incident.system.id) ?? [];
    list.push({ id: incident.id, reference: incident.reference, title: incident.title, status: incident.status, severity: incident.severity, ...(incident.correctiveAction ? { correctiveAction: incident.correctiveAction } : {}) });
    incidents.set(incident.system.id, list);
  }
  return items.map((item) => {
    const exposure = exposureOf.get(item.id);
    const spend = item.spend[0];
    const hint = item.catalogId ? hints.get(item.catalogId) : undefined;
    const review = reviews.get(item.id);
    const vendorDiligence = diligence.get(item.vendor);
    const decided = decision.get(item.id);
    const reviewed = lastReviewed.get(item.id);
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
      spend: item.spend,
      ...(exposure ? { exposure } : {}),
      ...(endpointOf.has(item.id) ? { endpoint: endpointOf.get(item.id)! } : {}),
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
      ...(decided ? { decision: decided } : {}),
      ...(reviewed ? { lastReviewed: reviewed } : {}),
      incidents: incidents.get(item.id) ?? [],
      evidenceSummary: evidence.get(item.id) ?? [],
      firstSeen: item.firstSeen,
      lastSeen: item.lastSeen,
    };
  });
}

/** Statuses that still wait for a decision; "not AI" and decided systems stay out of the queue. */
const AWAITING_REVIEW = new Set(['discovered', 'in_review']);

/** The systems awaiting a decision, highest triage priority first. */
export async function reviewQueue(db: Db, catalog: Catalog): Promise<ReturnType<typeof orderReviewQueue<RegisterEntry>>> {
  return orderReviewQueue((await registerEntries(db, catalog)).filter((entry) => AWAITING_REVIEW.has(entry.status)));
}
