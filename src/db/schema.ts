import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { AI_SYSTEM_STATUSES, type AiSystemStatus } from '../domain/register.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A configured source instance: a Microsoft tenant, a Google domain, a GitHub org, an expense
 * import. `name` is what users type, so it is unique. Secrets never live in `config`: only
 * references (env:VAR, file:path) or ciphertext.
 */
export const connections = pgTable('connections', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  name: text('name').notNull().unique(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  /** Per secret option: a reference (`env:VAR`, `file:path`) or `enc:v1:…` ciphertext. */
  secrets: jsonb('secrets').$type<Record<string, string>>().notNull().default({}),
  createdAt: createdAt(),
});

/**
 * A recurring scan of a connection. Stored here, not only in Redis, so schedules survive a
 * Redis without persistence; workers re-create their BullMQ job schedulers from these rows.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    cron: text('cron').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    paused: boolean('paused').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('schedules_connection_idx').on(t.connectionId)],
);

export type ScanCounts = Record<string, number>;
export interface ScanError {
  /** Where it happened: a line number, a page, a user. */
  at?: string;
  /** The call that failed and why ("GET https://graph.microsoft.com/v1.0/users: connection refused"). */
  message: string;
  /** What to do about it, when something can be done. */
  fix?: string;
}

/**
 * A failed attempt of a running scan waiting to be retried: the attempt that comes next, of
 * how many, when, and why the last one failed. What the CLI and the console show as
 * "retrying, attempt 4 of 8, next in 10 s".
 */
export interface ScanRetry {
  attempt: number;
  attempts: number;
  nextAt: string;
  cause: string;
}

/**
 * One run of a connection. Invariant: `finished_at` is set exactly when status is no longer
 * 'running'. `errors` keeps the first few hundred problems; `error_count` counts them all.
 */
export interface StreamProgress {
  /** Pages fetched and handed on. */
  pages: number;
  records: number;
  done: boolean;
}

/**
 * One run of a connection. Invariants: `finished_at` is set exactly when status is no longer
 * 'running'; at most one scan per connection is running (partial unique index), which is what
 * keeps a slow scan from being started twice by its schedule. `cursor` holds, per stream, where
 * the next page starts: it is saved only after the page before it was handed on durably, so a
 * resumed scan never skips a page. `errors` keeps the first few hundred problems.
 */
export const scans = pgTable(
  'scans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull().default('running'),
    /** What started it: a person, `schedule:<id>`, the CLI. */
    trigger: text('trigger').notNull().default('manual'),
    source: jsonb('source').$type<Record<string, unknown>>().notNull().default({}),
    counts: jsonb('counts').$type<ScanCounts>().notNull().default({}),
    cursor: jsonb('cursor').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<Record<string, StreamProgress>>().notNull().default({}),
    /** Every stream has been paged to its end (pages may still be in the pipeline). */
    fetched: boolean('fetched').notNull().default(false),
    errors: jsonb('errors').$type<ScanError[]>().notNull().default([]),
    errorCount: integer('error_count').notNull().default(0),
    /** Set while a failed attempt waits to be retried; cleared when the scan finishes. */
    retry: jsonb('retry').$type<ScanRetry>(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** Touched while the scan makes progress; a running scan long untouched was abandoned. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // "the last scans of this connection" (scans list, status)
    index('scans_connection_started_idx').on(t.connectionId, t.startedAt.desc()),
    uniqueIndex('scans_one_running_idx').on(t.connectionId).where(sql`status = 'running'`),
  ],
);

/**
 * The pages of a queued scan on their way through match and inventory. A scan is complete
 * when it is fetched and none of its pages is pending. (scan, stream, page) is the page's
 * identity: a page fetched again after a crash lands on the same row.
 */
export const scanPages = pgTable(
  'scan_pages',
  {
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    stream: text('stream').notNull(),
    page: integer('page').notNull(),
    done: boolean('done').notNull().default(false),
    records: integer('records').notNull().default(0),
    flagged: integer('flagged').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.scanId, t.stream, t.page] }),
    // "pages still pending for this scan" (completion check)
    index('scan_pages_pending_idx').on(t.scanId).where(sql`not done`),
  ],
);

/**
 * One normalised record from a source that the inventory needs (AI-relevant records only:
 * see expense_aggregates for the rest). Invariant: (connection_id, key) is unique, so a record
 * seen again updates its row. `gone_at` is set when a complete scan no longer sees it.
 */
export const observations = pgTable(
  'observations',
  {
    /**
     * Not a key, and not indexed: nothing looks an observation up by it, and every stored record
     * paid for a third index entry. The key is the record's own (connection, key).
     */
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /**
     * No foreign key: every row of a batch would lock the same connection row to check it.
     * ingestObservations locks it once per batch instead (and fails the batch when it is gone),
     * and removeConnection deletes a connection's observations after the connection.
     */
    connectionId: uuid('connection_id').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    /** When the record itself happened (an expense's date), if the source says. */
    occurredOn: date('occurred_on'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The last scan that saw it: compared with the completing scan's id to mark the unseen gone.
     * No foreign key: each of a batch's thousand rows would lock the same scan row to check it
     * (a quarter of the ingest's time), and scans are only deleted with their connection, whose
     * cascade removes the observations too.
     */
    lastScanId: uuid('last_scan_id'),
    goneAt: timestamp('gone_at', { withTimezone: true }),
    /**
     * The match and the evidence live on the observation's own row. Each was one row per
     * observation in a table of its own (an observation has exactly one current match and
     * supports exactly one AI system): two more rows, four more index entries and two foreign
     * key checks per stored record, which made Postgres spend twice as long on a batch.
     *
     * The AI system this observation is evidence of. No foreign key: a batch's thousand rows
     * name a few systems, and each row would lock its system's row to check it.
     * ingestObservations locks each system once per batch instead; a system is only ever deleted
     * with no evidence left (withdrawHeldSystems). Null only on a row an older version stored
     * without evidence.
     */
    aiSystemId: uuid('ai_system_id'),
    /**
     * The matcher's current verdict: the catalog entry (none for unknown AI), confidence and
     * reasons, and the catalog version that said so.
     */
    catalogId: text('catalog_id'),
    catalogVersion: text('catalog_version'),
    confidence: real('confidence'),
    reasons: jsonb('reasons').$type<string[]>(),
    /**
     * When the current verdict was given: a re-match under another catalog version, or one that
     * says something else, moves it.
     */
    matchedAt: timestamp('matched_at', { withTimezone: true }),
  },
  (t) => [
    // upsert target: the same record, every scan
    primaryKey({ name: 'observations_pkey', columns: [t.connectionId, t.key] }),
    // "the evidence of this AI system"
    index('observations_ai_system_idx').on(t.aiSystemId),
  ],
);

// The statuses are the register's words; defined in the domain, re-exported for the table's users.
export { AI_SYSTEM_STATUSES, type AiSystemStatus };

/**
 * One inventory item. `key` is `catalog:<catalog id>` for known products and
 * `unknown:<kind>:<normalised name>` for possible AI from an unknown vendor, so every scan
 * lands its evidence on the same item. Review fields are written only by people.
 */
export const aiSystems = pgTable(
  'ai_systems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique(),
    catalogId: text('catalog_id'),
    vendor: text('vendor').notNull(),
    product: text('product').notNull(),
    category: text('category').notNull(),
    status: text('status', { enum: AI_SYSTEM_STATUSES }).notNull().default('discovered'),
    /**
     * What reviewers recorded (roles, use context, oversight, conditions), validated by
     * `reviewSchema` in src/domain/register.ts. Scans never write it.
     */
    review: jsonb('review').$type<Record<string, unknown>>().notNull().default({}),
    /** Highest match confidence among its evidence. */
    confidence: real('confidence').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // inventory list --status
    index('ai_systems_status_idx').on(t.status),
  ],
);

/**
 * Vendor due diligence (ISO/IEC 42001 Annex A.10.3), one row per vendor as the inventory names
 * it, shared by all of that vendor's AI systems.
 */
export const vendors = pgTable('vendors', {
  name: text('name').primaryKey(),
  diligence: jsonb('diligence').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The organisation and its AI management system, recorded once: one row, id 'organisation'
 * (a check keeps it the only one). `record` holds the answers, validated by `organisationSchema`
 * in src/domain/organisation.ts; every change is audited field by field (entity 'organisation').
 */
export const organisation = pgTable(
  'organisation',
  {
    id: text('id').primaryKey().default('organisation'),
    record: jsonb('record').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('organisation_one_row', sql`${t.id} = 'organisation'`)],
);

/**
 * How each ISO/IEC 42001 Annex A control is implemented: one row per control id (A.2.2 … A.10.4)
 * that someone recorded, validated by `controlRecordSchema`. Controls nobody recorded have no
 * row. Every change is audited (entity 'control', id the control id).
 */
export const controlRecords = pgTable('control_records', {
  controlId: text('control_id').primaryKey(),
  record: jsonb('record').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * AI incidents against an AI system (clause 10.2). `number` is what people quote ("INC-7"),
 * assigned once. Invariant: `closed_at` is set exactly when status is 'closed', and a closed
 * incident has a corrective action (checked where it is closed). The answers live in `record`
 * (`incidentRecordSchema`); every change is audited (entity 'incident', id the uuid).
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: integer('number').notNull().generatedAlwaysAsIdentity(),
    aiSystemId: uuid('ai_system_id')
      .notNull()
      .references(() => aiSystems.id),
    status: text('status', { enum: ['open', 'investigating', 'closed'] }).notNull().default('open'),
    severity: text('severity').notNull(),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_number_idx').on(t.number),
    // "the incidents of this AI system" (system page, register)
    index('incidents_system_idx').on(t.aiSystemId, t.openedAt),
    // "open incidents" (dashboard, incidents list --status open)
    index('incidents_open_idx').on(t.openedAt).where(sql`status <> 'closed'`),
  ],
);

/**
 * Approvals of the documents unshadow writes (register, SoA, scope, incident log), one row per
 * approval and never changed: the latest row of a kind is its current approval. `version` is the
 * document version approved (`r<audit entry id>`), so a document changed since is shown as not
 * approved in that version.
 */
export const documentApprovals = pgTable(
  'document_approvals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedOn: date('approved_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // "the latest approval of each document"
  (t) => [index('document_approvals_kind_idx').on(t.kind, t.id)],
);

/**
 * Spend that did not match any AI tool, kept as the least that lets a later catalog re-match
 * it: per normalised merchant, month and currency, with no employee data. Keyed by the import
 * source's content digest so that importing the same file again replaces rather than adds.
 */
export const expenseAggregates = pgTable(
  'expense_aggregates',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    sourceDigest: text('source_digest').notNull(),
    merchant: text('merchant').notNull(),
    month: text('month').notNull(),
    currency: text('currency').notNull(),
    count: integer('count').notNull(),
    total: numeric('total', { precision: 20, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.sourceDigest, t.merchant, t.month, t.currency] }),
    // re-matching by merchant when the catalog learns a new tool
    index('expense_aggregates_merchant_idx').on(t.merchant),
  ],
);

/**
 * Append-only record of every change: a trigger (migration 0001) rejects UPDATE and DELETE.
 * `actor` is a person, a token or `scan:<id>` for automatic changes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    field: text('field'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [
    // inventory history <id>
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id),
  ],
);

/**
 * What the inventory noticed, for alerting: written in the same transaction as the change that
 * caused it (an outbox), so an event exists exactly when its cause was committed. `dedup_key`
 * names the fact ("ChatGPT was granted Mail.Read"), so the same fact seen by fifty pages or
 * fifty scans is one event. `routed_at` is set once the alert rules have looked at it.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: events of one transaction share created_at, and are listed in this order. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    dedupKey: text('dedup_key').notNull().unique(),
    aiSystemId: uuid('ai_system_id').references(() => aiSystems.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').references(() => connections.id, { onDelete: 'set null' }),
    scanId: uuid('scan_id').references(() => scans.id, { onDelete: 'set null' }),
    /** summary, system snapshot, sources and evidence: `EventDetail` in src/domain/alerts.ts. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    routedAt: timestamp('routed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // the router's "events not yet routed"
    index('events_unrouted_idx').on(t.seq).where(sql`routed_at is null`),
    // alerts events --since
    index('events_created_idx').on(t.createdAt.desc()),
  ],
);

/**
 * Who hears about which events, and how. Channel secrets (webhook URLs, signing secrets, SMTP
 * passwords) are stored like connection secrets: references or ciphertext, never plain text.
 */
export const alertRules = pgTable('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  channel: text('channel').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  secrets: jsonb('secrets').$type<Record<string, string>>().notNull().default({}),
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull().default({}),
  cooldownSeconds: integer('cooldown_seconds').notNull().default(86_400),
  digest: boolean('digest').notNull().default(false),
  createdAt: createdAt(),
});

/**
 * The last alert per rule and subject (an AI system, or a connection for scan failures): the
 * cooldown. One conditional upsert both checks and claims the window, so two routers racing on
 * the same system send one alert.
 */
export const alertCooldowns = pgTable(
  'alert_cooldowns',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    lastAlertAt: timestamp('last_alert_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.subject] })],
);

/**
 * One message to one rule's channel: the events it carries, its attempts and outcome. Its id is
 * the idempotency key receivers see, the same on every retry. A digest is one row per rule and
 * UTC day, collecting events until it is due.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    eventIds: jsonb('event_ids').$type<string[]>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    digestDay: text('digest_day'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * Set only on a test alert (`alerts test`, the console's Test button): the made-up event it
     * carried, which is in no events table. A test is sent at once, never retried, and starts
     * no cooldown.
     */
    testEvent: jsonb('test_event').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_deliveries_digest_idx').on(t.ruleId, t.digestDay),
    // alerts history --rule
    index('alert_deliveries_rule_idx').on(t.ruleId, t.createdAt.desc()),
    // the sweeper's "pending deliveries that are due"
    index('alert_deliveries_pending_idx').on(t.dueAt).where(sql`status = 'pending'`),
  ],
);

/**
 * API tokens (`unshadow tokens create`): only a SHA-256 of the token is stored; the token itself
 * is shown once. A token is 256 random bits, so a fast hash is enough: nothing to brute-force.
 * Names are unique, revoked tokens included: the audit trail records `token:<name>`, and a name
 * must stand for one token for as long as that trail exists.
 */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Local console users; passwords hashed with scrypt (memory-hard), parameters stored with the hash. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  createdAt: createdAt(),
});

/**
 * Browser sessions: the cookie holds a random id, the table its SHA-256, so a database dump
 * opens no session. `csrf_token` must come back in a header on every change made with the cookie.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    /** `user:<name>` or `token:<name>`: who the audit trail names. */
    principal: text('principal').notNull(),
    role: text('role').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Failed sign-ins, counted per account (`account:<name>`) and per client address
 * (`address:<ip>`), in the database so that several `serve` processes share the count. A
 * sign-in reserves its attempt here, atomically, before the password is hashed, and a success
 * gives it back: parallel guesses cannot all slip through between check and count.
 * Rows whose last failure is older than a day are deleted on the way, so the table stays small
 * whatever names an attacker tries.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    /** Start of the address window (its budget resets after it); the account backs off from lastFailureAt. */
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  },
  // Serves the clean-up: delete where last_failure_at < now() - 1 day.
  (t) => [index('login_throttle_last_failure_idx').on(t.lastFailureAt)],
);

/**
 * What a source said about each item of a stream the last time it was read (a repository's
 * pushed date and its SBOM's ETag), so that a later scan can skip an item that has not changed.
 * An item counts as known only once a complete scan read (or vouched for) it: `confirmed_scan_id`
 * is set by the statement that completes that scan. A skip is never based on a scan that was cut
 * short, whose listing may have missed the item.
 */
export const sourceItems = pgTable(
  'source_items',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    stream: text('stream').notNull(),
    item: text('item').notNull(),
    /** Connector-defined, small: pushed date, ETags. */
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    /** The scan that last read or vouched for the item. */
    seenScanId: uuid('seen_scan_id').notNull(),
    /** The last complete scan that read or vouched for it; null until one completes. */
    confirmedScanId: uuid('confirmed_scan_id'),
  },
  // Loading a connection's items before a scan, and confirming a scan's items when it completes.
  (t) => [primaryKey({ columns: [t.connectionId, t.stream, t.item] }), index('source_items_seen_idx').on(t.seenScanId)],
);

/**
 * Network traffic that matched no AI system, kept as the least that lets a later catalog
 * re-match it: requests and bytes per registrable domain and day, with no user or device (`host`
 * holds the registrable domain too: hosts under it are as many as a log's lines when CDNs
 * name a node per request, and a catalog entry names its product's registrable domain). Keyed by the log file's digest (network_log_files) so that importing the same
 * file again replaces rather than adds (the digest is known before the file is read, so an
 * import whose memory is bounded adds its counts as they grow, inside its one transaction).
 */
export const networkDomainCounts = pgTable(
  'network_domain_counts',
  {
    /**
     * No foreign key: each of an import's few hundred thousand rows would lock the same
     * connection row to check it, 29 % of the Postgres time of writing them (perf, 276,000 rows
     * of a 1M-line log). removeConnection deletes a connection's counts after the connection,
     * and an import that outlives its connection cannot commit: its file's row
     * (network_log_files) keeps the key.
     */
    connectionId: uuid('connection_id').notNull(),
    sourceDigest: text('source_digest').notNull(),
    host: text('host').notNull(),
    /** Registrable domain under the public suffix list (the host itself for IP addresses). */
    domain: text('domain').notNull(),
    day: date('day').notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull(),
    /** Of which the proxy or resolver blocked. */
    blocked: bigint('blocked', { mode: 'number' }).notNull(),
    bytesOut: bigint('bytes_out', { mode: 'number' }).notNull(),
    bytesIn: bigint('bytes_in', { mode: 'number' }).notNull(),
  },
  (t) => [
    // Upsert target of the import's flushes, and the replacement of a file's rows. Day before
    // host: a log is written in time order, so an import's rows go to the index's last pages
    // instead of all over it. Re-matching reads a connection's rows through it too, once per
    // catalog version, so no index of hosts is kept up to date on every write for it.
    primaryKey({ columns: [t.connectionId, t.sourceDigest, t.day, t.host] }),
  ],
);

/**
 * Each log file a network connection has imported, by content digest: a folder scan skips the
 * files it has read, and `import network` of the same file again replaces its counts.
 */
export const networkLogFiles = pgTable(
  'network_log_files',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    digest: text('digest').notNull(),
    path: text('path').notNull(),
    format: text('format').notNull(),
    lines: bigint('lines', { mode: 'number' }).notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    scanId: uuid('scan_id').references(() => scans.id, { onDelete: 'set null' }),
  },
  // is this file already imported into this connection (folder scans), and the files of a connection
  (t) => [primaryKey({ columns: [t.connectionId, t.digest] })],
);
