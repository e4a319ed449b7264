import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { type EndpointSignals, isApiHostName } from '../domain/endpoint-signals.js';
import { readsAllSitesOrClipboard } from '../domain/extension-exposure.js';

/**
 * Each AI system's network, browser-extension and desktop-app evidence, summed in the database
 * (one row per system); systems without such evidence are absent. All systems, or only `ids`.
 */
export async function endpointSignalsBySystem(db: Db | Tx, ids?: readonly string[]): Promise<Map<string, EndpointSignals>> {
  if (ids?.length === 0) return new Map();
  const rows = await queryRows<{
    id: string;
    people: number;
    devices: number;
    extension_devices: string | number | null;
    requests: string | number | null;
    blocked: string | number | null;
    upload: string | number | null;
    hosts: string[] | null;
    permissions: string[] | null;
  }>(
    db,
    sql`with own as (
        select o.ai_system_id as id, o.kind, o.attributes as a from observations o
        where o.kind in ('network', 'browser_extension', 'endpoint_app') and o.gone_at is null
          ${ids ? sql`and o.ai_system_id = any(${`{${ids.join(',')}}`}::uuid[])` : sql``}
      )
      select id,
        (select count(distinct p)::int from (
          select a->>'user' as p from own x where x.id = own.id and kind = 'network'
          union select jsonb_array_elements_text(a->'users') from own x where x.id = own.id and kind = 'endpoint_app' and jsonb_typeof(a->'users') = 'array'
        ) people where p is not null) as people,
        (select count(distinct d)::int from (
          select a->>'device' as d from own x where x.id = own.id and kind = 'network'
          union select jsonb_array_elements_text(a->'deviceIds') from own x where x.id = own.id and kind in ('endpoint_app', 'browser_extension') and jsonb_typeof(a->'deviceIds') = 'array'
        ) devices where d is not null) as devices,
        sum(case when kind <> 'network' then coalesce((a->>'devices')::bigint, 0) end) as extension_devices,
        sum(case when kind = 'network' then (a->>'requests')::bigint end) as requests,
        sum(case when kind = 'network' and a->>'action' = 'blocked' then (a->>'requests')::bigint end) as blocked,
        sum(case when kind = 'network' then (a->>'bytesOut')::bigint end) as upload,
        array_agg(distinct a->>'host') filter (where kind = 'network') as hosts,
        array_agg(distinct p.permission) filter (where kind = 'browser_extension' and p.permission is not null) as permissions
      from own left join lateral jsonb_array_elements_text(case when kind = 'browser_extension' and jsonb_typeof(a->'permissions') = 'array' then a->'permissions' else '[]'::jsonb end) as p(permission) on true
      group by id`,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        people: row.people,
        // A device counted by the source (extension reports) may not be named: the larger figure stands.
        devices: Math.max(row.devices, Number(row.extension_devices ?? 0)),
        requests: Number(row.requests ?? 0),
        blocked: Number(row.blocked ?? 0),
        uploadBytes: Number(row.upload ?? 0),
        apiHosts: (row.hosts ?? []).filter((host) => host && isApiHostName(host)).sort(),
        extensionPermissions: readsAllSitesOrClipboard(row.permissions ?? []),
      },
    ]),
  );
}
