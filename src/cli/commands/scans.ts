import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
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
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext, withDatabase } from '../context.js';
import { withQueues } from '../queues.js';
import { printJson, table } from '../output.js';
import { registerScanRepo } from './scan-repo.js';

function describeScan(scan: ScanRow, connection?: string): string {
  const streams = Object.entries(scan.progress).map(([stream, p]) => `${stream}: ${p.pages} page(s), ${p.records} record(s)${p.done ? ', done' : ''}`);
  const lines = [
    `scan ${scan.id}${connection ? ` of '${connection}'` : ''}: ${scan.status}`,
    `  started   ${scan.startedAt.toISOString()} (${scan.trigger})${scan.finishedAt ? `\n  finished  ${scan.finishedAt.toISOString()}` : ''}`,
    ...(streams.length ? [`  streams   ${streams.join('; ')}`] : []),
    ...(Object.keys(scan.counts).length ? [`  counts    ${Object.entries(scan.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
  ];
  if (scan.errorCount > 0) {
    lines.push(`  errors    ${scan.errorCount}`);
    for (const error of scan.errors.slice(0, 20)) lines.push(`    ${error.at ? `${error.at}: ` : ''}${error.message}`);
  }
  return lines.join('\n');
}

/** A line on stderr that rewrites itself, on a terminal only. */
function progressLine() {
  const tty = process.stderr.isTTY;
  return {
    show(scan: ScanRow) {
      if (!tty) return;
      const records = Object.values(scan.progress).reduce((sum, p) => sum + p.records, 0);
      const pages = Object.values(scan.progress).reduce((sum, p) => sum + p.pages, 0);
      process.stderr.write(`\r  scanning: ${pages} page(s), ${records} record(s) fetched…`);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

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
  const scanId = await startScan(db, connection.id, {}, 'manual');
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

export function registerScans(program: Command): void {
  const scanCommand = program.command('scan').description('run scans');
  registerScanRepo(scanCommand);
  scanCommand
    .command('run <connection>')
    .description('scan a connection now (in this process without REDIS_URL; on the workers with it)')
    .option('--wait', 'with REDIS_URL: wait for the scan to finish, showing progress')
    .option('--json', 'print the finished scan as JSON')
    .action(async (name: string, flags: { wait?: boolean; json?: boolean }) => {
      await withContext(async (context) => {
        const { config } = context;
        const scan = await runScan(context, name, flags.wait ?? !config.redisUrl);
        if (flags.json) printJson(scan);
        else if (scan.status !== 'running' || !config.redisUrl) process.stdout.write(`${describeScan(scan, name)}\n`);
        if (scan.status === 'failed') process.exitCode = 1;
        // With Redis the workers route and deliver; in this process, the embedded pass.
        if (!config.redisUrl) await alertsAfterScan(context);
      });
    });
  const scans = program.command('scans').description('past and running scans');
  scans
    .command('list')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection?: string; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const connectionId = flags.connection ? (await findConnection(db, flags.connection)).id : undefined;
        const rows = await listScans(db, connectionId ? { connectionId } : {});
        if (flags.json) printJson(rows.map((r) => ({ ...r.scan, connection: r.connection })));
        else {
          process.stdout.write(
            `${table(
              ['ID', 'Connection', 'Status', 'Trigger', 'Started', 'Records', 'Flagged', 'Errors'],
              rows.map(({ scan, connection }) => [scan.id.slice(0, 8), connection, scan.status, scan.trigger, scan.startedAt.toISOString().slice(0, 19).replace('T', ' '), scan.counts.records ?? scan.counts.rows ?? '', scan.counts.flagged ?? '', scan.errorCount || '']),
            )}\n`,
          );
        }
      });
    });
  scans
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const found = await findScan(db, id);
        if (!found) throw new UserError(`no scan with id '${id}'`, 'Run `unshadow scans list` to see the ids.');
        if (flags.json) printJson({ ...found.scan, connection: found.connection });
        else process.stdout.write(`${describeScan(found.scan, found.connection)}\n`);
      });
    });
}
