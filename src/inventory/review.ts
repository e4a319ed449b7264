import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { type AiSystemStatus, aiSystems } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { DECIDED_STATUSES, type ReviewChange, reviewSchema } from '../domain/register.js';
import { applyChange } from '../domain/validation.js';
import { auditChanges, type ChangeAuthor, diffFields, type FieldChange, invalid } from './audit.js';
import { currentUsage } from './reopen.js';

export type { ChangeAuthor, FieldChange } from './audit.js';

const STATUSES_NEEDING_CONDITIONS: readonly AiSystemStatus[] = ['approved_with_conditions', 'restricted'];

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

/** One system's decision inside the caller's transaction; see recordReview. */
async function reviewIn(tx: Tx, id: string, change: ReviewChange, author: ChangeAuthor): Promise<{ status: AiSystemStatus; changes: FieldChange[] }> {
  const [row] = await tx.select({ status: aiSystems.status, review: aiSystems.review }).from(aiSystems).where(eq(aiSystems.id, id)).for('update');
  if (!row) throw new UserError(`no AI system with id '${id}'`, 'Run `unshadow inventory list` to see the ids.');
  // The baseline is unshadow's, not a reviewer's answer: it is never diffed or audited.
  const { baseline: _ignored, ...before } = reviewSchema.parse(row.review);
  const { status: givenStatus, ...answers } = change;
  const merged = reviewSchema.safeParse(applyChange(before, answers));
  if (!merged.success) throw invalid('review', merged.error, 'review');
  const { baseline: _none, ...after } = merged.data;
  const reviewChanges = diffFields(before, after);
  const status = givenStatus ?? (row.status === 'discovered' && reviewChanges.length > 0 ? 'in_review' : row.status);
  if (STATUSES_NEEDING_CONDITIONS.includes(status) && !after.conditions) {
    throw new UserError(
      `status '${status.replace(/_/g, ' ')}' needs the conditions it is subject to`,
      'Add --conditions "<what users must or must not do>", e.g. --conditions "no customer data".',
    );
  }
  const changes = [...(status !== row.status ? [{ field: 'status', before: row.status, after: status }] : []), ...reviewChanges];
  if (changes.length === 0) return { status, changes };
  // A decision covers the use seen when it was taken; wider use later reopens it (reopen.ts).
  const usage = DECIDED_STATUSES.includes(status) ? (await currentUsage(tx, [id])).get(id) : undefined;
  const baseline = usage ? { users: usage.users, exposure: usage.exposure, ...(usage.spend ? { spend: usage.spend } : {}) } : undefined;
  await tx.update(aiSystems).set({ status, review: { ...after, ...(baseline ? { baseline } : {}) }, updatedAt: new Date() }).where(eq(aiSystems.id, id));
  await auditChanges(tx, { type: 'ai_system', id, action: 'reviewed' }, changes, author);
  return { status, changes };
}

/**
 * Records a reviewer's decision on one AI system in one transaction: the new review, and one
 * append-only audit entry per changed field with before, after, who and why. A field given as
 * `null` clears the recorded answer. A first review of a discovered system moves it to "in
 * review" unless a status is given. Returns the changes (none when the input repeats what is
 * recorded).
 */
export async function recordReview(db: Db, id: string, change: ReviewChange, author: ChangeAuthor): Promise<FieldChange[]> {
  return db.transaction(async (tx) => (await reviewIn(tx, id, change, author)).changes);
}

/**
 * The same decision on several AI systems, all or nothing: one refused (a restriction without
 * conditions) leaves every one of them as it was.
 */
export async function recordReviews(db: Db, ids: readonly string[], change: ReviewChange, author: ChangeAuthor): Promise<{ id: string; status: AiSystemStatus; changes: FieldChange[] }[]> {
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const known = await tx.select({ id: aiSystems.id }).from(aiSystems).where(inArray(aiSystems.id, unique));
    const missing = unique.filter((id) => !known.some((row) => row.id === id));
    if (missing.length > 0) throw new UserError(`no AI system with id '${missing[0]}'`, 'Run `unshadow review queue` to see the ids.');
    const results = [];
    for (const id of unique) {
      try {
        results.push({ id, ...(await reviewIn(tx, id, change, author)) });
      } catch (error) {
        // Say which system refused, and that none was changed.
        if (!(error instanceof UserError)) throw error;
        const [named] = await tx.select({ product: aiSystems.product }).from(aiSystems).where(eq(aiSystems.id, id));
        throw new UserError(`${named?.product ?? id}: ${error.message}; nothing was recorded`, error.hint);
      }
    }
    return results;
  });
}
