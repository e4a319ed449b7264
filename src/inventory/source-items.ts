import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sourceItems } from '../db/schema.js';
import type { KnownItem, SourceItem } from '../domain/connector.js';

/** Rows per insert: a page of repositories is at most a few hundred. */
const BATCH = 500;

/** Everything the connection's scans recorded about items, keyed `stream\u0000item`. */
export async function loadKnownItems(db: Db, connectionId: string): Promise<Map<string, KnownItem>> {
  const rows = await db.select({ stream: sourceItems.stream, item: sourceItems.item, state: sourceItems.state, confirmed: sourceItems.confirmedScanId }).from(sourceItems).where(eq(sourceItems.connectionId, connectionId));
  return new Map(rows.map((row) => [`${row.stream}\u0000${row.item}`, { state: row.state, confirmed: row.confirmed !== null }]));
}

/** A page's items, seen by this scan; a complete scan confirms them (completeIfDone). */
export async function recordItems(db: Db, connectionId: string, scanId: string, stream: string, items: SourceItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    await db
      .insert(sourceItems)
      .values(batch.map(({ item, state }) => ({ connectionId, stream, item, state, seenScanId: scanId })))
      .onConflictDoUpdate({ target: [sourceItems.connectionId, sourceItems.stream, sourceItems.item], set: { state: sql`excluded.state`, seenScanId: sql`excluded.seen_scan_id` } });
  }
}
