import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { UserError } from '../domain/errors.js';
import type { ScanError } from '../db/schema.js';
import { findConnectionById } from '../inventory/connections.js';
import { finishScan, getScan, listScans } from '../inventory/scans.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { EXPORT_READERS, exportFormatOf, type ExportFormat, readOptionsOf } from '../pipeline/export-files.js';
import { importExpenses } from '../pipeline/import-expenses.js';
import { importNetwork } from '../pipeline/import-network.js';
import { importedPaths } from '../inventory/network.js';
import { importObservations } from '../pipeline/import-observations.js';
import { scanObservations, scanRepository } from '../repo-scan/scan-repository.js';

/**
 * Connections whose source is a file or folder on the host rather than an API: expense exports,
 * offline Entra, Google, Intune and Chrome exports, AI vendors' seat lists, network logs and saved
 * repository scans. A scan of one reads its file(s) again, so "Scan now", a schedule, the CLI and
 * a worker all scan every kind of connection the same way. The paths were set by the operator
 * (the CLI); the API never sets them.
 */
export const FILE_CONNECTION_KINDS = ['expenses', 'microsoft365-export', 'google-workspace-export', 'seats-export', 'repo-scan', 'network'] as const;

export const isFileConnection = (kind: string): boolean => (FILE_CONNECTION_KINDS as readonly string[]).includes(kind);

export interface FileScanDeps {
  db: Db;
  matcher: Matcher;
  catalog: Catalog;
  log: Logger;
}

interface FileTotals {
  counts: Record<string, number>;
  errors: ScanError[];
}

const add = (totals: FileTotals, counts: Record<string, number | undefined>) => {
  for (const [name, value] of Object.entries(counts)) if (typeof value === 'number') totals.counts[name] = (totals.counts[name] ?? 0) + value;
};

/**
 * The files a connection reads: an expense connection every file imported into it (its
 * `--file`, and each file an import recorded), an export or repository its latest one.
 */
export async function filesOf(db: Db, connection: { id: string; kind: string; config: Record<string, unknown> }): Promise<string[]> {
  if (connection.kind === 'network') return typeof connection.config.folder === 'string' ? folderLogs(connection.config.folder, connection.config.pattern) : importedPaths(db, connection.id);
  if (connection.kind !== 'expenses') return typeof connection.config.importedFrom === 'string' ? [connection.config.importedFrom] : [];
  const files = new Set<string>();
  if (typeof connection.config.file === 'string') files.add(connection.config.file);
  for (const { scan } of await listScans(db, { connectionId: connection.id, status: 'completed', limit: 1000 })) {
    if (typeof scan.source.file === 'string') files.add(scan.source.file);
  }
  return [...files];
}

/** `*.log*`-style patterns: `*` matches any run of characters but '/'. */
const globPattern = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);

/** The log files of a watched folder (not its subfolders), oldest first; a folder that is gone has none. */
function folderLogs(folder: string, pattern: unknown): string[] {
  const matches = globPattern(typeof pattern === 'string' && pattern ? pattern : '*');
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => matches.test(name))
    .map((name) => join(folder, name))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile())
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

/** Reads the connection's files again into the scan the caller started, and finishes it. */
export async function runFileScan(deps: FileScanDeps, scanId: string): Promise<void> {
  const scan = await getScan(deps.db, scanId);
  if (!scan || scan.status !== 'running') return;
  const connection = await findConnectionById(deps.db, scan.connectionId);
  const totals: FileTotals = { counts: {}, errors: [] };
  const files = await filesOf(deps.db, connection);
  let read = 0;
  try {
    if (connection.kind === 'network') {
      const present = files.filter((file) => existsSync(file));
      for (const file of files.filter((f) => !present.includes(f))) totals.errors.push({ message: `${file} no longer exists on this host; import the new file with \`unshadow import network\`` });
      const folder = typeof connection.config.folder === 'string' && existsSync(connection.config.folder);
      if (typeof connection.config.folder === 'string' && !folder) totals.errors.push({ message: `the folder ${connection.config.folder} does not exist on this host` });
      if (present.length > 0) {
        const format = typeof connection.config.format === 'string' ? connection.config.format : undefined;
        const map = typeof connection.config.map === 'string' ? connection.config.map : undefined;
        const result = await importNetwork({ db: deps.db }, deps.matcher, present, { connection: connection.name, scanId, log: deps.log, onlyNew: folder, ...(format ? { format } : {}), ...(map ? { map } : {}) });
        add(totals, { files: result.files.length, lines: result.lines, records: result.records, matched: result.matched, aggregated: result.aggregated, skipped: result.skipped, blocked: result.blocked, observationsNew: result.observationsNew, systemsNew: result.systemsNew });
        totals.errors.push(...result.problems.map((p) => ({ at: `${p.file} line ${p.line}`, message: p.reason })));
      }
      // A watched folder with nothing new is a complete scan of it; a connection of imported files needs one to read.
      read = folder ? 1 : present.length;
    }
    for (const file of connection.kind === 'network' ? [] : files) {
      if (!existsSync(file)) {
        totals.errors.push({ message: `${file} no longer exists on this host; import the new file with \`unshadow import\`` });
        continue;
      }
      await readFile(deps, connection, file, scanId, totals);
      read++;
    }
  } catch (error) {
    await finishScan(deps.db, scanId, { status: 'failed', counts: totals.counts, errors: [...totals.errors, { message: (error as Error).message }], errorCount: totals.errors.length + 1 });
    return;
  }
  if (read === 0) {
    const message = files.length === 0 ? `connection '${connection.name}' has no file to read: it was never imported into` : 'none of its files can be read';
    await finishScan(deps.db, scanId, { status: 'failed', counts: totals.counts, errors: [{ message }, ...totals.errors], errorCount: totals.errors.length + 1 });
    return;
  }
  await finishScan(deps.db, scanId, { status: 'completed', counts: totals.counts, errors: totals.errors, errorCount: totals.errors.length });
  deps.log.info({ scanId, connection: connection.name, files: read }, 'file scan finished');
}

async function readFile(deps: FileScanDeps, connection: { name: string; kind: string; config: Record<string, unknown> }, file: string, scanId: string, totals: FileTotals): Promise<void> {
  const database = { db: deps.db };
  switch (connection.kind) {
    case 'expenses': {
      const format = typeof connection.config.format === 'string' ? connection.config.format : undefined;
      const currency = typeof connection.config.currency === 'string' ? connection.config.currency : undefined;
      const result = await importExpenses(database, deps.matcher, file, { connection: connection.name, scanId, log: deps.log, ...(format ? { format } : {}), ...(currency ? { currency } : {}) });
      add(totals, { rows: result.rows, imported: result.imported, flagged: result.flagged, aggregated: result.aggregated, skipped: result.skipped, observationsNew: result.observationsNew, systemsNew: result.systemsNew });
      totals.errors.push(...result.problems.map((problem) => ({ at: `${file} line ${problem.line}`, message: problem.reason })));
      return;
    }
    case 'repo-scan': {
      const repository = await scanRepository(file, deps.matcher, deps.catalog);
      const problems = repository.errors.map((e) => ({ at: e.path, message: e.reason }));
      const result = await importObservations(database, deps.matcher, { kind: 'repo-scan', connection: connection.name, file, observations: scanObservations(repository), problems }, { scanId, log: deps.log });
      add(totals, { records: result.records, flagged: result.flagged, observationsNew: result.observationsNew, systemsNew: result.systemsNew });
      totals.errors.push(...problems);
      return;
    }
    case 'microsoft365-export':
    case 'google-workspace-export':
    case 'seats-export': {
      const format: ExportFormat = exportFormatOf(connection.kind, connection.config, file);
      const input = EXPORT_READERS[format].read(file, readOptionsOf(connection.config));
      const result = await importObservations(database, deps.matcher, { ...input, connection: connection.name, file, format }, { scanId, log: deps.log });
      add(totals, { records: result.records, flagged: result.flagged, observationsNew: result.observationsNew, systemsNew: result.systemsNew });
      totals.errors.push(...result.problems);
      return;
    }
    default:
      throw new UserError(`connection '${connection.name}' is not a file connection`);
  }
}
