import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import { type Connector, type ConnectorRuntime, PermanentSourceError } from '../domain/connector.js';
import { UserError } from '../domain/errors.js';
import type { Observation } from '../domain/observation.js';
import type { ConnectionRow } from '../inventory/connections.js';
import { findConnectionById } from '../inventory/connections.js';
import { type IngestItem, ingestObservations } from '../inventory/ingest.js';
import { advanceCursor, completeIfDone, completePage, getScan, keepObservations, listScans, markFetched, registerPage } from '../inventory/scans.js';
import { loadKnownItems, recordItems } from '../inventory/source-items.js';
import type { Matcher } from '../matcher/index.js';
import { resolveSecret } from '../secrets/index.js';

/**
 * The three stages of a scan as plain async functions; the queue workers and the in-process
 * runner both call these. fetch: page through the source from the saved cursors; match: pure;
 * inventory: persist a page's AI observations and complete the scan when nothing is pending.
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
  signal?: AbortSignal;
}

/**
 * Pages through every stream from where the scan stopped. Each page is registered, handed on,
 * and only then is the cursor moved past it: a crash anywhere in between fetches the page again
 * under the same number, and the upserts downstream make that harmless.
 */
export async function fetchStage(deps: FetchDeps, scanId: string, handOn: (batch: PageBatch) => Promise<void>): Promise<void> {
  const scan = await getScan(deps.db, scanId);
  if (!scan || scan.status !== 'running') return;
  const connection = await findConnectionById(deps.db, scan.connectionId);
  const connector = connectorFor(connection.kind);
  const known = await loadKnownItems(deps.db, connection.id);
  const runtime = { ...runtimeFor(connection, deps.config, deps.signal), ...(await lastCompleteScan(deps.db, connection.id)), known: (stream: string, item: string) => known.get(`${stream}\u0000${item}`) };
  for (const stream of connector.streams) {
    const progress = scan.progress[stream];
    if (progress?.done) continue;
    let cursor = scan.cursor[stream] ?? null;
    let page = progress?.pages ?? 0;
    for (;;) {
      deps.signal?.throwIfAborted();
      const result = await connector.fetchPage(runtime, stream, cursor);
      const records = result.observations.length;
      const firstTime = await registerPage(deps.db, scanId, { stream, page, records });
      await handOn({ scanId, connectionId: connection.id, seenAt: scan.startedAt.toISOString(), stream, page, observations: result.observations });
      if (result.unchanged?.length) await keepObservations(deps.db, connection.id, scanId, result.unchanged);
      if (result.items?.length) await recordItems(deps.db, connection.id, scanId, stream, result.items);
      await advanceCursor(deps.db, scanId, { stream, page, records, next: result.next, firstTime });
      if (result.next === null || result.next === undefined) break;
      // A source that hands back the cursor it was given would page forever.
      if (JSON.stringify(result.next) === JSON.stringify(cursor)) {
        throw new PermanentSourceError(`${connection.kind} stream '${stream}' returned the cursor it was given; stopping instead of fetching the same page forever`);
      }
      cursor = result.next;
      page++;
    }
  }
  await markFetched(deps.db, scanId);
  await completeIfDone(deps.db, scanId);
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
