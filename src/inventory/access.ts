import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens, sessions, users } from '../db/schema.js';
import type { Principal, Role } from '../domain/access.js';
import { UserError } from '../domain/errors.js';
import { hashPassword, verifyPassword } from '../access/password.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** Tokens say what they are, so a leaked one is recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'unshadow_';

export async function createApiToken(db: Db, name: string, role: Role): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db.insert(apiTokens).values({ name, role, tokenHash: sha256(token) }).onConflictDoNothing({ target: apiTokens.name }).returning({ id: apiTokens.id });
  // A name stands for one token in the audit trail, so a revoked token's name is not reused either.
  if (!row) throw new UserError(`an API token named '${name}' already exists (or existed and was revoked)`, 'Choose another name: the audit trail must name one token per name.');
  return { id: row.id, token };
}

export async function listApiTokens(db: Db) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(asc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, idOrName: string): Promise<void> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(isNull(apiTokens.revokedAt), sql`(${apiTokens.name} = ${idOrName} or ${apiTokens.id}::text = ${idOrName})`))
    .returning({ name: apiTokens.name });
  if (rows.length === 0) throw new UserError(`no active API token '${idOrName}'`, 'Run `unshadow tokens list` to see them.');
  for (const row of rows) await db.delete(sessions).where(eq(sessions.principal, `token:${row.name}`));
}

/** The principal a bearer token stands for, or undefined for an unknown or revoked one. */
export async function principalForToken(db: Db, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .returning({ name: apiTokens.name, role: apiTokens.role });
  return row ? { kind: 'token', name: row.name, role: row.role as Role } : undefined;
}

export async function addUser(db: Db, username: string, password: string, role: Role): Promise<void> {
  if (password.length < 12) throw new UserError('the password must be at least 12 characters long');
  const [row] = await db.insert(users).values({ username, passwordHash: await hashPassword(password), role }).onConflictDoNothing().returning({ id: users.id });
  if (!row) throw new UserError(`a user named '${username}' already exists`, 'Remove it first with `unshadow users remove`.');
}

export async function listUsers(db: Db) {
  return db.select({ username: users.username, role: users.role, createdAt: users.createdAt }).from(users).orderBy(asc(users.username));
}

export async function removeUser(db: Db, username: string): Promise<void> {
  const rows = await db.delete(users).where(eq(users.username, username)).returning({ id: users.id });
  if (rows.length === 0) throw new UserError(`no user named '${username}'`);
  await db.delete(sessions).where(eq(sessions.principal, `user:${username}`));
}

/** A user whose password matches; undefined otherwise (without saying which part was wrong). */
export async function principalForPassword(db: Db, username: string, password: string): Promise<Principal | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  // An unknown user still costs one scrypt, so timing does not reveal which names exist.
  const ok = await verifyPassword(password, row?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  return row && ok ? { kind: 'user', name: row.username, role: row.role as Role } : undefined;
}

/** Browser sessions last a working day. */
export const SESSION_MS = 12 * 3600_000;

export async function createSession(db: Db, principal: Principal): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_MS);
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.insert(sessions).values({ idHash: sha256(id), principal: `${principal.kind}:${principal.name}`, role: principal.role, csrfToken, expiresAt });
  return { id, csrfToken, expiresAt };
}

export async function findSession(db: Db, id: string): Promise<{ principal: Principal; csrfToken: string } | undefined> {
  const [row] = await db.select().from(sessions).where(and(eq(sessions.idHash, sha256(id)), gt(sessions.expiresAt, new Date())));
  if (!row) return undefined;
  const [kind, ...name] = row.principal.split(':');
  return { principal: { kind: kind as Principal['kind'], name: name.join(':'), role: row.role as Role }, csrfToken: row.csrfToken };
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(id)));
}
