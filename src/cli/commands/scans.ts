import { setTimeout as sleep } from 'node:timers/promises';
import { jobIds } from '../../queue/jobs.js';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import type { Catalog } from '../../domain/catalog.js';
import { UserError } from '../../domain/errors.js';
import { findConnection } from '../../inventory/connections.js';
import { failScan, findScan, getScan, listScans, type ScanRow, startScan } from '../../inventory/scans.js';
import type { Logger } from '../../log.js';
import type { Matcher } from '../../matcher/index.js';
import { runScanInProcess } from '../../scan/run-in-process.js';
import { scanView } from '../../scan/scan-view.js';
import { scheduleReadings } from '../../schedule/view.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext, withDatabase } from '../context.js';
import { withQueues } from '../queues.js';
import { printJson, table } from '../output.js';
import { describeScan, progressLine, viewOf, when } from '../scan-output.js';

interface RunDeps {
  database: Database;
  config: Config;
  matcher: Matcher;
  catalog: Catalog;
  log: Logger;
}

/** Starts a scan: in this process without Redis, on the queue with it. */
async function runScan(deps: RunDeps, name: string, wait: boolean): Promise<ScanRow> {
  const { db } = deps.database;
  const connection = await findConnection(db, name);
  const scanId = await startScan(db, connection.id, {}, `cli:${deps.config.actor}`);
  const progress = progressLine();
  if (!deps.config.redisUrl) {
    const ticker = setInterval(() => void getScan(db, scanId).then((scan) => scan && progress.show(scan)), 500);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    try {
      return await runScanInProcess({ db, config: deps.config, matcher: deps.matcher, catalog: deps.catalog, log: deps.log }, scanId, { signal: abort.signal });
    } finally {
      clearInterval(ticker);
      process.off('SIGINT', stop);
      progress.done();
      if (abort.signal.aborted) await failScan(db, scanId, 'interrupted');
    }
  }
  await withQueues(deps.config, (queues) => queues.add('scan.run', { scanId }, jobIds.scan(scanId)));
  if (!wait) {
    process.stdout.write(`Scan ${scanId} queued. Follow it with \`unshadow scans show ${scanId}\`.\n`);
    return (await getScan(db, scanId))!;
  }
  for (;;) {
    const scan = (await getScan(db, scanId))!;
    if (scan.status !== 'running') {
      progress.done();
      return scan;
    }
    progress.show(scan);
    await sleep(500);
  }
}

export async function run(name: string, flags: { wait?: boolean; json?: boolean }): Promise<void> {
  await withContext(async (context) => {
    const { config } = context;
    const scan = await runScan(context, name, flags.wait ?? !config.redisUrl);
    const view = await viewOf(context.database.db, scan, name);
    if (flags.json) printJson(view);
    else if (scan.status !== 'running' || !config.redisUrl) process.stdout.write(`${describeScan(view)}\n`);
    if (scan.status === 'failed') process.exitCode = 1;
    // With Redis the workers route and deliver; in this process, the embedded pass.
    if (!config.redisUrl) await alertsAfterScan(context);
  });
}

export async function list(flags: { connection?: string; json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const connectionId = flags.connection ? (await findConnection(db, flags.connection)).id : undefined;
    const rows = await listScans(db, connectionId ? { connectionId } : {});
    const readings = await scheduleReadings(db);
    const views = rows.map(({ scan, connection }) => scanView(scan, connection, readings));
    if (flags.json) printJson(views);
    else {
      process.stdout.write(
        `${table(
          ['ID', 'Connection', 'Status', 'Started (UTC)', 'Why', 'Counted', 'Errors'],
          views.map((view) => [
            view.id.slice(0, 8),
            view.connection,
            `${view.words.status}${view.words.retry ? `, ${view.words.retry}` : ''}`,
            when(view.startedAt),
            view.words.trigger,
            view.words.counts,
            view.errorCount || '',
          ]),
        )}\n`,
      );
    }
  });
}

export async function show(id: string, flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const found = await findScan(db, id);
    if (!found) throw new UserError(`no scan with id '${id}'`, 'Run `unshadow scans list` to see the ids.');
    const view = await viewOf(db, found.scan, found.connection);
    if (flags.json) printJson(view);
    else process.stdout.write(`${describeScan(view)}\n`);
  });
}
