import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, holdsConcurrentTransactions, queryRows, type Tx } from '../db/client.js';
import { aiSystems, auditLog, connections, expenseAggregates } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { storable } from '../domain/storable.js';
import { endpointEvents } from './endpoint-events.js';
import { discoveredEvent, evidenceEvents, systemSnapshot, useWidenedEvent } from './event-facts.js';
import type { NewEvent } from '../domain/alerts.js';
import type { MatchDetail } from '../domain/match.js';
import type { Logger } from '../log.js';
import type { ObservationKind } from '../domain/observation.js';
import { emitEvents } from './events.js';
import { type Reopened, reopenWidened } from './reopen.js';

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
  /**
   * When records without a date of their own were seen: the scan's start, the same for all of
   * its pages, so that later pages leave an AI system's row alone.
   */
  seenAt: Date;
  /**
   * A long transaction (a file import, all or nothing) keeps its changes to AI systems that
   * exist already here, and applies them once at its end (inHeldTransaction).
   */
  held?: HeldSystemChanges;
}

/** One AI system's change: its seen dates widened, its confidence raised. */
interface SystemChange {
  kind: ObservationKind;
  match: MatchDetail;
  first: Date;
  last: Date;
  confidence: number;
}

/**
 * Changes to known AI systems, held back to the end of a long transaction. Applied batch by
 * batch, they locked each system's row until the import committed, and every scan that saw the
 * same system waited as long: in bench:scale, inventory pages of the three API scans waited
 * on a 5-million-line expense import for 37-124 s. Held, they lock those rows only while the import
 * commits. Bounded by the number of systems, not of records.
 *
 * The AI systems such an import finds first are created, with their audit entry, in a short
 * transaction of their own (on Postgres; PGlite runs one transaction at a time, so there they
 * are created in the import's). Inserted in the import's transaction, a new system's key
 * stayed locked until it committed, and every scan that found the same system waited as long
 * (bench:scale on a fresh database: GitHub's scan ended 21 s after its last request, when the
 * import committed). Their discovery event still goes out with the import; an import that
 * fails withdraws those no evidence came to meanwhile (withdrawHeldSystems).
 */
export class HeldSystemChanges {
  readonly systems = new Map<string, SystemChange & { id: string }>();
  /** The AI systems this import created, by key: what their discovery event needs if the import fails. */
  readonly created = new Map<string, { id: string; kind: ObservationKind; match: MatchDetail; confidence: number }>();

  /** Where the short transactions run: the import's database, unless it is embedded. */
  readonly db: Db | undefined;

  constructor(db: Db) {
    this.db = holdsConcurrentTransactions(db) ? db : undefined;
  }

  hold(key: string, id: string, change: SystemChange): void {
    const known = this.systems.get(key);
    if (!known) {
      this.systems.set(key, { ...change, id });
      return;
    }
    if (change.first < known.first) known.first = change.first;
    if (change.last > known.last) known.last = change.last;
    known.confidence = Math.max(known.confidence, change.confidence);
    known.match = change.match;
  }
}

export interface IngestCounts {
  observationsNew: number;
  systemsNew: number;
  /** Events new to the outbox: alerts have something to route. */
  eventsNew: number;
}

/** The inventory item an observation's match lands on; the same product always gets the same key. */
export function systemKey(kind: ObservationKind, match: MatchDetail): string {
  return match.catalogId ? `catalog:${match.catalogId}` : `unknown:${kind}:${match.vendor.trim().toLowerCase()}`;
}

function toTimestamp(day: string | undefined, fallback: Date): Date {
  return day ? new Date(`${day}T00:00:00Z`) : fallback;
}

/**
 * Persists one batch of flagged observations: AI systems, and observations with their matches
 * and evidence, in a few round trips whatever the batch size. Idempotent: the same batch twice
 * leaves every row count unchanged.
 */
export async function ingestObservations(tx: Tx, context: IngestContext, batch: IngestItem[]): Promise<IngestCounts> {
  if (batch.length === 0) return { observationsNew: 0, systemsNew: 0, eventsNew: 0 };
  const { items, matches, indexes, rows } = prepareStorable(batch);
  // Each distinct (kind, match)'s system, once: the batch's items name theirs by index.
  const matchSystems = matches.map(({ kind, match }) => systemKey(kind, match));

  const systems = new Map<string, SystemChange>();
  for (const [i, item] of items.entries()) {
    const key = matchSystems[indexes[i]!]!;
    const at = toTimestamp(item.occurredOn, context.seenAt);
    const known = systems.get(key);
    if (!known) systems.set(key, { kind: item.kind, match: item.match, first: at, last: at, confidence: item.match.confidence });
    else {
      if (at < known.first) known.first = at;
      if (at > known.last) known.last = at;
      known.confidence = Math.max(known.confidence, item.match.confidence);
    }
  }
  const keys = [...systems.keys()].sort();
  await lockConnection(tx, context.connectionId);
  // Known systems are looked up rather than inserted and skipped: every page of a scan lands on
  // the same few hundred systems, and a conflicting insert costs far more than an index read.
  // Each is locked as a foreign key would lock it, once for the batch (schema.ts, observations.ai_system_id).
  const systemIds = new Map((await tx.select({ id: aiSystems.id, key: aiSystems.key }).from(aiSystems).where(inArray(aiSystems.key, keys)).for('key share')).map((row) => [row.key, row.id]));
  const missing = keys.filter((key) => !systemIds.has(key));
  const held = context.held;
  const aside = held?.db;
  const created = missing.length === 0 ? [] : aside ? await aside.transaction((own) => createSystems(own, context.actor, systems, missing)) : await createSystems(tx, context.actor, systems, missing);
  for (const row of created) {
    systemIds.set(row.key, row.id);
    const seen = systems.get(row.key)!;
    if (aside) held.created.set(row.key, { id: row.id, kind: seen.kind, match: seen.match, confidence: seen.confidence });
  }
  // Created on the side, they were committed by another transaction: locked like the known ones.
  if (aside && created.length > 0) await tx.select({ id: aiSystems.id }).from(aiSystems).where(inArray(aiSystems.id, created.map((row) => row.id))).for('key share');
  // A concurrent batch created the rest between the lookup and the insert: read their ids.
  const raced = missing.filter((key) => !systemIds.has(key));
  if (raced.length > 0) {
    for (const row of await tx.select({ id: aiSystems.id, key: aiSystems.key }).from(aiSystems).where(inArray(aiSystems.key, raced)).for('key share')) systemIds.set(row.key, row.id);
  }
  // A system withdrawn meanwhile (withdrawHeldSystems) is gone: the batch fails, and its retry creates it anew.
  const lost = keys.filter((key) => !systemIds.has(key));
  if (lost.length > 0) throw new Error(`the AI system ${lost[0]} was withdrawn while this batch was stored; the batch will be stored again`);
  // Then only the known ones this batch really changes are updated (and so locked).
  const createdKeys = new Set(created.map((row) => row.key));
  const changed = keys.filter((key) => !createdKeys.has(key));
  if (held) for (const key of changed) held.hold(key, systemIds.get(key)!, systems.get(key)!);
  else await updateSystems(tx, changed.map((key) => ({ key, ...systems.get(key)! })));

  // The per-row writes are one statement whatever the batch size: the rows travel as one JSON
  // parameter (serialised natively, parsed by Postgres), each naming its match and system by
  // index in a second one, and each observation is upserted with them in a single round trip.
  const matchSystemIds = matchSystems.map((key) => systemIds.get(key)!);
  const details = JSON.stringify(matches.map(({ kind, match }, m) => ({ kind, system: matchSystemIds[m], catalog_id: match.catalogId, confidence: match.confidence, reasons: match.reasons })));
  const [written] = await queryRows<{ created: number }>(
    tx,
    sql`with upserted as (
        insert into observations as o (connection_id, kind, key, attributes, occurred_on, last_scan_id, ai_system_id, catalog_id, catalog_version, confidence, reasons, matched_at)
        select ${context.connectionId}::uuid, d.m -> t.m ->> 'kind', t.key, t.attributes, t.day, ${context.scanId}::uuid,
          (d.m -> t.m ->> 'system')::uuid, d.m -> t.m ->> 'catalog_id', ${context.catalogVersion}, (d.m -> t.m ->> 'confidence')::real, d.m -> t.m -> 'reasons', now()
        -- The rows in the order given (by key), so that concurrent batches lock shared rows in the same order.
        from jsonb_to_recordset(${rows}::jsonb) as t(key text, attributes jsonb, day date, m int), (select ${details}::jsonb as m) d
        -- A newer catalog that re-matches a record elsewhere moves its evidence: an observation
        -- supports exactly one system. Its match is dated when a catalog version first said it.
        on conflict (connection_id, key) do update set attributes = excluded.attributes,
          occurred_on = excluded.occurred_on, last_seen_at = now(), last_scan_id = excluded.last_scan_id, gone_at = null,
          ai_system_id = excluded.ai_system_id, catalog_id = excluded.catalog_id, catalog_version = excluded.catalog_version,
          confidence = excluded.confidence, reasons = excluded.reasons,
          matched_at = case when (o.catalog_id, o.catalog_version, o.confidence, o.reasons) is not distinct from
            (excluded.catalog_id, excluded.catalog_version, excluded.confidence, excluded.reasons) then o.matched_at else now() end
        returning (o.xmax = 0) as inserted
      )
      select (count(*) filter (where inserted))::int as created from upserted`,
  );

  // A held system is judged for reopening once, at the end, against all the import's evidence.
  const reopened = held ? [] : await reopenWidened(tx, [...systemIds.values()], context.actor);
  const itemSystemIds = indexes.map((m) => matchSystemIds[m]!);
  const eventsNew = await emitEvents(tx, batchEvents(context, systems, systemIds, created, items, itemSystemIds, reopened));
  return { observationsNew: written?.created ?? 0, systemsNew: created.length, eventsNew };
}

/**
 * A batch as it is written: its items, each distinct (kind, match) once, each item's index in
 * those, and the rows' JSON naming them by it.
 */
interface PreparedBatch {
  items: IngestItem[];
  matches: { kind: ObservationKind; match: MatchDetail }[];
  indexes: number[];
  rows: string;
}

function prepare(batch: IngestItem[]): PreparedBatch {
  // A key seen twice in one batch would make the upsert touch a row twice: keep the last.
  // Sorted, so that concurrent batches lock shared rows in the same order and never deadlock.
  const items = [...new Map(batch.map((item) => [item.key, item])).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const matches: PreparedBatch['matches'] = [];
  // A page's items of one product share one match object (the queue payload's, the matcher's remembered verdict).
  const indexOf = new Map<MatchDetail, Map<ObservationKind, number>>();
  const indexes: number[] = [];
  const rows = items.map((item) => {
    let byKind = indexOf.get(item.match);
    if (!byKind) indexOf.set(item.match, (byKind = new Map()));
    let m = byKind.get(item.kind);
    if (m === undefined) byKind.set(item.kind, (m = matches.push({ kind: item.kind, match: item.match }) - 1));
    indexes.push(m);
    // Its kind is its match's (by index); a record without a date of its own has none in the JSON.
    return { key: item.key, attributes: item.attributes, day: item.occurredOn, m };
  });
  return { items, matches, indexes, rows: JSON.stringify(rows) };
}

/** A NUL or a lone surrogate, as JSON.stringify writes them (and, harmlessly, a backslash before "u0000" or "ud8…" in the text). */
const UNSTORABLE_IN_JSON = /\\u(?:0000|d[89a-f])/;

/**
 * What a source says is stored as Postgres can store it (storable), or one record would refuse
 * the batch. The batch's own JSON shows whether any of it needs that: walking every string of
 * every record to find out took a tenth of the inventory worker's time.
 */
function prepareStorable(batch: IngestItem[]): PreparedBatch {
  const prepared = prepare(batch);
  if (!UNSTORABLE_IN_JSON.test(prepared.rows) && !UNSTORABLE_IN_JSON.test(JSON.stringify(prepared.matches))) return prepared;
  return prepare(batch.map(storable));
}

/**
 * The batch's connection, locked as a foreign key would lock it, once for the batch
 * (schema.ts, observations): removing the connection waits for the batch to commit, and a batch
 * whose connection is gone stores nothing.
 */
async function lockConnection(tx: Tx, connectionId: string): Promise<void> {
  const [row] = await tx.select({ id: connections.id }).from(connections).where(eq(connections.id, connectionId)).for('key share');
  if (!row) throw new UserError(`connection ${connectionId} no longer exists`, 'It was removed while its scan or import ran; nothing of this batch was kept.');
}

/** New AI systems with their audit entries; a key another transaction created meanwhile is skipped (not returned). */
async function createSystems(tx: Db | Tx, actor: string, systems: Map<string, SystemChange>, keys: string[]): Promise<{ id: string; key: string }[]> {
  const created = await tx
    .insert(aiSystems)
    .values(
      keys.map((key) => {
        const s = systems.get(key)!;
        return { key, catalogId: s.match.catalogId, vendor: s.match.vendor, product: s.match.product, category: s.match.category, confidence: s.confidence, firstSeenAt: s.first, lastSeenAt: s.last };
      }),
    )
    .onConflictDoNothing({ target: aiSystems.key })
    .returning({ id: aiSystems.id, key: aiSystems.key });
  if (created.length > 0) {
    await tx.insert(auditLog).values(
      created.map((row) => {
        const s = systems.get(row.key)!;
        return {
          actor,
          entityType: 'ai_system',
          entityId: row.id,
          action: 'discovered',
          after: { vendor: s.match.vendor, product: s.match.product, category: s.match.category, confidence: s.confidence, source: s.kind },
          reason: s.match.reasons[0] ?? null,
        };
      }),
    );
  }
  return created;
}

/** Only the known systems a change really widens are updated (and so locked). */
async function updateSystems(tx: Tx, changes: (SystemChange & { key: string })[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(({ key, first, last, confidence }) => ({ key, first: first.toISOString(), last: last.toISOString(), confidence }));
  await tx.execute(sql`update ai_systems a set first_seen_at = least(a.first_seen_at, v.first), last_seen_at = greatest(a.last_seen_at, v.last),
      confidence = greatest(a.confidence, v.confidence), updated_at = now()
    from (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(key text, first timestamptz, last timestamptz, confidence real) order by key) v
    where a.key = v.key and (v.first < a.first_seen_at or v.last > a.last_seen_at or v.confidence > a.confidence)`);
}

/**
 * A file import's one transaction, all or nothing, with its changes to AI systems held
 * (HeldSystemChanges): `run` ingests with the context it is given, what it held is applied last
 * thing before the commit, and if it fails, the systems it created on the side are withdrawn.
 */
export async function inHeldTransaction<T>(db: Db, context: IngestContext, log: Logger, run: (tx: Tx, context: IngestContext) => Promise<T>): Promise<T> {
  const held = new HeldSystemChanges(db);
  const holding = { ...context, held };
  try {
    return await db.transaction(async (tx) => {
      const result = await run(tx, holding);
      await applyHeldSystemChanges(tx, holding, held);
      return result;
    });
  } catch (error) {
    await withdrawHeldSystems(db, holding, held, (error as Error).message).catch((cleanup: unknown) => log.error({ err: cleanup }, 'could not withdraw the AI systems the failed import created'));
    throw error;
  }
}

/**
 * Applies what a long transaction held back (HeldSystemChanges), last thing before it commits:
 * the systems' dates and confidence, and the reopening of reviewed systems whose use the import
 * widened, with their events. Answers the events it added.
 */
export async function applyHeldSystemChanges(tx: Tx, context: IngestContext, held: HeldSystemChanges): Promise<number> {
  const systems = [...held.systems];
  await updateSystems(tx, systems.map(([key, change]) => ({ key, ...change })));
  const reopened = await reopenWidened(tx, systems.map(([, change]) => change.id), context.actor);
  const byId = new Map(systems.map(([, change]) => [change.id, change]));
  const scope = { connectionId: context.connectionId, scanId: context.scanId };
  return emitEvents(
    tx,
    reopened.map((row) => {
      const change = byId.get(row.id)!;
      return useWidenedEvent(systemSnapshot(row.id, { ...change.match, confidence: change.confidence }), row.auditId, row.reasons, [change.kind], scope);
    }),
  );
}

/**
 * After an import that held its changes failed (its transaction rolled back, its evidence with
 * it): each AI system it created in a transaction of its own is withdrawn, with an audit entry
 * saying why, unless something else rests on it by now (a scan's evidence, a review, an
 * incident). One that stays gets the discovery event the import would have sent.
 */
export async function withdrawHeldSystems(db: Db, context: IngestContext, held: HeldSystemChanges, failure: string): Promise<{ withdrawn: number; kept: number }> {
  const created = [...held.created.values()];
  if (created.length === 0) return { withdrawn: 0, kept: 0 };
  const ids = created.map((system) => system.id);
  return db.transaction(async (tx) => {
    // Locked first: a scan linking evidence meanwhile either committed before (and is seen by
    // the next statement) or waits for this transaction, finds the system gone and fails that
    // batch, which its job's retry writes again with the system created anew.
    const locked = await tx.select({ id: aiSystems.id }).from(aiSystems).where(inArray(aiSystems.id, ids)).orderBy(aiSystems.id).for('update');
    const withdrawn = await queryRows<{ id: string; vendor: string; product: string }>(
      tx,
      sql`delete from ai_systems s where s.id in (select jsonb_array_elements_text(${JSON.stringify(locked.map((row) => row.id))}::jsonb)::uuid) and s.status = 'discovered'
          and not exists (select 1 from observations o where o.ai_system_id = s.id)
          and not exists (select 1 from incidents i where i.ai_system_id = s.id)
          and not exists (select 1 from audit_log a where a.entity_type = 'ai_system' and a.entity_id = s.id::text and a.action <> 'discovered')
        returning s.id, s.vendor, s.product`,
    );
    if (withdrawn.length > 0) {
      await tx.insert(auditLog).values(
        withdrawn.map((row) => ({
          actor: context.actor,
          entityType: 'ai_system',
          entityId: row.id,
          action: 'withdrawn',
          before: { vendor: row.vendor, product: row.product },
          // The failure can quote the file it read.
          reason: storable(`the import that found it failed and kept nothing (${failure}); no other source had found it`),
        })),
      );
    }
    const gone = new Set(withdrawn.map((row) => row.id));
    const existing = new Set(locked.map((row) => row.id));
    const kept = created.filter((system) => existing.has(system.id) && !gone.has(system.id));
    const scope = { connectionId: context.connectionId, scanId: context.scanId };
    await emitEvents(
      tx,
      kept.map((system) => discoveredEvent(systemSnapshot(system.id, { ...system.match, confidence: system.confidence }), system.kind, system.match.reasons, scope)),
    );
    return { withdrawn: withdrawn.length, kept: kept.length };
  });
}

/** What the batch tells the security team: new systems, risky grants, new SDKs, decisions outgrown. */
function batchEvents(
  context: IngestContext,
  systems: Map<string, { kind: ObservationKind; match: MatchDetail; confidence: number }>,
  systemIds: Map<string, string>,
  created: { id: string; key: string }[],
  items: IngestItem[],
  itemSystemIds: string[],
  reopened: Reopened[],
): NewEvent[] {
  const scope = { connectionId: context.connectionId, scanId: context.scanId };
  const keyOf = new Map([...systemIds].map(([key, id]) => [id, key]));
  const systemOf = (id: string) => systems.get(keyOf.get(id)!)!;
  const snapshot = (id: string) => systemSnapshot(id, { ...systemOf(id).match, confidence: systemOf(id).confidence });
  const batchItems = items.map((item, i) => ({ kind: item.kind, attributes: item.attributes, systemId: itemSystemIds[i]!, match: item.match }));
  return [
    ...created.map((row) => discoveredEvent(snapshot(row.id), systemOf(row.id).kind, systemOf(row.id).match.reasons, scope)),
    ...evidenceEvents(batchItems, scope),
    ...endpointEvents(batchItems, scope),
    ...reopened.map((row) => useWidenedEvent(snapshot(row.id), row.auditId, row.reasons, [systemOf(row.id).kind], scope)),
  ];
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
  if (rows.length === 0) return;
  await tx.execute(
    sql`insert into expense_aggregates (connection_id, source_digest, merchant, month, currency, count, total)
      select ${connectionId}::uuid, ${sourceDigest}, merchant, month, currency, count, total
      from jsonb_to_recordset(${JSON.stringify(storable(rows))}::jsonb) as t(merchant text, month text, currency text, count int, total numeric)`,
  );
}

/** The connection a command works on, created on first use. */
export async function ensureConnection(tx: Tx, kind: string, name: string, config: Record<string, unknown> = {}): Promise<string> {
  const [row] = await tx
    .insert(connections)
    .values({ kind, name, config })
    // What an import records (the file, its reader) is the latest import's, for the next scan.
    .onConflictDoUpdate({ target: connections.name, set: { config: sql`${connections.config} || excluded.config` } })
    .returning({ id: connections.id, kind: connections.kind });
  if (row!.kind !== kind) {
    throw new UserError(`connection '${name}' is a ${row!.kind} connection, not ${kind}`, 'Choose another name with --connection.');
  }
  return row!.id;
}
