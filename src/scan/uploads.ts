import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db/client.js';
import { type ConnectionRow, listConnections, removeConnection } from '../inventory/connections.js';
import { filesOf, isFileConnection } from './file-sources.js';

/** Where files uploaded for import are kept: under the server's data folder, named by the server. */
export const uploadsDir = (home: string): string => join(home, 'uploads');

/**
 * A file younger than this is left alone: it may be an upload still being imported, which no
 * connection names until its transaction commits.
 */
const GRACE_MS = 60 * 60 * 1000;

/**
 * Deletes the uploaded files no connection reads any more (its export replaced by a newer one,
 * the connection removed). An uploaded export holds everything its source held, employees'
 * names on every card line included; it is kept only as long as a scan of its connection may
 * read it again. `released` are files a removed connection read: they go whatever their age.
 * Returns the paths deleted.
 */
export async function pruneUploads(db: Db, dir: string, options: { released?: readonly string[]; now?: number } = {}): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const referenced = new Set<string>();
  for (const connection of await listConnections(db)) {
    if (isFileConnection(connection.kind)) for (const file of await filesOf(db, connection)) referenced.add(resolve(file));
  }
  const released = new Set((options.released ?? []).map((file) => resolve(file)));
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  for (const name of names) {
    const path = resolve(join(dir, name));
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile() || referenced.has(path) || (!released.has(path) && now - stat.mtimeMs < GRACE_MS)) continue;
    rmSync(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/** Removes a connection (its scans and observations go by cascade) and the uploaded files only it read. */
export async function removeConnectionAndUploads(db: Db, connection: ConnectionRow, home: string): Promise<void> {
  const files = isFileConnection(connection.kind) ? await filesOf(db, connection) : [];
  await removeConnection(db, connection.id);
  await pruneUploads(db, uploadsDir(home), { released: files });
}
