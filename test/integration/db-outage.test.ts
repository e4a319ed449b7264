import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { TEST_POSTGRES_URL } from '../helpers/databases.js';
import { OutageProxy } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe('the Postgres connection pool when the database goes away', () => {
  it('fails the open transaction, keeps the process alive, and serves the next query once the database is back', async () => {
    // A client that a transaction holds has no pool listener for its 'error' event; without one of
    // ours, the dropped connection became an uncaught exception and took the whole worker down.
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    cleanups.push(async () => process.off('uncaughtException', record));

    const proxy = await OutageProxy.start('127.0.0.1', Number(new URL(TEST_POSTGRES_URL).port || 5432));
    cleanups.push(() => proxy.close());
    const url = new URL(TEST_POSTGRES_URL);
    url.port = String(proxy.port);
    const database = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '' });
    cleanups.push(() => database.close());

    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      // The connection drops while the transaction holds it between two statements.
      proxy.cut();
      await sleep(300);
      await tx.execute(sql`select 1`);
    });
    // drizzle reports the failed rollback; what broke is the connection.
    const failure = (await transaction.then(() => undefined, (error: unknown) => error)) as Error | undefined;
    expect(String(failure?.cause ?? failure)).toMatch(/Connection terminated|not queryable/);
    await sleep(100);
    expect(uncaught).toEqual([]);

    proxy.restore();
    const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
    expect(row?.one).toBe(1);
  });
});
