import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import { type Db, holdsConcurrentTransactions } from '../db/client.js';
import { type Connector, type ConnectorRuntime, PermanentSourceError, type SourceItem } from '../domain/connector.js';
import { UserError } from '../domain/errors.js';
import { failFastWhenUnreachable } from '../domain/request-retry.js';
import type { Observation } from '../domain/observation.js';
import type { ConnectionRow } from '../inventory/connections.js';
import { findConnectionById } from '../inventory/connections.js';
import { type IngestItem, ingestObservations } from '../inventory/ingest.js';
import { advanceCursor, completeIfDone, completePages, getScan, keepObservations, listScans, markFetchedIfDone, registerPages } from '../inventory/scans.js';
import { loadKnownItems, recordItems } from '../inventory/source-items.js';
import type { Matcher } from '../matcher/index.js';
import { resolveSecret } from '../secrets/index.js';

/**
 * The three stages of a scan as plain async functions; the queue workers and the in-process
 * runner both call these. fetch: page through each stream from its saved cursor, matching each
 * page as it comes (match is pure and cheap); inventory: persist a page's AI observations and
 * complete the scan when nothing is pending.
 */

export interface PageBatch {
  scanId: string;
  connectionId: string;
  /** The scan's start (ISO): when undated records count as seen. */
  seenAt: string;
  stream: string;
  page: number;
  observations: Observation[];
}

export interface MatchedBatch {
  scanId: string;
  connectionId: string;
  seenAt: string;
  stream: string;
  /** The first page of the batch. */
  page: number;
  /** The last page of the batch (the same as `page` for a batch of one page). */
  lastPage?: number;
  catalogVersion: string;
  /** Only what the inventory keeps: AI observations with their matches. */
  items: IngestItem[];
}

export function connectorFor(kind: string): Connector<Record<string, unknown>> {
  const connector = CONNECTORS[kind];
  if (!connector) throw new UserError(`unknown connector '${kind}'`, `Connectors: ${Object.keys(CONNECTORS).join(', ')}.`);
  return connector as Connector<Record<string, unknown>>;
}

/** The connection's validated options and resolved secrets, in the process that will use them. */
export function runtimeFor(connection: ConnectionRow, config: Pick<Config, 'env' | 'secretKey'>, signal?: AbortSignal): ConnectorRuntime<Record<string, unknown>> {
  const connector = connectorFor(connection.kind);
  const options = connector.optionsSchema.safeParse(connection.config);
  if (!options.success) throw new UserError(`connection '${connection.name}' has invalid options: ${options.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const secrets: Record<string, string> = {};
  for (const [option, stored] of Object.entries(connection.secrets)) secrets[option] = resolveSecret({ table: 'connections', id: connection.id, option }, stored, config.env, config.secretKey);
  return { options: options.data, secrets, ...(signal ? { signal } : {}) };
}

async function lastCompleteScan(db: Db, connectionId: string): Promise<{ lastCompleteScanAt?: string }> {
  const [last] = await listScans(db, { connectionId, status: 'completed', limit: 1 });
  return last ? { lastCompleteScanAt: last.scan.startedAt.toISOString() } : {};
}

export interface FetchDeps {
  db: Db;
  config: Pick<Config, 'env' | 'secretKey'>;
  matcher: Matcher;
  signal?: AbortSignal;
  /**
   * Asked before a stream starts and between its pages: whether it should go on in another
   * process instead (the queue workers' load sharing). Where nothing asks, it goes on here.
   */
  handOver?: (starting: boolean) => boolean;
}

/** The streams of a scan that are not finished yet: each can be fetched on its own, by any worker. */
export async function pendingStreams(db: Db, scanId: string): Promise<string[]> {
  const scan = await getScan(db, scanId);
  if (!scan || scan.status !== 'running') return [];
  const connection = await findConnectionById(db, scan.connectionId);
  return connectorFor(connection.kind).streams.filter((stream) => !scan.progress[stream]?.done);
}

/**
 * A stream's pages are handed on to the inventory in batches: one transaction and one job per
 * batch instead of per page. A batch is full at this many AI observations or pages, or when its
 * first page was fetched this long ago: a slow source still shows progress, and a worker that
 * dies loses at most that much fetching. Each batch costs the inventory a dozen statements
 * besides its upsert: at 4,000 observations rather than 2,000, bench:pipeline took 5-6 % less
 * time (eight interleaved pairs of runs, every one faster; 6,000 gained nothing more).
 */
export const HAND_ON = { items: 4000, pages: 50, ms: 1000 } as const;

/** Batches of one stream written at once (registered, handed on, the cursor moved past them). */
const WRITES_IN_FLIGHT = 2;

interface HeldPage {
  page: number;
  records: number;
  next: unknown;
}

/**
 * Pages through one stream from where the scan stopped. Each page is matched here (pure, and
 * far cheaper than carrying every raw record through the queue); its AI observations are held
 * until a batch is full (HAND_ON) and then handed on together, for a range of pages. The next
 * page is fetched while the current one is matched, one page ahead at most, and batches are
 * written while the next one fills, two at most, so memory stays flat. A batch's pages are
 * registered (one statement) before it is handed on, and only then, and after every earlier
 * batch's, is the cursor moved past them: a crash anywhere in between fetches those pages again
 * under the same numbers, and the upserts downstream make that harmless. When this was the last
 * stream to finish, the scan is marked fetched (and completes once its last batch is stored).
 *
 * When `handOver` says so, the stream stops between two pages: nothing more is fetched, what was
 * fetched is handed on and written, the cursor moved past it, and the answer is 'handed over'
 * for the caller to queue the stream again, where another process resumes it from that cursor.
 */
export async function fetchStream(deps: FetchDeps, scanId: string, stream: string, handOn: (batch: MatchedBatch) => Promise<void>): Promise<'done' | 'handed over'> {
  if (deps.handOver?.(true)) return 'handed over';
  const scan = await getScan(deps.db, scanId);
  if (!scan || scan.status !== 'running' || scan.progress[stream]?.done) return 'done';
  const connection = await findConnectionById(deps.db, scan.connectionId);
  const connector = connectorFor(connection.kind);
  const known = await loadKnownItems(deps.db, connection.id);
  const runtime = { ...runtimeFor(connection, deps.config, deps.signal), ...(await lastCompleteScan(deps.db, connection.id)), known: (s: string, item: string) => known.get(`${s}\u0000${item}`) };
  // Until a scan has completed, a source that cannot be reached at all is a wrong address far more often than an outage.
  if (!runtime.lastCompleteScanAt) failFastWhenUnreachable(runtime);
  const seenAt = scan.startedAt.toISOString();
  let cursor = scan.cursor[stream] ?? null;
  let page = scan.progress[stream]?.pages ?? 0;
  let held: HeldPage[] = [];
  let heldSince = 0;
  let items: IngestItem[] = [];
  let unchanged: string[] = [];
  let unchangedExcept: string[] = [];
  let sourceItems: SourceItem[] = [];
  const write = async (batch: { held: HeldPage[]; items: IngestItem[]; unchanged: string[]; unchangedExcept: string[]; sourceItems: SourceItem[] }, previous: Promise<void>) => {
    const first = batch.held[0]!;
    const last = batch.held.at(-1)!;
    const fresh = await registerPages(deps.db, scanId, stream, batch.held);
    await handOn({ scanId, connectionId: connection.id, seenAt, stream, page: first.page, lastPage: last.page, catalogVersion: deps.matcher.catalogVersion, items: batch.items });
    if (batch.unchanged.length) await keepObservations(deps.db, connection.id, scanId, batch.unchanged, batch.unchangedExcept);
    if (batch.sourceItems.length) await recordItems(deps.db, connection.id, scanId, stream, batch.sourceItems);
    const records = batch.held.filter((h) => fresh.has(h.page)).reduce((sum, h) => sum + h.records, 0);
    // The cursor moves past these pages only once it has moved past every earlier batch's: a
    // batch that failed leaves it where it was, and the pages after it are fetched again.
    await previous;
    await advanceCursor(deps.db, scanId, { stream, page: last.page, records, next: last.next });
  };
  // Batches are written while the next pages are fetched and matched, two at once where the
  // database takes concurrent transactions: each write is a chain of round trips, and one at a
  // time they held the fetching up for three quarters of a scan (bench:pipeline). Each batch in
  // flight keeps its items alive, so no more than that.
  const inFlight = holdsConcurrentTransactions(deps.db) ? WRITES_IN_FLIGHT : 1;
  const writing: Promise<void>[] = [];
  const flush = async () => {
    if (held.length === 0) return;
    const batch = { held, items, unchanged, unchangedExcept, sourceItems };
    held = [];
    items = [];
    unchanged = [];
    unchangedExcept = [];
    sourceItems = [];
    // Writes finish in page order (each waits for the one before), so the oldest is the one to wait for.
    if (writing.length >= inFlight) await writing.shift();
    const written = write(batch, writing.at(-1) ?? Promise.resolve());
    // Awaited by a later flush or at the end; a failure meanwhile must not surface as an unhandled rejection.
    written.catch(() => {});
    writing.push(written);
  };
  let fetching = connector.fetchPage(runtime, stream, cursor);
  // A scan stopped before this page is awaited must not leave its failure unhandled.
  fetching.catch(() => {});
  try {
    for (;;) {
      deps.signal?.throwIfAborted();
      const result = await fetching;
      const next = result.next ?? null;
      // Decided before the next page is asked for: a stream handed over wastes no request.
      const handing = next !== null && (deps.handOver?.(false) ?? false);
      if (next !== null && !handing) {
        // A source that hands back the cursor it was given would page forever.
        if (JSON.stringify(next) === JSON.stringify(cursor)) {
          throw new PermanentSourceError(`${connection.kind} stream '${stream}' returned the cursor it was given; stopping instead of fetching the same page forever`);
        }
        fetching = connector.fetchPage(runtime, stream, next);
        // Awaited on the next turn; a failure meanwhile must not surface as an unhandled rejection.
        fetching.catch(() => {});
      }
      items.push(...matchStage(deps.matcher, { scanId, connectionId: connection.id, seenAt, stream, page, observations: result.observations }).items);
      if (result.unchanged?.length) unchanged.push(...result.unchanged);
      if (result.unchangedExcept?.length) unchangedExcept.push(...result.unchangedExcept);
      if (result.items?.length) sourceItems.push(...result.items);
      if (held.length === 0) heldSince = performance.now();
      held.push({ page, records: result.observations.length, next });
      if (next === null || handing || items.length >= HAND_ON.items || held.length >= HAND_ON.pages || performance.now() - heldSince >= HAND_ON.ms) await flush();
      if (next === null) break;
      if (handing) {
        await Promise.all(writing);
        return 'handed over';
      }
      cursor = next;
      page++;
    }
  } catch (error) {
    // The batches being written finish before the job gives the stream up (and a retry may start).
    await Promise.allSettled(writing);
    throw error;
  }
  await Promise.all(writing);
  await markFetchedIfDone(deps.db, scanId, connector.streams);
  await completeIfDone(deps.db, scanId);
  return 'done';
}

/** Every stream of the scan, one after the other, in this process (embedded mode). */
export async function fetchStage(deps: FetchDeps, scanId: string, handOn: (batch: MatchedBatch) => Promise<void>): Promise<void> {
  for (const stream of await pendingStreams(deps.db, scanId)) await fetchStream(deps, scanId, stream, handOn);
  const scan = await getScan(deps.db, scanId);
  // A scan whose streams were all finished before (a resumed one) still has to be marked fetched.
  if (scan?.status === 'running') {
    await markFetchedIfDone(deps.db, scanId, connectorFor((await findConnectionById(deps.db, scan.connectionId)).kind).streams);
    await completeIfDone(deps.db, scanId);
  }
}

/** Pure: the page's observations through the matcher; only AI ones go on. */
export function matchStage(matcher: Matcher, batch: PageBatch): MatchedBatch {
  const items: IngestItem[] = [];
  for (const observation of batch.observations) {
    const result = matcher.match(observation);
    if (result.flagged && result.match) items.push({ kind: observation.kind, key: observation.key, attributes: observation.attributes, match: result.match });
  }
  return { scanId: batch.scanId, connectionId: batch.connectionId, seenAt: batch.seenAt, stream: batch.stream, page: batch.page, catalogVersion: matcher.catalogVersion, items };
}

/** Persists a page's AI observations and marks the page done, together; completes the scan when it was the last. */
export async function inventoryStage(db: Db, batch: MatchedBatch): Promise<{ completed: boolean; eventsNew: number }> {
  const written = await db.transaction(async (tx) => {
    const context = { connectionId: batch.connectionId, scanId: batch.scanId, catalogVersion: batch.catalogVersion, actor: `scan:${batch.scanId}`, seenAt: new Date(batch.seenAt) };
    const counts = await ingestObservations(tx, context, batch.items);
    await completePages(tx, batch.scanId, { stream: batch.stream, first: batch.page, last: batch.lastPage ?? batch.page, flagged: batch.items.length });
    return counts;
  });
  return { completed: await completeIfDone(db, batch.scanId), eventsNew: written.eventsNew };
}
