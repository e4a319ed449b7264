import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { connections, type ScanCounts, type ScanError, type ScanRetry, scanPages, scans } from '../db/schema.js';
import { OperationError } from '../domain/errors.js';
import { storable } from '../domain/storable.js';

/** Problems kept on the scan row; the count covers all of them. */
const KEPT_ERRORS = 500;
/** A running scan without a heartbeat for this long was abandoned by a process that died. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

export type ScanRow = typeof scans.$inferSelect;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === '23505';
}

/**
 * Starts a scan of a connection. At most one runs per connection (a unique index says so): a
 * second start is refused, unless the running one was abandoned by a process that died, which
 * is then marked failed.
 */
export async function startScan(db: Db, connectionId: string, source: Record<string, unknown>, trigger = 'manual'): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const [row] = await db.insert(scans).values({ connectionId, source, trigger }).returning({ id: scans.id });
      return row!.id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const [running] = await db.select().from(scans).where(and(eq(scans.connectionId, connectionId), eq(scans.status, 'running')));
      if (!running) continue;
      if (Date.now() - running.heartbeatAt.getTime() < ABANDONED_AFTER_MS) throw new ScanRunningError(running.id);
      await failScan(db, running.id, 'abandoned: the process running it stopped without finishing');
    }
  }
  throw new OperationError('could not start the scan: another one keeps starting at the same time');
}

export class ScanRunningError extends OperationError {
  constructor(readonly scanId: string) {
    super(`a scan of this connection is already running (${scanId})`, `Wait for it: \`unshadow scans show ${scanId}\`.`);
  }
}

export async function getScan(db: Db, scanId: string): Promise<ScanRow | undefined> {
  const [row] = await db.select().from(scans).where(eq(scans.id, scanId));
  return row;
}

export async function listScans(db: Db, options: { connectionId?: string; status?: ScanRow['status']; limit?: number } = {}) {
  const conditions = [];
  if (options.connectionId) conditions.push(eq(scans.connectionId, options.connectionId));
  if (options.status) conditions.push(eq(scans.status, options.status));
  return db
    .select({ scan: scans, connection: connections.name })
    .from(scans)
    .innerJoin(connections, eq(connections.id, scans.connectionId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(scans.startedAt))
    .limit(options.limit ?? 50);
}

/**
 * Pages about to be handed on: they exist, pending, before anything can complete them. Answers
 * the pages registered now for the first time (a page fetched again after a crash counts once).
 */
export async function registerPages(db: Db, scanId: string, stream: string, pages: { page: number; records: number }[]): Promise<Set<number>> {
  const inserted = await db
    .insert(scanPages)
    .values(pages.map((page) => ({ scanId, stream, page: page.page, records: page.records })))
    .onConflictDoNothing()
    .returning({ page: scanPages.page });
  return new Set(inserted.map((row) => row.page));
}

/**
 * Pages were handed on durably (queued, or written in embedded mode): move the stream's cursor
 * past the last of them, so a resumed scan starts with the next one and never skips a page.
 * `records` counts only the pages registered for the first time.
 */
export async function advanceCursor(db: Db, scanId: string, page: { stream: string; page: number; records: number; next: unknown }): Promise<void> {
  await db.execute(sql`update scans set
      cursor = cursor || jsonb_build_object(${page.stream}::text, ${JSON.stringify(page.next)}::jsonb),
      progress = progress || jsonb_build_object(${page.stream}::text, jsonb_build_object(
        'pages', ${page.page + 1}::int,
        'records', coalesce((progress->${page.stream}->>'records')::int, 0) + ${page.records}::int,
        'done', ${page.next === null}::boolean)),
      heartbeat_at = now()
    where id = ${scanId} and status = 'running'`);
}

/**
 * A batch's flagged observations are in the inventory: its pages are done (the batch's flagged
 * count is recorded on its last page, so the scan's total is right). Runs in the ingest transaction.
 */
export async function completePages(tx: Tx, scanId: string, pages: { stream: string; first: number; last: number; flagged: number }): Promise<void> {
  await tx.execute(sql`update scan_pages set done = true, flagged = case when page = ${pages.last}::int then ${pages.flagged}::int else 0 end
    where scan_id = ${scanId} and stream = ${pages.stream} and page between ${pages.first}::int and ${pages.last}::int`);
}

/**
 * Marks the scan fetched once every stream has been paged to its end. Each stream's job runs
 * this after its own last page is recorded, in a statement of its own: of streams finishing at
 * the same time, the last to commit sees all of them done.
 */
export async function markFetchedIfDone(db: Db, scanId: string, streams: readonly string[]): Promise<void> {
  await db.execute(sql`update scans set fetched = true, heartbeat_at = now()
    where id = ${scanId} and not fetched
      and (select bool_and(coalesce((progress->s->>'done')::boolean, false)) from unnest(${`{${streams.map((s) => `"${s}"`).join(',')}}`}::text[]) s)`);
}

/**
 * Completes the scan if it is fetched and no page is pending, marks what this complete scan
 * did not see as gone, and confirms the items it read (source_items). One statement, so of two processes finishing the last pages at once
 * exactly one completes it; a failed or partial scan never reaches it.
 */
export async function completeIfDone(db: Db, scanId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with finished as (
        update scans set status = 'completed', finished_at = now(), heartbeat_at = now(), retry = null,
          counts = counts || (select jsonb_build_object('records', coalesce(sum(records), 0)::int, 'flagged', coalesce(sum(flagged), 0)::int, 'pages', count(*)::int)
                              from scan_pages where scan_id = ${scanId})
        where id = ${scanId} and status = 'running' and fetched
          and not exists (select 1 from scan_pages where scan_id = ${scanId} and not done)
        returning id, connection_id
      ), gone as (
        update observations o set gone_at = now() from finished f
        where o.connection_id = f.connection_id and o.last_scan_id is distinct from f.id and o.gone_at is null
        returning o.id
      ), confirmed as (
        update source_items i set confirmed_scan_id = f.id from finished f
        where i.connection_id = f.connection_id and i.seen_scan_id = f.id
        returning i.item
      )
      select id from finished`,
  );
  return rows.length > 0;
}

/** Fails a running scan with the one error that ended it (the call, the cause, and the fix when there is one). */
export async function failScan(db: Db, scanId: string, failure: string | ScanError): Promise<void> {
  const error: ScanError = storable(typeof failure === 'string' ? { message: failure } : failure);
  await db.transaction(async (tx) => {
    const failed = await queryRows<{ id: string }>(
      tx,
      sql`update scans set status = 'failed', finished_at = now(), retry = null,
        errors = (errors || ${JSON.stringify([error])}::jsonb), error_count = error_count + 1
      where id = ${scanId} and status = 'running' returning id`,
    );
    if (failed.length > 0) await emitScanFailed(tx, scanId, error.message);
  });
}

/** A failed attempt is waiting to be retried: what the CLI and the console show while it waits. */
export async function setScanRetry(db: Db, scanId: string, retry: ScanRetry): Promise<void> {
  await db.execute(sql`update scans set retry = ${JSON.stringify(storable(retry))}::jsonb, heartbeat_at = now() where id = ${scanId} and status = 'running'`);
}

/** Whether a scan of the connection ever completed: until one has, an unreachable source fails a scan at once. */
export async function hasCompletedScan(db: Db, connectionId: string): Promise<boolean> {
  const rows = await db.select({ id: scans.id }).from(scans).where(and(eq(scans.connectionId, connectionId), eq(scans.status, 'completed'))).limit(1);
  return rows.length > 0;
}

/** The scan.failed event, in the transaction that failed the scan. */
async function emitScanFailed(tx: Tx, scanId: string, message: string): Promise<void> {
  await tx.execute(sql`insert into events (type, dedup_key, connection_id, scan_id, detail)
    select 'scan.failed', 'scan.failed:' || s.id, s.connection_id, s.id, jsonb_build_object(
      'summary', 'Scan of ' || c.name || ' (' || c.kind || ') failed: ' || ${message}::text,
      'sources', '[]'::jsonb,
      'evidence', jsonb_build_object('error', ${message}::text, 'trigger', s.trigger, 'startedAt', s.started_at))
    from scans s join connections c on c.id = s.connection_id where s.id = ${scanId}
    on conflict (dedup_key) do nothing`);
}

/** A problem that did not stop the scan (a skipped user, a retried page). */
export async function noteScanError(db: Db, scanId: string, error: ScanError): Promise<void> {
  await db.execute(sql`update scans set error_count = error_count + 1, heartbeat_at = now(),
      errors = case when jsonb_array_length(errors) < ${KEPT_ERRORS} then errors || ${JSON.stringify([storable(error)])}::jsonb else errors end
    where id = ${scanId}`);
}

/** For the expense import, which runs in one go rather than page by page. */
export async function finishScan(
  db: Db,
  scanId: string,
  given: { status: 'completed' | 'failed'; counts: ScanCounts; errors: ScanError[]; errorCount: number; source?: Record<string, unknown> },
): Promise<void> {
  // Errors quote what a source sent (a line of a log file): kept as Postgres can store them.
  const outcome = { ...given, errors: storable(given.errors.slice(0, KEPT_ERRORS)), ...(given.source ? { source: storable(given.source) } : {}) };
  await db.transaction(async (tx) => {
    await tx
      .update(scans)
      .set({
        status: outcome.status,
        retry: null,
        counts: outcome.counts,
        errors: outcome.errors,
        errorCount: outcome.errorCount,
        finishedAt: sql`now()`,
        ...(outcome.source ? { source: outcome.source } : {}),
      })
      .where(eq(scans.id, scanId));
    if (outcome.status === 'failed') await emitScanFailed(tx, scanId, outcome.errors[0]?.message ?? 'failed');
  });
}

/** By id or a unique prefix of at least 4 characters, with its connection's name. */
export async function findScan(db: Db, idOrPrefix: string) {
  const rows = await db
    .select({ scan: scans, connection: connections.name })
    .from(scans)
    .innerJoin(connections, eq(connections.id, scans.connectionId))
    .where(sql`${scans.id}::text like ${`${idOrPrefix.toLowerCase().replace(/[^0-9a-f-]/g, '')}%`}`)
    .limit(2);
  return rows.length === 1 && idOrPrefix.length >= 4 ? rows[0] : undefined;
}

/** After a complete snapshot: what this scan did not see is gone (never deleted). */
export async function markGoneExcept(tx: Tx, connectionId: string, scanId: string): Promise<void> {
  await tx.execute(sql`update observations set gone_at = now()
    where connection_id = ${connectionId} and last_scan_id is distinct from ${scanId} and gone_at is null`);
}

/**
 * Observations the source vouches for without re-reading them (unchanged since the last
 * complete scan): seen by this scan, as if fetched again.
 */
export async function keepObservations(db: Db, connectionId: string, scanId: string, prefixes: string[], except: string[] = []): Promise<void> {
  if (prefixes.length === 0) return;
  const excluded = except.length ? sql` and not exists (select 1 from unnest(${sql.param(except)}::text[]) e where starts_with(o.key, e))` : sql``;
  await db.execute(sql`update observations o set last_scan_id = ${scanId}, last_seen_at = now(), gone_at = null
    where o.connection_id = ${connectionId} and exists (select 1 from unnest(${sql.param(prefixes)}::text[]) p where starts_with(o.key, p))${excluded}`);
}
