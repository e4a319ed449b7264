import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** The database answers a query: what a load balancer or container health check needs to know. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
