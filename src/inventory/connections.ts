import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog, connections, networkDomainCounts, observations } from '../db/schema.js';
import { UserError } from '../domain/errors.js';

export type ConnectionRow = typeof connections.$inferSelect;

export async function addConnection(
  db: Db,
  /** `id` is the id its secrets' ciphertext is bound to (prepareConnection makes it). */
  values: { id?: string; kind: string; name: string; config: Record<string, unknown>; secrets: Record<string, string> },
): Promise<ConnectionRow> {
  const [row] = await db.insert(connections).values(values).onConflictDoNothing({ target: connections.name }).returning();
  if (!row) throw new UserError(`a connection named '${values.name}' already exists`, 'Choose another --name, or remove the old one with `unshadow connections remove`.');
  return row;
}

export async function listConnections(db: Db): Promise<ConnectionRow[]> {
  return db.select().from(connections).orderBy(asc(connections.name));
}

/** By name (what people type) or id. */
export async function findConnection(db: Db, nameOrId: string): Promise<ConnectionRow> {
  const byName = await db.select().from(connections).where(eq(connections.name, nameOrId)).limit(1);
  const row = byName[0] ?? (/^[0-9a-f-]{36}$/i.test(nameOrId) ? (await db.select().from(connections).where(eq(connections.id, nameOrId)).limit(1))[0] : undefined);
  if (!row) throw new UserError(`no connection named '${nameOrId}'`, 'Run `unshadow connections list` to see them.');
  return row;
}

/**
 * The connection, and with it (cascades) everything it found. Its observations (which carry
 * their matches and evidence) and its network counts have no foreign key to it (schema.ts) and
 * go in statements of their own, after the connection: that delete waits for a batch or an
 * import of the connection to commit, so what they committed is deleted too.
 */
export async function removeConnection(db: Db, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(connections).where(eq(connections.id, id));
    await tx.delete(observations).where(eq(observations.connectionId, id));
    await tx.delete(networkDomainCounts).where(eq(networkDomainCounts.connectionId, id));
  });
}

export async function findConnectionById(db: Db, id: string): Promise<ConnectionRow> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) throw new UserError(`connection ${id} no longer exists`, 'It was removed while a scan of it was queued.');
  return row;
}

/**
 * A connection changed in place (`connections set`): options and secrets in one update, with one
 * audit entry per changed field (secrets only as how they are stored), so the history of what a
 * connection pointed at and who changed it is kept.
 */
export async function updateConnection(
  db: Db,
  id: string,
  values: { config: Record<string, unknown>; secrets: Record<string, string>; changes: { field: string; before: unknown; after: unknown }[] },
  author: { actor: string; reason?: string },
): Promise<void> {
  if (values.changes.length === 0) throw new UserError('nothing to change: every option given already has that value', 'Give the options or secrets to change, e.g. --client-secret env:NEW_SECRET.');
  await db.transaction(async (tx) => {
    await tx.update(connections).set({ config: values.config, secrets: values.secrets }).where(eq(connections.id, id));
    await tx.insert(auditLog).values(values.changes.map((change) => ({ actor: author.actor, entityType: 'connection', entityId: id, action: 'connection_changed', field: change.field, before: change.before, after: change.after, reason: author.reason ?? null })));
  });
}
