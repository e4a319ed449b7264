import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginThrottle } from '../db/schema.js';

/**
 * Sign-in throttling, shared by every `serve` process through the database.
 *
 * - Per account: five free failures, then each further attempt waits 1 s, 2 s, 4 s … up to
 *   15 minutes after the last failure. A password guesser is slowed to a crawl on the account it
 *   targets, while everyone else signs in as usual.
 * - Per client address: 100 failures per 15 minutes, whatever accounts they name, so one
 *   address cannot spray guesses over many accounts; a whole office behind one proxy can still
 *   mistype its passwords for a while.
 *
 * An attempt is counted before the password is checked, in one transaction with row locks, and
 * given back when it succeeds: sixty guesses sent at once are sixty counted attempts, not sixty
 * checks racing one stale count. A success clears its own account only, never the address.
 */
export const LOGIN_LIMITS = {
  freeAccountFailures: 5,
  accountBackoffBaseMs: 1000,
  accountBackoffMaxMs: 15 * 60_000,
  addressFailures: 100,
  addressWindowMs: 15 * 60_000,
  /** Rows untouched this long are forgotten. */
  forgetAfterMs: 24 * 3600_000,
} as const;

export type SignInReservation = { ok: true; accountKey?: string; addressKey: string } | { ok: false; retryAfterMs: number; reason: 'account' | 'address' };

type Row = typeof loginThrottle.$inferSelect;

export function accountBackoffMs(failures: number): number {
  if (failures < LOGIN_LIMITS.freeAccountFailures) return 0;
  return Math.min(LOGIN_LIMITS.accountBackoffMaxMs, LOGIN_LIMITS.accountBackoffBaseMs * 2 ** (failures - LOGIN_LIMITS.freeAccountFailures));
}

/** Counts the attempt, or refuses it with how long to wait. */
export async function reserveSignIn(db: Db, who: { account?: string; address: string }, now = new Date()): Promise<SignInReservation> {
  const addressKey = `address:${who.address}`;
  const accountKey = who.account === undefined ? undefined : `account:${who.account}`;
  const keys = [addressKey, ...(accountKey ? [accountKey] : [])].sort();
  return db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(and(lt(loginThrottle.lastFailureAt, new Date(now.getTime() - LOGIN_LIMITS.forgetAfterMs)), lt(loginThrottle.windowStartedAt, new Date(now.getTime() - LOGIN_LIMITS.forgetAfterMs))));
    await tx
      .insert(loginThrottle)
      .values(keys.map((key) => ({ key, failures: 0, windowStartedAt: now, lastFailureAt: new Date(0) })))
      .onConflictDoNothing();
    const rows = new Map((await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).orderBy(loginThrottle.key).for('update')).map((row) => [row.key, row]));
    const address = rows.get(addressKey)!;
    const windowOver = now.getTime() - address.windowStartedAt.getTime() >= LOGIN_LIMITS.addressWindowMs;
    const addressFailures = windowOver ? 0 : address.failures;
    if (addressFailures >= LOGIN_LIMITS.addressFailures) {
      return { ok: false, reason: 'address', retryAfterMs: address.windowStartedAt.getTime() + LOGIN_LIMITS.addressWindowMs - now.getTime() };
    }
    const account: Row | undefined = accountKey ? rows.get(accountKey) : undefined;
    if (account) {
      const waitUntil = account.lastFailureAt.getTime() + accountBackoffMs(account.failures);
      if (waitUntil > now.getTime()) return { ok: false, reason: 'account', retryAfterMs: waitUntil - now.getTime() };
      await tx.update(loginThrottle).set({ failures: account.failures + 1, lastFailureAt: now }).where(eq(loginThrottle.key, account.key));
    }
    await tx
      .update(loginThrottle)
      .set({ failures: addressFailures + 1, lastFailureAt: now, ...(windowOver ? { windowStartedAt: now } : {}) })
      .where(eq(loginThrottle.key, addressKey));
    return { ok: true, addressKey, ...(accountKey ? { accountKey } : {}) };
  });
}

/** A successful sign-in: its account starts afresh, and its address gets back the attempt. */
export async function signInSucceeded(db: Db, reservation: Extract<SignInReservation, { ok: true }>): Promise<void> {
  if (reservation.accountKey) await db.delete(loginThrottle).where(eq(loginThrottle.key, reservation.accountKey));
  await db
    .update(loginThrottle)
    .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
    .where(eq(loginThrottle.key, reservation.addressKey));
}
