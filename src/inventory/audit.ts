import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { describeIssue } from '../domain/validation.js';

/** The append-only audit trail: one entry per changed answer, with who and why. */

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
export async function auditChanges(tx: Db | Tx, entity: { type: string; id: string; action: string }, changes: readonly FieldChange[], author: ChangeAuthor): Promise<void> {
  if (changes.length === 0) return;
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

/** A refusal of stored-form validation after a merge: what is wrong, and where to read the accepted values. */
export function invalid(what: string, error: z.ZodError, command: string): UserError {
  return new UserError(`invalid ${what}: ${describeIssue(error.issues[0]!)}`, `See \`unshadow ${command} --help\` for the accepted values.`);
}

/**
 * The version of every document unshadow writes: `r` and the last audit entry it reflects.
 * Two documents of the same version hold the same decisions; any recorded change (a review, a
 * scan's discovery, the organisation record) makes a new one. Approvals of documents are left
 * out, or approving a version would make a new one; so are who may sign in (users and API
 * tokens), which no document holds.
 */
export async function documentVersion(db: Db | Tx): Promise<string> {
  const [row] = await queryRows<{ id: number | string | null }>(db, sql`select max(id) as id from audit_log where entity_type not in ('document', 'user', 'token')`);
  return `r${Number(row?.id ?? 0)}`;
}
