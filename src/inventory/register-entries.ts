import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import type { RegisterEntry } from '../domain/register.js';
import { listInventory } from './queries.js';

const EXPOSURE_ORDER = ['none', 'low', 'medium', 'high'] as const;

/**
 * The register's view of every AI system: inventory facts, catalog hints, the highest data
 * exposure among its OAuth grants. Review fields (use context, oversight, vendor due diligence)
 * stay empty until reviewers record them.
 */
export async function registerEntries(db: Db, catalog: Catalog): Promise<RegisterEntry[]> {
  const items = await listInventory(db);
  const hints = new Map(catalog.entries.map((entry) => [entry.id, entry.hints]));
  const exposures = await queryRows<{ id: string; levels: string[] }>(
    db,
    sql`select e.ai_system_id as id, array_agg(distinct o.attributes->'exposure'->>'level') as levels
      from evidence e join observations o on o.id = e.observation_id
      where o.kind = 'oauth_grant' and o.attributes ? 'exposure' group by 1`,
  );
  const exposureOf = new Map(exposures.map((row) => [row.id, row.levels]));
  return items.map((item) => {
    const levels = exposureOf.get(item.id) ?? [];
    const exposure = [...EXPOSURE_ORDER].reverse().find((level) => levels.includes(level));
    const spend = item.spend[0];
    const hint = item.catalogId ? hints.get(item.catalogId) : undefined;
    return {
      id: item.id,
      vendor: item.vendor,
      product: item.product,
      category: item.category,
      catalogId: item.catalogId,
      status: item.status,
      sources: item.sources as Record<string, number>,
      users: item.users,
      ...(spend ? { monthlySpend: { amount: spend.monthlyAverage, currency: spend.currency } } : {}),
      ...(exposure ? { exposure } : {}),
      hints: {
        processesPersonalData: hint?.processesPersonalData ?? true,
        ...(hint?.trainsOnCustomerDataByDefault !== undefined ? { trainsOnCustomerDataByDefault: hint.trainsOnCustomerDataByDefault } : {}),
        hrEmploymentUse: hint?.hrEmploymentUse ?? false,
        impliedRole: hint?.impliedRole ?? 'user',
      },
      useContext: { departments: [], dataCategories: [] },
      oversight: {},
    };
  });
}
