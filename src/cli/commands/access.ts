import { text } from 'node:stream/consumers';
import { ROLES, roleSchema } from '../../domain/access.js';
import { UserError } from '../../domain/errors.js';
import { ACCESS_ROLE_DESCRIPTIONS, ACCESS_ROLE_LABELS, words } from '../../domain/words.js';
import { addUser, createApiToken, listApiTokens, listUsers, removeUser, revokeApiToken } from '../../inventory/access.js';
import { withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

function parseRole(value: string) {
  const role = roleSchema.safeParse(value);
  if (!role.success) throw new UserError(`unknown role '${value}'`, `Roles: ${ROLES.map((code) => `${code} (${ACCESS_ROLE_DESCRIPTIONS[code]})`).join('; ')}.`);
  return role.data;
}

/** The password from UNSHADOW_PASSWORD or the first line of stdin: never an argument, which `ps` would show. */
async function readPassword(env: Record<string, string | undefined>): Promise<string> {
  if (env.UNSHADOW_PASSWORD) return env.UNSHADOW_PASSWORD;
  if (process.stdin.isTTY) throw new UserError('give the password on stdin or in UNSHADOW_PASSWORD', 'e.g. `unshadow users add alice --role compliance < password.txt`.');
  return (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
}

export async function createToken(flags: { role: string; name: string }): Promise<void> {
  const role = parseRole(flags.role);
  await withDatabase(async ({ db }, config) => {
    const created = await createApiToken(db, flags.name, role, { actor: config.actor });
    process.stderr.write(`Created ${words(ACCESS_ROLE_LABELS, role)} token '${flags.name}' (${created.id}). It is shown only now: store it in your secret manager.\n`);
    process.stdout.write(`${created.token}\n`);
  });
}

export async function listTokens(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const rows = await listApiTokens(db);
    if (flags.json) return printJson(rows);
    process.stdout.write(`${table(['ID', 'Name', 'Role', 'Created', 'Last used', 'State'], rows.map((t) => [t.id.slice(0, 8), t.name, words(ACCESS_ROLE_LABELS, t.role), t.createdAt.toISOString().slice(0, 10), t.lastUsedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—', t.revokedAt ? 'revoked' : 'active']))}\n`);
  });
}

export async function revokeToken(id: string): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    await revokeApiToken(db, id, { actor: config.actor });
    process.stdout.write(`Revoked token '${id}'.\n`);
  });
}

export async function addConsoleUser(name: string, flags: { role: string }): Promise<void> {
  const role = parseRole(flags.role);
  await withDatabase(async ({ db }, config) => {
    await addUser(db, name, await readPassword(config.env), role, { actor: config.actor });
    process.stdout.write(`Added ${words(ACCESS_ROLE_LABELS, role)} user '${name}'.\n`);
  });
}

export async function listConsoleUsers(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const rows = await listUsers(db);
    if (flags.json) return printJson(rows);
    process.stdout.write(`${table(['User', 'Role', 'Created'], rows.map((u) => [u.username, words(ACCESS_ROLE_LABELS, u.role), u.createdAt.toISOString().slice(0, 10)]))}\n`);
  });
}

export async function removeConsoleUser(name: string): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    await removeUser(db, name, { actor: config.actor });
    process.stdout.write(`Removed user '${name}'.\n`);
  });
}
