import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/app.js';
import { queryRows } from '../../src/db/client.js';
import { addUser } from '../../src/inventory/access.js';
import { LOGIN_LIMITS, reserveSignIn } from '../../src/inventory/login-throttle.js';
import { silentLogger } from '../../src/log.js';
import { catalog, matcher, type SecurityServer, startSecurityServer } from './server.js';

const PASSWORD = 'correct horse battery staple';

/**
 * Finding 4: signing in as another user cleared an address's failures; 60 parallel guesses all
 * reached the password check; the budget was per address only, in a map that grew without bound,
 * and ten failures locked out everyone behind one proxy.
 */
describe('sign-in throttling', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ UNSHADOW_TRUSTED_PROXIES: '127.0.0.1' }, { demo: false });
    for (const name of ['alice', 'mallory', 'bob', 'erin']) await addUser(server.database.db, name, PASSWORD, 'viewer');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const signIn = (username: string, password: string, from = '203.0.113.7') =>
    server.call('POST', '/api/session', { body: { username, password }, headers: { 'x-forwarded-for': from } });

  it('counts parallel guesses before the password check: of 60 at once, only the free attempts are checked', async () => {
    const statuses = (await Promise.all(Array.from({ length: 60 }, () => signIn('alice', 'guess-guess-guess')))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.freeAccountFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - LOGIN_LIMITS.freeAccountFailures);
  });

  const row = async (key: string) => (await queryRows<{ failures: number }>(server.database.db, sql`select failures from login_throttle where key = ${key}`))[0];

  it("does not clear an account's failures when someone else signs in from the same address", async () => {
    const address = await row('address:203.0.113.7');
    expect((await signIn('mallory', PASSWORD)).status).toBe(200);
    expect(await row('account:alice')).toEqual({ failures: LOGIN_LIMITS.freeAccountFailures });
    // The address gets back only the attempt mallory's success used.
    expect(await row('address:203.0.113.7')).toEqual(address);
  });

  it('backs off the attacked account only: others behind the same proxy still sign in', async () => {
    expect((await signIn('bob', PASSWORD)).status).toBe(200);
    expect((await signIn('erin', PASSWORD, '198.51.100.20')).status).toBe(200);
  });

  it('limits one address spraying guesses over many accounts', async () => {
    const from = '192.0.2.99';
    let refused: Response | undefined;
    for (let i = 0; i < LOGIN_LIMITS.addressFailures + 1 && !refused; i++) {
      const response = await signIn(`sprayed-${i}`, 'guess-guess-guess', from);
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(401);
    }
    expect(refused).toBeDefined();
    expect(((await refused!.json()) as { error: string }).error).toBe('too many failed sign-ins from this address');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 120_000);

  it('shares the count between serve processes on one Postgres database', async () => {
    await addUser(server.database.db, 'frank', PASSWORD, 'viewer');
    const other = createApi({ db: server.database.db, catalog, matcher, config: server.config, log: silentLogger, runScan: async () => {}, scheduleChanged: async () => {} });
    const viaOther = (password: string) =>
      other.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'frank', password }) });
    for (let i = 0; i < 3; i++) expect((await signIn('frank', 'guess-guess-guess')).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await viaOther('guess-guess-guess')).status).toBe(401);
    expect(await row('account:frank')).toEqual({ failures: 5 });
    // The sixth guess, through either process, waits.
    expect((await viaOther(PASSWORD)).status).toBe(429);
  });

  it('forgets old rows, so the table does not grow with every name an attacker tries', async () => {
    const db = server.database.db;
    await db.execute(sql`update login_throttle set last_failure_at = now() - interval '2 days', window_started_at = now() - interval '2 days' where key like 'account:sprayed-%'`);
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from login_throttle where key like 'account:sprayed-%'`);
    expect(before[0]!.n).toBeGreaterThan(50);
    await reserveSignIn(db, { address: '198.51.100.77', account: 'someone' });
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from login_throttle where key like 'account:sprayed-%'`);
    expect(after[0]!.n).toBe(0);
  });
});
