import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { aiSystems, auditLog, connections, evidence, expenseAggregates, matches, observations } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import type { MatchDetail } from '../domain/match.js';
import type { ObservationKind } from '../domain/observation.js';

/** One flagged observation with its match, ready to be persisted. */
export interface IngestItem {
  kind: ObservationKind;
  key: string;
  attributes: Record<string, unknown>;
  /** ISO date the record itself happened on, when the source says. */
  occurredOn?: string;
  match: MatchDetail;
}

export interface IngestContext {
  connectionId: string;
  scanId: string;
  catalogVersion: string;
  /** Seen in the audit log: `scan:<id>`. */
  actor: string;
}

export interface IngestCounts {
  observationsNew: number;
  systemsNew: number;
}

/** The inventory item an observation's match lands on; the same product always gets the same key. */
export function systemKey(kind: ObservationKind, match: MatchDetail): string {
  return match.catalogId ? `catalog:${match.catalogId}` : `unknown:${kind}:${match.vendor.trim().toLowerCase()}`;
}

function contentHash(attributes: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(attributes)).digest('base64url').slice(0, 32);
}

function toTimestamp(day: string | undefined, fallback: Date): Date {
  return day ? new Date(`${day}T00:00:00Z`) : fallback;
}

/**
 * Persists one batch of flagged observations: AI systems, observations, matches and evidence,
 * each as one upsert, so a batch costs four round trips whatever its size. Idempotent: the
 * same batch twice leaves every row count unchanged.
 */
export async function ingestObservations(tx: Tx, context: IngestContext, batch: IngestItem[]): Promise<IngestCounts> {
  if (batch.length === 0) return { observationsNew: 0, systemsNew: 0 };
  const now = new Date();
  // A key seen twice in one batch would make the upsert touch a row twice: keep the last.
  const items = [...new Map(batch.map((item) => [item.key, item])).values()];

  const systems = new Map<string, { kind: ObservationKind; match: MatchDetail; first: Date; last: Date; confidence: number }>();
  for (const item of items) {
    const key = systemKey(item.kind, item.match);
    const at = toTimestamp(item.occurredOn, now);
    const known = systems.get(key);
    if (!known) systems.set(key, { kind: item.kind, match: item.match, first: at, last: at, confidence: item.match.confidence });
    else {
      if (at < known.first) known.first = at;
      if (at > known.last) known.last = at;
      known.confidence = Math.max(known.confidence, item.match.confidence);
    }
  }
  const systemRows = await tx
    .insert(aiSystems)
    .values(
      [...systems].map(([key, s]) => ({
        key,
        catalogId: s.match.catalogId,
        vendor: s.match.vendor,
        product: s.match.product,
        category: s.match.category,
        confidence: s.confidence,
        firstSeenAt: s.first,
        lastSeenAt: s.last,
      })),
    )
    .onConflictDoUpdate({
      target: aiSystems.key,
      set: {
        firstSeenAt: sql`least(${aiSystems.firstSeenAt}, excluded.first_seen_at)`,
        lastSeenAt: sql`greatest(${aiSystems.lastSeenAt}, excluded.last_seen_at)`,
        confidence: sql`greatest(${aiSystems.confidence}, excluded.confidence)`,
        updatedAt: sql`case when excluded.first_seen_at < ${aiSystems.firstSeenAt} or excluded.last_seen_at > ${aiSystems.lastSeenAt}
          or excluded.confidence > ${aiSystems.confidence} then now() else ${aiSystems.updatedAt} end`,
      },
    })
    .returning({ id: aiSystems.id, key: aiSystems.key, inserted: sql<boolean>`(xmax = 0)` });
  const systemIds = new Map(systemRows.map((row) => [row.key, row.id]));
  const created = systemRows.filter((row) => row.inserted);
  if (created.length > 0) {
    await tx.insert(auditLog).values(
      created.map((row) => {
        const s = systems.get(row.key)!;
        return {
          actor: context.actor,
          entityType: 'ai_system',
          entityId: row.id,
          action: 'discovered',
          after: { vendor: s.match.vendor, product: s.match.product, category: s.match.category, confidence: s.confidence, source: s.kind },
          reason: s.match.reasons[0] ?? null,
        };
      }),
    );
  }

  const observationRows = await tx
    .insert(observations)
    .values(
      items.map((item) => ({
        connectionId: context.connectionId,
        kind: item.kind,
        key: item.key,
        attributes: item.attributes,
        contentHash: contentHash(item.attributes),
        occurredOn: item.occurredOn ?? null,
        lastScanId: context.scanId,
      })),
    )
    .onConflictDoUpdate({
      target: [observations.connectionId, observations.key],
      set: {
        attributes: sql`excluded.attributes`,
        contentHash: sql`excluded.content_hash`,
        occurredOn: sql`excluded.occurred_on`,
        lastSeenAt: sql`now()`,
        lastScanId: sql`excluded.last_scan_id`,
        goneAt: sql`null`,
      },
    })
    .returning({ id: observations.id, key: observations.key, inserted: sql<boolean>`(xmax = 0)` });
  const observationIds = new Map(observationRows.map((row) => [row.key, row.id]));

  await tx
    .insert(matches)
    .values(
      items.map((item) => ({
        observationId: observationIds.get(item.key)!,
        catalogId: item.match.catalogId,
        catalogVersion: context.catalogVersion,
        flagged: true,
        confidence: item.match.confidence,
        reasons: item.match.reasons,
      })),
    )
    .onConflictDoUpdate({
      target: matches.observationId,
      set: {
        catalogId: sql`excluded.catalog_id`,
        catalogVersion: sql`excluded.catalog_version`,
        flagged: sql`excluded.flagged`,
        confidence: sql`excluded.confidence`,
        reasons: sql`excluded.reasons`,
        matchedAt: sql`case when ${matches.catalogVersion} = excluded.catalog_version then ${matches.matchedAt} else now() end`,
      },
    });

  const links = items.map((item) => ({ aiSystemId: systemIds.get(systemKey(item.kind, item.match))!, observationId: observationIds.get(item.key)! }));
  // An observation supports exactly one system: when a newer catalog re-matches it
  // elsewhere, its old link goes.
  const existingIds = observationRows.filter((row) => !row.inserted).map((row) => row.id);
  if (existingIds.length > 0) {
    const pairs = sql.join(
      links.map((link) => sql`(${link.observationId}::bigint, ${link.aiSystemId}::uuid)`),
      sql`, `,
    );
    await tx
      .delete(evidence)
      .where(and(inArray(evidence.observationId, existingIds), sql`(${evidence.observationId}, ${evidence.aiSystemId}) not in (${pairs})`));
  }
  await tx.insert(evidence).values(links).onConflictDoNothing();

  return { observationsNew: observationRows.filter((row) => row.inserted).length, systemsNew: created.length };
}

export interface AggregateRow {
  merchant: string;
  month: string;
  currency: string;
  count: number;
  /** Decimal string, exact. */
  total: string;
}

/**
 * Replaces the aggregates one import source contributed, so the same file imported again
 * yields the same rows rather than doubled totals.
 */
export async function replaceExpenseAggregates(tx: Tx, connectionId: string, sourceDigest: string, rows: AggregateRow[]): Promise<void> {
  await tx.delete(expenseAggregates).where(and(eq(expenseAggregates.connectionId, connectionId), eq(expenseAggregates.sourceDigest, sourceDigest)));
  for (let start = 0; start < rows.length; start += 1000) {
    await tx.insert(expenseAggregates).values(rows.slice(start, start + 1000).map((row) => ({ connectionId, sourceDigest, ...row })));
  }
}

/** The connection a command works on, created on first use. */
export async function ensureConnection(tx: Tx, kind: string, name: string, config: Record<string, unknown> = {}): Promise<string> {
  const [row] = await tx
    .insert(connections)
    .values({ kind, name, config })
    .onConflictDoUpdate({ target: connections.name, set: { name: sql`excluded.name` } })
    .returning({ id: connections.id, kind: connections.kind });
  if (row!.kind !== kind) {
    throw new UserError(`connection '${name}' is a ${row!.kind} connection, not ${kind}`, 'Choose another name with --connection.');
  }
  return row!.id;
}
