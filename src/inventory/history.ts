import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { ACTION_LABELS, actorWords, FIELD_LABELS, valueWords } from '../domain/words.js';

/** One audit entry as stored, and the same in words for people (console, documents, CLI). */
export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  /** "API token 'demo'", "carol", "scan of demo-expenses". */
  who: string;
  /** "Review", "Incident INC-3 opened", "Reopened". */
  what: string;
  /** "Purpose", "Human oversight: when"; null for an entry about the whole record. */
  fieldLabel: string | null;
  beforeText: string;
  afterText: string;
}

interface AuditRow {
  id: number | string;
  at: string | Date;
  actor: string;
  entity_type: string;
  entity_id: string;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** Entities whose history is read together, each with the words that name it ("Incident INC-3"). */
export interface HistorySubject {
  type: string;
  id: string;
  label?: string;
}

/**
 * The audit entries of the given entities, oldest first, in words. Scans are named by their
 * connection; tokens and users as people read them; field names and codes as labels.
 */
export async function historyOf(db: Db | Tx, subjects: readonly HistorySubject[]): Promise<HistoryEntry[]> {
  if (subjects.length === 0) return [];
  const rows = await queryRows<AuditRow>(
    db,
    sql`select id, at, actor, entity_type, entity_id, action, field, before, after, reason from audit_log
      where (entity_type, entity_id) in (${sql.join(subjects.map((s) => sql`(${s.type}, ${s.id})`), sql`, `)}) order by id`,
  );
  const scanIds = [...new Set(rows.map((row) => /^scan:([0-9a-f-]{36})$/.exec(row.actor)?.[1]).filter((id): id is string => Boolean(id)))];
  const connections = new Map<string, string>();
  if (scanIds.length > 0) {
    const named = await queryRows<{ id: string; name: string }>(db, sql`select s.id, c.name from scans s join connections c on c.id = s.connection_id where s.id = any(${`{${scanIds.join(',')}}`}::uuid[])`);
    for (const row of named) connections.set(row.id, row.name);
  }
  const labels = new Map(subjects.map((s) => [`${s.type}:${s.id}`, s.label]));
  return rows.map((row) => {
    const subject = labels.get(`${row.entity_type}:${row.entity_id}`);
    const action = ACTION_LABELS[row.action] ?? row.action.replace(/_/g, ' ');
    return {
      id: Number(row.id),
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      action: row.action,
      field: row.field,
      before: row.before,
      after: row.after,
      reason: row.reason,
      who: actorWords(row.actor, connections),
      what: subject ? `${subject}: ${action.charAt(0).toLowerCase()}${action.slice(1)}` : action,
      fieldLabel: row.field ? (FIELD_LABELS[row.field] ?? row.field) : null,
      beforeText: valueWords(row.field, row.before),
      afterText: valueWords(row.field, row.after),
    };
  });
}
