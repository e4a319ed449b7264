import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { z } from 'zod';
import { type AiSystemStatus, aiSystems, auditLog, vendors } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { currentUsage } from './reopen.js';
import { DECIDED_STATUSES, type Oversight, type Review, reviewSchema, type UseContext, type VendorDiligence, vendorDiligenceSchema } from '../domain/register.js';

/** What one `unshadow review` records; every part is optional, absent parts are left as they are. */
export interface ReviewInput {
  status?: AiSystemStatus;
  roles?: Review['roles'];
  useContext?: Partial<UseContext>;
  oversight?: Partial<Oversight>;
  conditions?: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Who made a change and why: every audit entry carries both. */
export interface ChangeAuthor {
  actor: string;
  reason?: string;
}

const STATUSES_NEEDING_CONDITIONS: readonly AiSystemStatus[] = ['approved_with_conditions', 'restricted'];

/**
 * The field-by-field difference between two flat records, with nested objects flattened to
 * `parent.child` so the audit trail says exactly which answer changed.
 */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const was = before[key];
    const now = after[key];
    if (isPlainObject(was) || isPlainObject(now)) {
      changes.push(...diffFields(isPlainObject(was) ? was : {}, isPlainObject(now) ? now : {}, `${prefix}${key}.`));
    } else if (JSON.stringify(was ?? null) !== JSON.stringify(now ?? null) && !(isEmptyList(was) && isEmptyList(now))) {
      changes.push({ field: `${prefix}${key}`, before: was ?? null, after: now ?? null });
    }
  }
  return changes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** One append-only audit entry per changed field, all with the same who and why. */
async function auditChanges(tx: Tx, entity: { type: string; id: string; action: string }, changes: readonly FieldChange[], author: ChangeAuthor): Promise<void> {
  await tx.insert(auditLog).values(
    changes.map((change) => ({
      actor: author.actor,
      entityType: entity.type,
      entityId: entity.id,
      action: entity.action,
      field: change.field,
      before: change.before,
      after: change.after,
      reason: author.reason ?? null,
    })),
  );
}

function invalid(what: string, error: z.ZodError, command: string): UserError {
  const issue = error.issues[0]!;
  return new UserError(`invalid ${what}: ${issue.path.join('.')}: ${issue.message}`, `See \`unshadow ${command} --help\` for the accepted values.`);
}

/** Resolves a full id or a unique prefix of at least 4 characters; null when none or several match. */
export async function resolveAiSystemId(db: Db | Tx, idOrPrefix: string): Promise<string | null> {
  if (idOrPrefix.length < 4) return null;
  const candidates = await db
    .select({ id: aiSystems.id })
    .from(aiSystems)
    .where(sql`${aiSystems.id}::text like ${`${idOrPrefix.toLowerCase().replace(/[%_]/g, '')}%`}`)
    .limit(2);
  return candidates.length === 1 ? candidates[0]!.id : null;
}

/**
 * Records a reviewer's decision on one AI system in one transaction: the new review, and one
 * append-only audit entry per changed field with before, after, who and why. A first review
 * of a discovered system moves it to "in review" unless a status is given. Returns the changes
 * (none when the input repeats what is recorded).
 */
export async function recordReview(db: Db, id: string, input: ReviewInput, author: ChangeAuthor): Promise<FieldChange[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ status: aiSystems.status, review: aiSystems.review }).from(aiSystems).where(eq(aiSystems.id, id)).for('update');
    if (!row) throw new UserError(`no AI system with id '${id}'`, 'Run `unshadow inventory list` to see the ids.');
    const before = reviewSchema.parse(row.review);
    const merged = reviewSchema.safeParse({
      ...before,
      ...(input.roles ? { roles: input.roles } : {}),
      ...(input.conditions !== undefined ? { conditions: input.conditions } : {}),
      useContext: { ...before.useContext, ...input.useContext },
      oversight: { ...before.oversight, ...input.oversight },
    });
    if (!merged.success) throw invalid('review', merged.error, 'review');
    // The baseline is unshadow's, not a reviewer's answer: it is never diffed or audited.
    const { baseline: _ignored, ...after } = merged.data;
    const reviewChanges = diffFields({ ...before, baseline: undefined }, after);
    const status = input.status ?? (row.status === 'discovered' && reviewChanges.length > 0 ? 'in_review' : row.status);
    if (STATUSES_NEEDING_CONDITIONS.includes(status) && !after.conditions) {
      throw new UserError(
        `status '${status.replace(/_/g, ' ')}' needs the conditions it is subject to`,
        'Add --conditions "<what users must or must not do>", e.g. --conditions "no customer data".',
      );
    }
    const changes = [...(status !== row.status ? [{ field: 'status', before: row.status, after: status }] : []), ...reviewChanges];
    if (changes.length === 0) return [];
    // A decision covers the use seen when it was taken; wider use later reopens it (reopen.ts).
    const usage = DECIDED_STATUSES.includes(status) ? (await currentUsage(tx, [id])).get(id) : undefined;
    const baseline = usage ? { users: usage.users, exposure: usage.exposure, ...(usage.spend ? { spend: usage.spend } : {}) } : undefined;
    await tx.update(aiSystems).set({ status, review: { ...after, ...(baseline ? { baseline } : {}) }, updatedAt: new Date() }).where(eq(aiSystems.id, id));
    await auditChanges(tx, { type: 'ai_system', id, action: 'reviewed' }, changes, author);
    return changes;
  });
}

/**
 * Records vendor due diligence (Annex A.10.3) for a vendor the inventory knows, matched
 * case-insensitively and stored under the inventory's spelling, with one audit entry per
 * changed answer.
 */
export async function recordVendorDiligence(db: Db, name: string, input: Partial<VendorDiligence>, author: ChangeAuthor): Promise<{ vendor: string; changes: FieldChange[] }> {
  return db.transaction(async (tx) => {
    const known = await tx
      .selectDistinct({ vendor: aiSystems.vendor })
      .from(aiSystems)
      .where(sql`lower(${aiSystems.vendor}) = ${name.trim().toLowerCase()}`);
    if (known.length === 0) {
      throw new UserError(`no vendor named '${name}' in the inventory`, 'Run `unshadow inventory list` to see the vendors; quote names with spaces.');
    }
    const vendor = known[0]!.vendor;
    const [row] = await tx.select({ diligence: vendors.diligence }).from(vendors).where(eq(vendors.name, vendor)).for('update');
    const before = vendorDiligenceSchema.parse(row?.diligence ?? {});
    const merged = vendorDiligenceSchema.safeParse({ ...before, ...input });
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
