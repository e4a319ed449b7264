import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens, auditLog, sessions, users } from '../db/schema.js';
import type { Principal, Role } from '../domain/access.js';
import { UserError } from '../domain/errors.js';
import { hashPassword, verifyPassword } from '../access/password.js';
import type { ChangeAuthor } from './audit.js';

/**
 * Who can sign in changes only through these functions, and each change is one audit entry
 * naming who made it: a token's creation and revocation, a user's addition and removal.
 */
/** Who a change is recorded as when no person is named (setup scripts, the demo, tests): whoever runs the process. */
const OPERATOR: ChangeAuthor = { actor: 'operator' };

async function auditAccess(db: Db, entity: { type: 'user' | 'token'; id: string; action: string }, change: { field: string; before: unknown; after: unknown }, author: ChangeAuthor): Promise<void> {
  await db.insert(auditLog).values({ actor: author.actor, entityType: entity.type, entityId: entity.id, action: entity.action, field: change.field, before: change.before, after: change.after, reason: author.reason ?? null });
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** Tokens say what they are, so a leaked one is recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'unshadow_';

export async function createApiToken(db: Db, name: string, role: Role, author: ChangeAuthor = OPERATOR): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db.insert(apiTokens).values({ name, role, tokenHash: sha256(token) }).onConflictDoNothing({ target: apiTokens.name }).returning({ id: apiTokens.id });
  // A name stands for one token in the audit trail, so a revoked token's name is not reused either.
  if (!row) throw new UserError(`an API token named '${name}' already exists (or existed and was revoked)`, 'Choose another name: the audit trail must name one token per name.');
  await auditAccess(db, { type: 'token', id: name, action: 'token_created' }, { field: 'role', before: null, after: role }, author);
  return { id: row.id, token };
}

export async function listApiTokens(db: Db) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(asc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, idOrName: string, author: ChangeAuthor = OPERATOR): Promise<{ name: string }> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(isNull(apiTokens.revokedAt), sql`(${apiTokens.name} = ${idOrName} or ${apiTokens.id}::text = ${idOrName})`))
    .returning({ name: apiTokens.name, role: apiTokens.role });
  if (rows.length === 0) throw new UserError(`no active API token '${idOrName}'`, 'Run `unshadow tokens list` to see them.');
  for (const row of rows) {
    await db.delete(sessions).where(eq(sessions.principal, `token:${row.name}`));
    await auditAccess(db, { type: 'token', id: row.name, action: 'token_revoked' }, { field: 'state', before: 'active', after: 'revoked' }, author);
  }
  return { name: rows[0]!.name };
}

/** Whether anyone can sign in at all: no user and no active token means a fresh installation. */
export async function anyoneCanSignIn(db: Db): Promise<boolean> {
  const [user] = await db.select({ id: users.id }).from(users).limit(1);
  if (user) return true;
  const [token] = await db.select({ id: apiTokens.id }).from(apiTokens).where(isNull(apiTokens.revokedAt)).limit(1);
  return token !== undefined;
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

/** At least this long: a password people choose must resist guessing offline if the hashes leak. */
export const MIN_PASSWORD_LENGTH = 12;

/** A user name people type and the audit trail shows: no spaces or control characters, no colon (principals are `user:<name>`). */
export function checkUsername(username: string): string {
  const name = username.trim();
  if (!/^[^\s:\p{Cc}]{1,100}$/u.test(name)) throw new UserError(`'${username.slice(0, 100)}' is not a usable user name`, 'Use 1 to 100 characters without spaces or colons, such as alice or alice@corp.example.');
  return name;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
}

export async function addUser(db: Db, username: string, password: string, role: Role, author: ChangeAuthor = OPERATOR): Promise<void> {
  const name = checkUsername(username);
  checkPassword(password);
  const [row] = await db.insert(users).values({ username: name, passwordHash: await hashPassword(password), role }).onConflictDoNothing().returning({ id: users.id });
  if (!row) throw new UserError(`a user named '${name}' already exists`, 'Remove it first with `unshadow users remove`.');
  await auditAccess(db, { type: 'user', id: name, action: 'user_added' }, { field: 'role', before: null, after: role }, author);
}

export async function listUsers(db: Db) {
  return db.select({ username: users.username, role: users.role, createdAt: users.createdAt }).from(users).orderBy(asc(users.username));
}

export async function removeUser(db: Db, username: string, author: ChangeAuthor = OPERATOR): Promise<void> {
  const rows = await db.delete(users).where(eq(users.username, username)).returning({ id: users.id, role: users.role });
  if (rows.length === 0) throw new UserError(`no user named '${username}'`);
  await db.delete(sessions).where(eq(sessions.principal, `user:${username}`));
  await auditAccess(db, { type: 'user', id: username, action: 'user_removed' }, { field: 'role', before: rows[0]!.role, after: null }, author);
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
