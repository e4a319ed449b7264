import { jobIds } from '../queue/jobs.js';
import { dispatchInProcess } from '../alerts/dispatch.js';
import type { CliContext } from './context.js';
import { withQueues } from './queues.js';

/**
 * After a scan or import that ran in this process has committed: the alert stage. Embedded, one
 * pass here (a retry waits for the next pass: `unshadow alerts deliver` or `serve`); with Redis,
 * a route job for the workers. Reported on stderr, so `--json` output stays clean.
 */
export async function alertsAfterScan(context: CliContext): Promise<void> {
  const { config, database, catalog, log } = context;
  if (config.redisUrl) {
    await withQueues(config, (queues) => queues.add('alert.route', {}, jobIds.route(`cli_${Date.now()}`)));
    return;
  }
  const summary = await dispatchInProcess({ db: database.db, catalog, config, log });
  const parts = [summary.delivered && `${summary.delivered} delivered`, summary.retrying && `${summary.retrying} to retry`, summary.failed && `${summary.failed} failed`].filter(Boolean);
  if (parts.length > 0) process.stderr.write(`alerts: ${parts.join(', ')} (details: unshadow alerts history)\n`);
}
