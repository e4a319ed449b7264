import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';

/** An AI system a scan or import saw, and whether that scan is what brought it into the inventory. */
export interface SeenSystem {
  id: string;
  vendor: string;
  product: string;
  category: string;
  status: string;
  new: boolean;
}

/**
 * The AI systems whose evidence a scan saw (observations it last saw), new ones first: what an
 * import found, for the person who uploaded the file. At most `limit`.
 */
export async function systemsSeenBy(db: Db, scanId: string, limit = 200): Promise<SeenSystem[]> {
  return queryRows<SeenSystem>(
    db,
    sql`select s.id, s.vendor, s.product, s.category, s.status, s.created_at >= sc.started_at as new
      from ai_systems s join scans sc on sc.id = ${scanId}::uuid
      where s.id in (select o.ai_system_id from observations o where o.last_scan_id = ${scanId}::uuid)
      order by new desc, s.vendor, s.product
      limit ${limit}`,
  );
}
