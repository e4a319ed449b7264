import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../db/client.js';
import { networkDomainCounts, networkLogFiles } from '../db/schema.js';

/**
 * The network import's own writes: host counts of traffic that matched no AI system (no users),
 * and the log files each connection has read.
 */

export interface HostCountRow {
  host: string;
  domain: string;
  day: string;
  requests: number;
  blocked: number;
  bytesOut: number;
  bytesIn: number;
}

/** Forgets what an earlier import of the same file counted, before the file is counted again. */
export async function clearHostCounts(tx: Tx, connectionId: string, digest: string): Promise<void> {
  await tx.delete(networkDomainCounts).where(and(eq(networkDomainCounts.connectionId, connectionId), eq(networkDomainCounts.sourceDigest, digest)));
}

/**
 * Adds host counts to what the same file already added in this import (an import flushes as it
 * grows). `fresh` says no row of these (host, day) pairs can exist yet: a plain insert then,
 * which is several times faster than an upsert's speculative insertion.
 */
export async function addHostCounts(tx: Tx, connectionId: string, digest: string, rows: readonly HostCountRow[], fresh = false): Promise<void> {
  // In key order (day, then host), each batch's rows go to neighbouring index pages, and
  // json_to_recordset reads the text once where jsonb first builds a binary copy of it. Timed in
  // psql on synthetic rows, when host came before day and hosts had an index of their own:
  // 300,000 rows 1.9 s sorted, 3.3 s unsorted; 5,000 rows read 17 ms as json, 30 ms as jsonb.
  // Text arrays through unnest() were read faster in psql, but cost as much in all once
  // node-postgres had quoted them. bench:import-network measures the import as a whole.
  const sorted = [...rows].sort(byDayAndHost);
  for (let start = 0; start < sorted.length; start += 5000) {
    const slice = sorted.slice(start, start + 5000);
    const insert = sql`insert into network_domain_counts as c (connection_id, source_digest, host, domain, day, requests, blocked, bytes_out, bytes_in)
        select ${connectionId}::uuid, ${digest}, host, domain, day, requests, blocked, "bytesOut", "bytesIn"
        from json_to_recordset(${JSON.stringify(slice)}::json)
          as t(host text, domain text, day date, requests bigint, blocked bigint, "bytesOut" bigint, "bytesIn" bigint)`;
    await tx.execute(
      fresh
        ? insert
        : sql`${insert} order by day, host
        on conflict (connection_id, source_digest, day, host) do update set requests = c.requests + excluded.requests,
          blocked = c.blocked + excluded.blocked, bytes_out = c.bytes_out + excluded.bytes_out, bytes_in = c.bytes_in + excluded.bytes_in`,
    );
  }
}

const byDayAndHost = (a: HostCountRow, b: HostCountRow): number => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

/** Records a file as imported into a connection, once it is read to its end. */
export async function recordLogFile(tx: Tx, connectionId: string, file: { digest: string; path: string; format: string; lines: number; scanId: string }): Promise<void> {
  await tx
    .insert(networkLogFiles)
    .values({ connectionId, digest: file.digest, path: file.path, format: file.format, lines: file.lines, scanId: file.scanId })
    .onConflictDoUpdate({ target: [networkLogFiles.connectionId, networkLogFiles.digest], set: { path: file.path, format: file.format, lines: file.lines, scanId: file.scanId, importedAt: new Date() } });
}

/** The digests of the files a connection has imported, so a folder scan reads only new ones. */
export async function importedDigests(db: Db | Tx, connectionId: string): Promise<Set<string>> {
  const rows = await db.select({ digest: networkLogFiles.digest }).from(networkLogFiles).where(eq(networkLogFiles.connectionId, connectionId));
  return new Set(rows.map((row) => row.digest));
}

/** The paths a connection's imports read, for a scan that reads them again. */
export async function importedPaths(db: Db | Tx, connectionId: string): Promise<string[]> {
  const rows = await db.select({ path: networkLogFiles.path }).from(networkLogFiles).where(eq(networkLogFiles.connectionId, connectionId));
  return [...new Set(rows.map((row) => row.path))];
}

/** Every host a connection's counts hold, for re-matching them against a newer catalog. */
export async function countedHosts(tx: Tx, connectionId: string): Promise<string[]> {
  const rows = await queryRows<{ host: string }>(tx, sql`select distinct host from network_domain_counts where connection_id = ${connectionId}::uuid`);
  return rows.map((row) => row.host);
}

/**
 * Takes the daily counts of some hosts out of a connection's counts: a newer catalog knows them
 * as AI, so they become evidence (still with no user) instead.
 */
export async function takeCountsOfHosts(tx: Tx, connectionId: string, hosts: readonly string[]): Promise<(HostCountRow & { sourceDigest: string })[]> {
  if (hosts.length === 0) return [];
  const rows = await queryRows<{ source_digest: string; host: string; domain: string; day: string | Date; requests: string | number; blocked: string | number; bytes_out: string | number; bytes_in: string | number }>(
    tx,
    sql`delete from network_domain_counts where connection_id = ${connectionId}::uuid
        and host in (select jsonb_array_elements_text(${JSON.stringify(hosts)}::jsonb))
      returning source_digest, host, domain, day, requests, blocked, bytes_out, bytes_in`,
  );
  return rows.map((row) => ({
    sourceDigest: row.source_digest,
    host: row.host,
    domain: row.domain,
    day: typeof row.day === 'string' ? row.day.slice(0, 10) : row.day.toISOString().slice(0, 10),
    requests: Number(row.requests),
    blocked: Number(row.blocked),
    bytesOut: Number(row.bytes_out),
    bytesIn: Number(row.bytes_in),
  }));
}

/** The catalog version a connection's counts were last matched again with (recorded on the connection). */
export async function rematchedCatalogVersion(tx: Tx, connectionId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ version: string | null }>(tx, sql`select config->>'networkCatalogVersion' as version from connections where id = ${connectionId}::uuid`);
  return row?.version ?? undefined;
}
