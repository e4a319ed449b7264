import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { type CatalogFile, catalogFileSchema } from '../domain/catalog.js';

/**
 * What reviewers taught unshadow: a catalog file of `notAi` suppressions from every system
 * reviewed as "not AI", with the merchant, OAuth app and package names of its evidence. Saved
 * as (part of) UNSHADOW_CATALOG, it stops the matcher flagging them again anywhere.
 */
export async function learnedSuppressions(db: Db): Promise<CatalogFile> {
  const rows = await queryRows<{ id: string; product: string; vendor: string; reason: string | null; merchants: string[]; apps: string[]; packages: { ecosystem: string; name: string }[] }>(
    db,
    sql`select s.id, s.product, s.vendor,
        (select a.reason from audit_log a where a.entity_type = 'ai_system' and a.entity_id = s.id::text and a.field = 'status'
          and a.after = '"not_ai"'::jsonb order by a.id desc limit 1) as reason,
        coalesce(array_agg(distinct o.attributes->>'merchant') filter (where o.kind = 'expense'), '{}') as merchants,
        coalesce(array_agg(distinct o.attributes->>'appName') filter (where o.kind = 'oauth_grant'), '{}') as apps,
        coalesce(jsonb_agg(distinct jsonb_build_object('ecosystem', o.attributes->>'ecosystem', 'name', o.attributes->>'name')) filter (where o.kind = 'dependency'), '[]') as packages
      from ai_systems s join observations o on o.ai_system_id = s.id
      where s.status = 'not_ai' group by s.id order by s.product, s.id`,
  );
  const notAi = rows
    .map((row) => {
      const packages: Record<string, string[]> = {};
      for (const p of row.packages) (packages[p.ecosystem] ??= []).push(p.name);
      return {
        id: `reviewed-${row.id.slice(0, 8)}`,
        name: `${row.product} (${row.vendor}) as seen here`,
        reason: `Reviewed as not AI${row.reason ? `: ${row.reason}` : ''}.`,
        merchants: row.merchants.sort(),
        oauthNames: row.apps.sort(),
        packages,
        reviewed: true,
      };
    })
    .filter((entry) => entry.merchants.length + entry.oauthNames.length + Object.keys(entry.packages).length > 0);
  return catalogFileSchema.parse({ entries: [], notAi });
}
