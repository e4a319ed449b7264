import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ExtractTablesWithRelations, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { Config } from '../config/index.js';
import { OperationError } from '../domain/errors.js';
import { packageFile } from '../domain/package-files.js';
import { lockEmbeddedDatabase, restrictToOwner } from './embedded-files.js';
import { pgliteEngine } from './pglite-engine.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle, the same type on Postgres and on embedded PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  db: Db;
  dialect: 'postgres' | 'pglite';
  /** Where the data lives, for messages: a redacted URL or the PGlite folder. */
  location: string;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = packageFile('migrations');

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

export interface OpenOptions {
  migrate?: boolean;
  /** PGlite in memory (tests). */
  memory?: boolean;
  /** Start the embedded database empty (the demo): its folder is cleared once this process holds it. */
  fresh?: boolean;
  /**
   * A process that runs a few queries and exits (most CLI commands). Embedded PGlite then starts
   * lean: its WebAssembly compiled by V8's baseline compiler only, since optimising Postgres's hot
   * functions costs a short process more than it saves (half of its start), and a 16 MB buffer
   * pool instead of 128 MB (a third of its memory). The compiler choice is process-wide and for
   * good: a brief process must not go on to long work.
   */
  brief?: boolean;
  /**
   * Postgres connections this process may hold at once (default 4). A worker needs one for every
   * job it runs at once (see connectionsFor in src/queue/workers.ts).
   */
  connections?: number;
}

/** The drizzle handles of embedded PGlite: one connection, one transaction at a time. */
const embedded = new WeakSet<Db>();

/**
 * Whether a second transaction can run on `db` while one is open (Postgres's pool). On PGlite
 * it would wait for the first one forever.
 */
export const holdsConcurrentTransactions = (db: Db): boolean => !embedded.has(db);

/** What this process is, for the refusal another process gets: "unshadow serve", never its arguments' values. */
function thisCommand(): string {
  const words: string[] = [];
  for (const arg of process.argv.slice(2)) {
    if (!/^[a-z][a-z-]*$/.test(arg) || words.length === 2) break;
    words.push(arg);
  }
  return words.length ? `unshadow ${words.join(' ')}` : 'an unshadow process';
}

/**
 * Opens Postgres when DATABASE_URL is set, embedded PGlite otherwise, and brings the schema
 * up to date.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>, options: OpenOptions = {}): Promise<Database> {
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl, options.connections ?? 4) : await openPglite(options.memory ? null : config.pgliteDir, options.fresh ?? false, options.brief ?? false);
  if (options.migrate ?? true) {
    try {
      await migrate(database);
    } catch (error) {
      await database.close();
      throw new OperationError(`could not bring the database schema at ${database.location} up to date: ${(error as Error).message}`, undefined, {
        cause: error,
      });
    }
  }
  return database;
}

async function openPostgres(url: string, connections: number): Promise<Database> {
  const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // A dropped connection must not crash the process; the statement it was serving, or the next
  // one, reports it. The pool listens on idle clients only, so a client that a transaction holds
  // between statements needs a listener of its own (from its first connection, the probe below
  // included); the pool discards the broken client on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const location = redactUrl(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new OperationError(
      `cannot connect to the database at ${location}: ${(error as Error).message}`,
      'Check DATABASE_URL, or unset it to use the embedded database.',
      { cause: error },
    );
  }
  return { db: drizzle(pool, { schema }) as unknown as Db, dialect: 'postgres', location, close: () => pool.end() };
}

async function openPglite(dataDir: string | null, fresh: boolean, brief: boolean): Promise<Database> {
  const engine = pgliteEngine(brief);
  const [{ PGlite }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const options = { pgliteWasmModule: await engine, ...(brief ? { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] } : {}) };
  if (!dataDir) {
    const client = await PGlite.create(options);
    return { db: embeddedHandle(drizzle(client, { schema }) as unknown as Db), dialect: 'pglite', location: 'memory', close: () => client.close() };
  }
  const lock = lockEmbeddedDatabase(dataDir, thisCommand());
  let client;
  let ownerOnly: number | undefined;
  try {
    if (fresh) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Closed to others before PGlite opens it: nothing in a 0700 folder can be reached by them.
    chmodSync(dataDir, 0o700);
    // PGlite creates its files world-readable: while it is open, this process creates files for
    // its owner only, and what an earlier version left readable is closed once it has opened.
    ownerOnly = process.umask(0o077);
    client = await PGlite.create(dataDir, options);
    restrictToOwner(dataDir);
  } catch (error) {
    if (ownerOnly !== undefined) process.umask(ownerOnly);
    lock.release();
    throw new OperationError(`cannot open the embedded database in ${dataDir}: ${(error as Error).message}`, 'The folder may be damaged; set UNSHADOW_HOME to another folder.', { cause: error });
  }
  return {
    db: embeddedHandle(drizzle(client, { schema }) as unknown as Db),
    dialect: 'pglite',
    location: dataDir,
    async close() {
      try {
        await client.close();
      } finally {
        process.umask(ownerOnly);
        lock.release();
      }
    },
  };
}

function embeddedHandle(db: Db): Db {
  embedded.add(db);
  return db;
}

/** When the newest migration this build ships was generated: drizzle records each one it applies by that time. */
function newestMigration(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/**
 * Whether every migration this build ships is applied, in two small queries. drizzle's migrator
 * answers the same (it applies what is newer than the newest one recorded) but reads and hashes
 * every migration file and runs its DDL on every start, so it runs only when one is missing.
 */
async function schemaIsCurrent(database: Database): Promise<boolean> {
  const [table] = await queryRows<{ present: boolean }>(database.db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!table?.present) return false;
  const [applied] = await queryRows<{ newest: string | null }>(database.db, sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`);
  return applied?.newest != null && Number(applied.newest) >= newestMigration();
}

async function migrate(database: Database): Promise<void> {
  if (await schemaIsCurrent(database)) return;
  if (database.dialect === 'postgres') {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** Rows of a raw SQL query; node-postgres and PGlite both answer `{ rows }`. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
