import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { EXPOSURE_LEVELS, type ExposureLevel } from '../domain/scope-exposure.js';

/**
 * The highest data exposure rated on each system's OAuth grants, ranked in the database; systems
 * without rated grants are absent. All systems, or only `ids`.
 */
export async function exposureBySystem(db: Db | Tx, ids?: readonly string[]): Promise<Map<string, ExposureLevel>> {
  if (ids?.length === 0) return new Map();
  const rows = await queryRows<{ id: string; rank: number }>(
    db,
    sql`select o.ai_system_id as id, max(array_position(${`{${EXPOSURE_LEVELS.join(',')}}`}::text[], o.attributes->'exposure'->>'level'))::int as rank
      from observations o
      where o.kind = 'oauth_grant' and o.attributes ? 'exposure' and o.ai_system_id is not null
        ${ids ? sql`and o.ai_system_id = any(${`{${ids.join(',')}}`}::uuid[])` : sql``}
      group by 1`,
  );
  return new Map(rows.map((row) => [row.id, EXPOSURE_LEVELS[row.rank - 1]!]));
}
