import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import { type Connector, type ConnectorRuntime, PermanentSourceError } from '../domain/connector.js';
import { UserError } from '../domain/errors.js';
import type { Observation } from '../domain/observation.js';
import type { ConnectionRow } from '../inventory/connections.js';
import { findConnectionById } from '../inventory/connections.js';
import { type IngestItem, ingestObservations } from '../inventory/ingest.js';
import { advanceCursor, completeIfDone, completePage, getScan, keepObservations, listScans, markFetchedIfDone, registerPage } from '../inventory/scans.js';
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
  page: number;
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
}

/** The streams of a scan that are not finished yet: each can be fetched on its own, by any worker. */
export async function pendingStreams(db: Db, scanId: string): Promise<string[]> {
  const scan = await getScan(db, scanId);
  if (!scan || scan.status !== 'running') return [];
  const connection = await findConnectionById(db, scan.connectionId);
  return connectorFor(connection.kind).streams.filter((stream) => !scan.progress[stream]?.done);
}

/**
 * Pages through one stream from where the scan stopped. Each page is matched here (pure, and
 * far cheaper than carrying every raw record through the queue) and only its AI observations
 * are handed on. The next page is fetched while the current one is handed on, one page ahead at
 * most, so memory stays flat. Each page is registered before it is handed on, and only then is
 * the cursor moved past it (in the statement that registers the next page): a crash anywhere in
 * between fetches the page again under the same number, and the upserts downstream make that
 * harmless. When this was the last stream to finish, the scan is marked fetched (and completes
 * once its last page is stored).
 */
export async function fetchStream(deps: FetchDeps, scanId: string, stream: string, handOn: (batch: MatchedBatch) => Promise<void>): Promise<void> {
  const scan = await getScan(deps.db, scanId);
  if (!scan || scan.status !== 'running' || scan.progress[stream]?.done) return;
  const connection = await findConnectionById(deps.db, scan.connectionId);
  const connector = connectorFor(connection.kind);
  const known = await loadKnownItems(deps.db, connection.id);
  const runtime = { ...runtimeFor(connection, deps.config, deps.signal), ...(await lastCompleteScan(deps.db, connection.id)), known: (s: string, item: string) => known.get(`${s}\u0000${item}`) };
  const seenAt = scan.startedAt.toISOString();
  let cursor = scan.cursor[stream] ?? null;
  let page = scan.progress[stream]?.pages ?? 0;
  let fetching = connector.fetchPage(runtime, stream, cursor);
  let result = await fetching;
  let firstTime = await registerPage(deps.db, scanId, { stream, page, records: result.observations.length });
  for (;;) {
    deps.signal?.throwIfAborted();
    const next = result.next ?? null;
    if (next !== null) {
      // A source that hands back the cursor it was given would page forever.
      if (JSON.stringify(next) === JSON.stringify(cursor)) {
        throw new PermanentSourceError(`${connection.kind} stream '${stream}' returned the cursor it was given; stopping instead of fetching the same page forever`);
      }
      fetching = connector.fetchPage(runtime, stream, next);
      // Awaited below; a failure meanwhile must not surface as an unhandled rejection.
      fetching.catch(() => {});
    }
    await handOn(matchStage(deps.matcher, { scanId, connectionId: connection.id, seenAt, stream, page, observations: result.observations }));
    if (result.unchanged?.length) await keepObservations(deps.db, connection.id, scanId, result.unchanged);
    if (result.items?.length) await recordItems(deps.db, connection.id, scanId, stream, result.items);
    const records = result.observations.length;
    if (next === null) {
      await advanceCursor(deps.db, scanId, { stream, page, records, next: null, firstTime });
      break;
    }
    result = await fetching;
    firstTime = await advanceCursor(deps.db, scanId, { stream, page, records, next, firstTime }, { page: page + 1, records: result.observations.length });
    cursor = next;
    page++;
  }
  await markFetchedIfDone(deps.db, scanId, connector.streams);
  await completeIfDone(deps.db, scanId);
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
    await completePage(tx, batch.scanId, { stream: batch.stream, page: batch.page, flagged: batch.items.length });
    return counts;
  });
  return { completed: await completeIfDone(db, batch.scanId), eventsNew: written.eventsNew };
}
