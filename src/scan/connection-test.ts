import { accessSync, constants, statSync } from 'node:fs';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import { failedCheck, type PermissionResult, permissionResults } from '../domain/connector-checks.js';
import type { PermissionCheck } from '../domain/connector.js';
import type { ConnectionRow } from '../inventory/connections.js';
import { importedPaths } from '../inventory/network.js';
import { listScans } from '../inventory/scans.js';
import { isFileConnection } from './file-sources.js';
import { connectorFor, runtimeFor } from './stages.js';

/**
 * `connections test` for every kind of connection, from the CLI and the API alike: a SaaS
 * connection checks its credential and each permission its streams need; a file connection
 * checks that the files it reads are there and readable. Each failed check says what kind of
 * failure it is and how to fix it.
 */
export async function testConnection(db: Db, connection: ConnectionRow, config: Pick<Config, 'env' | 'secretKey'>): Promise<PermissionCheck[]> {
  if (isFileConnection(connection.kind)) return testFiles(db, connection);
  let runtime;
  try {
    runtime = runtimeFor(connection, config);
  } catch (error) {
    return [failedCheck('configuration', error)];
  }
  return connectorFor(connection.kind).test(runtime);
}

export interface ConnectionTestReport {
  ok: boolean;
  checks: PermissionCheck[];
  /** Each permission the connector declares, granted, missing or not checked (none for file connections). */
  permissions: PermissionResult[];
}

/** `testConnection` with the connector's declared permissions, each in its state: what the console shows. */
export async function connectionTestReport(db: Db, connection: ConnectionRow, config: Pick<Config, 'env' | 'secretKey'>): Promise<ConnectionTestReport> {
  const checks = await testConnection(db, connection, config);
  const declared = isFileConnection(connection.kind) ? [] : connectorFor(connection.kind).permissions;
  return { ok: checks.every((check) => check.ok), checks, permissions: permissionResults(declared, checks) };
}

async function testFiles(db: Db, connection: ConnectionRow): Promise<PermissionCheck[]> {
  const folder = connection.config.folder;
  if (connection.kind === 'network' && typeof folder === 'string') {
    try {
      if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      accessSync(folder, constants.R_OK | constants.X_OK);
      return [{ name: folder, ok: true, detail: 'readable: each scan imports the log files it has not read yet' }];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return [{ name: folder, ok: false, detail: code === 'ENOENT' ? 'it does not exist on this host' : `it cannot be read (${code ?? 'error'})`, problem: 'not_found', fix: 'Point the connection at the folder the logs are written to: `unshadow connections set <name> --folder PATH`.' }];
    }
  }
  const files = new Set<string>();
  if (connection.kind === 'network') for (const path of await importedPaths(db, connection.id)) files.add(path);
  for (const key of ['file', 'importedFrom']) if (typeof connection.config[key] === 'string') files.add(connection.config[key] as string);
  if (connection.kind === 'expenses') for (const { scan } of await listScans(db, { connectionId: connection.id, status: 'completed', limit: 1000 })) if (typeof scan.source.file === 'string') files.add(scan.source.file);
  if (files.size === 0) return [{ name: 'files', ok: false, detail: 'nothing was ever imported into this connection', problem: 'configuration', fix: 'Import a file into it with `unshadow import`.' }];
  return [...files].map((file) => {
    try {
      statSync(file);
      accessSync(file, constants.R_OK);
      return { name: file, ok: true, detail: 'readable: a scan reads it again' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { name: file, ok: false, detail: code === 'ENOENT' ? 'it no longer exists on this host' : `it cannot be read (${code ?? 'error'})`, problem: 'not_found' as const, fix: 'Import the current export with `unshadow import`, or put the file back where it was.' };
    }
  });
}
