import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.js';

/** The server tests create their throwaway databases on (CI and the dev machine run one). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Dialect = 'pglite' | 'postgres';
export const DIALECTS: Dialect[] = ['pglite', 'postgres'];

/** A fresh database URL on the test server; drop it with the returned function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `unshadow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A fresh, migrated database of the given dialect: in-memory PGlite or a new Postgres database. */
export async function freshDatabase(dialect: Dialect): Promise<Database & { dispose: () => Promise<void> }> {
  if (dialect === 'pglite') {
    const database = await openDatabase({ databaseUrl: undefined, pgliteDir: '' }, { memory: true });
    return { ...database, dispose: () => database.close() };
  }
  const created = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: created.url, pgliteDir: '' });
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await created.drop();
    },
  };
}
