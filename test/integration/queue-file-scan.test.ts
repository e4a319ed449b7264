import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { findConnection } from '../../src/inventory/connections.js';
import { startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { importExpenses } from '../../src/pipeline/import-expenses.js';
import { jobIds } from '../../src/queue/jobs.js';
import { generateExpenseCsv } from '../bench/lib/generate-expenses.js';
import { matcher, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL } from '../helpers/services.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a file scan on the queue workers (real Redis and Postgres)', () => {
  it('reads the connection’s file again in the scan job, and finishes the scan with the same counts as the import', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL);
    cleanups.push(() => environment.dispose());
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-file-scan-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cards.csv');
    await generateExpenseCsv(file, 20_000, 0.05);
    const imported = await importExpenses(environment.database, matcher, file, { connection: 'cards' });

    const workers = await startTestWorkers(environment, silentLogger);
    cleanups.push(() => workers.close());
    const connection = await findConnection(environment.db, 'cards');
    const scanId = await startScan(environment.db, connection.id, { file });
    await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
    const scan = await waitForScan(environment.db, scanId, 60_000);
    expect(scan.status).toBe('completed');
    expect(scan.counts).toMatchObject({ rows: imported.rows, flagged: imported.flagged, observationsNew: 0 });
    const [observations] = await queryRows<{ n: number }>(environment.db, sql`select count(*)::int as n from observations where connection_id = ${connection.id} and last_scan_id = ${scanId}`);
    expect(observations!.n).toBe(imported.flagged);
  });
});
