import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { vendors } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { reviewDueOn, type VendorDiligence, type VendorDiligenceChange, vendorDiligenceSchema } from '../domain/register.js';
import { applyChange } from '../domain/validation.js';
import { auditChanges, type ChangeAuthor, diffFields, type FieldChange, invalid } from './audit.js';
import { type HistoryEntry, historyOf } from './history.js';

/** Where a vendor's due diligence stands: never recorded, current, or past its review date. */
export type DiligenceState = 'not_recorded' | 'current' | 'overdue';

export interface VendorSummary {
  name: string;
  systems: { id: string; product: string; status: string }[];
  diligence: VendorDiligence;
  /** When the next review is due (recorded, or a year after the last). */
  reviewDue: string | null;
  state: DiligenceState;
  /** When its due diligence last changed; null when never recorded. */
  updatedAt: string | null;
}

export function diligenceState(diligence: VendorDiligence, today: string): { reviewDue: string | null; state: DiligenceState } {
  const due = reviewDueOn(diligence) ?? null;
  if (!diligence.reviewedOn) return { reviewDue: due, state: 'not_recorded' };
  return { reviewDue: due, state: due && due < today ? 'overdue' : 'current' };
}

/**
 * Every vendor of the AI systems in the inventory (those judged "not AI" aside), with its due
 * diligence and whether its review is due: the reminders of the vendor pages.
 */
export async function listVendors(db: Db, today = new Date().toISOString().slice(0, 10)): Promise<VendorSummary[]> {
  const rows = await queryRows<{ vendor: string; systems: { id: string; product: string; status: string }[]; diligence: Record<string, unknown> | null; updated_at: string | Date | null }>(
    db,
    sql`select s.vendor, jsonb_agg(jsonb_build_object('id', s.id, 'product', s.product, 'status', s.status) order by s.product) as systems, v.diligence, v.updated_at
      from ai_systems s left join vendors v on v.name = s.vendor
      where s.status <> 'not_ai' group by s.vendor, v.diligence, v.updated_at order by lower(s.vendor)`,
  );
  return rows.map((row) => {
    const diligence = vendorDiligenceSchema.parse(row.diligence ?? {});
    return { name: row.vendor, systems: row.systems, diligence, ...diligenceState(diligence, today), updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null };
  });
}

/** The inventory's spelling of a vendor name given in any case; a UserError when it knows none. */
async function knownVendor(db: Db, name: string): Promise<string> {
  const known = await queryRows<{ vendor: string }>(db, sql`select distinct vendor from ai_systems where lower(vendor) = ${name.trim().toLowerCase()} limit 1`);
  if (known.length === 0) throw new UserError(`no vendor named '${name}' in the inventory`, 'Run `unshadow vendors list` to see the vendors; quote names with spaces.');
  return known[0]!.vendor;
}

export async function showVendor(db: Db, name: string, today = new Date().toISOString().slice(0, 10)): Promise<VendorSummary & { history: HistoryEntry[] }> {
  const vendor = await knownVendor(db, name);
  const systems = await queryRows<{ id: string; product: string; status: string }>(db, sql`select id, product, status from ai_systems where vendor = ${vendor} order by product`);
  const [row] = await db.select({ diligence: vendors.diligence, updatedAt: vendors.updatedAt }).from(vendors).where(eq(vendors.name, vendor));
  const diligence = vendorDiligenceSchema.parse(row?.diligence ?? {});
  return { name: vendor, systems, diligence, ...diligenceState(diligence, today), updatedAt: row?.updatedAt.toISOString() ?? null, history: await historyOf(db, [{ type: 'vendor', id: vendor }]) };
}

/**
 * Records vendor due diligence (Annex A.10.3) for a vendor the inventory knows, matched
 * case-insensitively and stored under the inventory's spelling, with one audit entry per
 * changed answer; `null` clears an answer.
 */
export async function recordVendorDiligence(db: Db, name: string, change: VendorDiligenceChange, author: ChangeAuthor): Promise<{ vendor: string; changes: FieldChange[] }> {
  const vendor = await knownVendor(db, name);
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ diligence: vendors.diligence }).from(vendors).where(eq(vendors.name, vendor)).for('update');
    const before = vendorDiligenceSchema.parse(row?.diligence ?? {});
    const merged = vendorDiligenceSchema.safeParse(applyChange(before, change));
    if (!merged.success) throw invalid('due diligence', merged.error, 'vendor');
    const changes = diffFields(before, merged.data);
    if (changes.length === 0) return { vendor, changes };
    await tx
      .insert(vendors)
      .values({ name: vendor, diligence: merged.data })
      .onConflictDoUpdate({ target: vendors.name, set: { diligence: merged.data, updatedAt: new Date() } });
    await auditChanges(tx, { type: 'vendor', id: vendor, action: 'due_diligence' }, changes, author);
    return { vendor, changes };
  });
}
