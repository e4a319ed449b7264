import { existsSync } from 'node:fs';
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
import { importObservations } from '../pipeline/import-observations.js';
import { scanObservations, scanRepository } from '../repo-scan/scan-repository.js';

/**
 * Connections whose source is a file or folder on the host rather than an API: expense exports,
 * offline Entra/Google exports, AI vendors' seat lists and saved repository scans. A scan of one
 * reads its file(s) again, so "Scan now", a schedule, the CLI and a worker all scan every kind of
 * connection the same way. The paths were set by the operator (the CLI); the API never sets them.
 */
export const FILE_CONNECTION_KINDS = ['expenses', 'microsoft365-export', 'google-workspace-export', 'seats-export', 'repo-scan'] as const;

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
async function filesOf(db: Db, connection: { id: string; kind: string; config: Record<string, unknown> }): Promise<string[]> {
  if (connection.kind !== 'expenses') return typeof connection.config.importedFrom === 'string' ? [connection.config.importedFrom] : [];
  const files = new Set<string>();
  if (typeof connection.config.file === 'string') files.add(connection.config.file);
  for (const { scan } of await listScans(db, { connectionId: connection.id, status: 'completed', limit: 1000 })) {
    if (typeof scan.source.file === 'string') files.add(scan.source.file);
  }
  return [...files];
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
    for (const file of files) {
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
