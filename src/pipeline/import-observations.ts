import type { Database } from '../db/client.js';
import type { Observation } from '../domain/observation.js';
import { ensureConnection, type IngestItem, inHeldTransaction, ingestObservations } from '../inventory/ingest.js';
import { finishScan, markGoneExcept, startScan } from '../inventory/scans.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { Matcher } from '../matcher/index.js';

export interface ImportedFile {
  /** The kind of connection the records belong to ('microsoft365-export', 'google-workspace-export', 'seats-export'). */
  kind: string;
  /** The connection to import into; created on first use. */
  connection: string;
  file: string;
  observations: Observation[];
  /** Records that could not be read, with where and why; they do not stop the import. */
  problems: { at?: string; message: string }[];
  /** The export reader, recorded so that a later scan of the connection reads the file again. */
  format?: string;
  tenantId?: string;
  /** Further options the reader was given (a seat list's --map, --vendor, --plan), recorded likewise. */
  readOptions?: Record<string, string>;
}

export interface ImportOptions {
  log?: Logger;
  /** A scan the caller started and will finish (a scan of the connection); otherwise one of its own. */
  scanId?: string;
}

export interface ImportObservationsResult {
  scanId: string;
  connectionId: string;
  records: number;
  flagged: number;
  problems: ImportedFile['problems'];
  observationsNew: number;
  systemsNew: number;
}

const WRITE_BATCH = 1000;

/**
 * An offline export (Entra, Google tokens, Microsoft SKUs) through the same stages as a scan:
 * match every record, keep only the AI ones, in one transaction. An export is a complete
 * snapshot of its connection, so what it no longer contains is marked gone.
 */
export async function importObservations(database: Pick<Database, 'db'>, matcher: Matcher, input: ImportedFile, options: ImportOptions = {}): Promise<ImportObservationsResult> {
  const { db } = database;
  const log = options.log ?? silentLogger;
  const recorded = { importedFrom: input.file, ...input.readOptions, ...(input.format ? { format: input.format } : {}), ...(input.tenantId ? { tenantId: input.tenantId } : {}) };
  const connectionId = await db.transaction((tx) => ensureConnection(tx, input.kind, input.connection, recorded));
  const owned = options.scanId === undefined;
  const scanId = options.scanId ?? (await startScan(db, connectionId, { file: input.file }, 'import'));
  const context = { connectionId, scanId, catalogVersion: matcher.catalogVersion, actor: `scan:${scanId}`, seenAt: new Date() };
  const items: IngestItem[] = [];
  for (const observation of input.observations) {
    const result = matcher.match(observation);
    if (result.flagged && result.match) items.push({ kind: observation.kind, key: observation.key, attributes: observation.attributes, match: result.match });
  }
  const counts = { records: input.observations.length, flagged: items.length, observationsNew: 0, systemsNew: 0 };
  try {
    // One transaction for the whole export; what it changes in AI systems is held (inHeldTransaction).
    await inHeldTransaction(db, context, log, async (tx, holding) => {
      for (let start = 0; start < items.length; start += WRITE_BATCH) {
        const written = await ingestObservations(tx, holding, items.slice(start, start + WRITE_BATCH));
        counts.observationsNew += written.observationsNew;
        counts.systemsNew += written.systemsNew;
      }
      await markGoneExcept(tx, connectionId, scanId);
    });
  } catch (error) {
    if (owned) await finishScan(db, scanId, { status: 'failed', counts, errors: [{ message: (error as Error).message }], errorCount: 1 }).catch(() => {});
    throw error;
  }
  if (owned) await finishScan(db, scanId, { status: 'completed', counts, errors: input.problems, errorCount: input.problems.length });
  log.info({ scanId, ...counts, problems: input.problems.length }, 'import finished');
  return { scanId, connectionId, ...counts, problems: input.problems };
}
