import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type ScanCounts, type ScanError, scans } from '../db/schema.js';

/** Problems kept on the scan row; the count covers all of them. */
const KEPT_ERRORS = 500;

export async function startScan(db: Db, connectionId: string, source: Record<string, unknown>): Promise<string> {
  const [row] = await db.insert(scans).values({ connectionId, source }).returning({ id: scans.id });
  return row!.id;
}

export async function finishScan(
  db: Db,
  scanId: string,
  outcome: { status: 'completed' | 'failed'; counts: ScanCounts; errors: ScanError[]; errorCount: number; source?: Record<string, unknown> },
): Promise<void> {
  await db
    .update(scans)
    .set({
      status: outcome.status,
      counts: outcome.counts,
      errors: outcome.errors.slice(0, KEPT_ERRORS),
      errorCount: outcome.errorCount,
      finishedAt: sql`now()`,
      ...(outcome.source ? { source: outcome.source } : {}),
    })
    .where(eq(scans.id, scanId));
}
