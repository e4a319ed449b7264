import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { type NewEvent, REVIEW_OVERDUE_MIN_PRIORITY } from '../domain/alerts.js';
import type { Catalog } from '../domain/catalog.js';
import { systemSnapshot } from './event-facts.js';
import { triagePriority } from '../register/triage.js';
import { emitEvents } from './events.js';
import { registerEntries } from './register-entries.js';

/**
 * review.overdue: a system awaiting review (discovered, or reopened) for longer than `overdueMs`
 * whose triage priority is high. Once per stay in review: the key names when it entered review,
 * so a system decided and later reopened can be overdue again.
 */
export async function emitOverdueReviews(db: Db, catalog: Catalog, overdueMs: number, now: Date = new Date()): Promise<number> {
  const waiting = await queryRows<{ id: string; vendor: string; product: string; category: string; confidence: number; status: string; since: string | Date }>(
    db,
    sql`select s.id, s.vendor, s.product, s.category, s.confidence, s.status, coalesce(a.since, s.created_at) as since
      from ai_systems s left join lateral (
        select max(l.at) as since from audit_log l
        where l.entity_type = 'ai_system' and l.entity_id = s.id::text and (l.action in ('discovered', 'reopened') or l.field = 'status')
      ) a on true
      where s.status in ('discovered', 'in_review')
        and coalesce(a.since, s.created_at) < ${new Date(now.getTime() - overdueMs).toISOString()}::timestamptz
        and not exists (select 1 from events e where e.ai_system_id = s.id and e.type = 'review.overdue'
          and e.dedup_key = 'review.overdue:' || s.id || ':' || extract(epoch from coalesce(a.since, s.created_at))::bigint)`,
  );
  if (waiting.length === 0) return 0;
  const entries = new Map((await registerEntries(db, catalog, waiting.map((row) => row.id))).map((entry) => [entry.id, entry]));
  const events: NewEvent[] = [];
  for (const row of waiting) {
    const entry = entries.get(row.id);
    if (!entry) continue;
    const priority = triagePriority(entry);
    if (priority.score < REVIEW_OVERDUE_MIN_PRIORITY) continue;
    const since = new Date(row.since);
    const days = Math.floor((now.getTime() - since.getTime()) / 86_400_000);
    events.push({
      type: 'review.overdue',
      dedupKey: `review.overdue:${row.id}:${Math.floor(since.getTime() / 1000)}`,
      aiSystemId: row.id,
      detail: {
        summary: `${row.product} has waited ${days} day${days === 1 ? '' : 's'} for review at triage priority ${priority.score}`,
        system: systemSnapshot(row.id, row),
        sources: Object.keys(entry.sources),
        evidence: { status: row.status, waitingSince: since.toISOString(), priority: priority.score, tier: priority.tier, reasons: priority.reasons },
      },
    });
  }
  return emitEvents(db, events);
}
