import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { scans } from '../../src/db/schema.js';
import { retryWords } from '../../src/domain/scan-words.js';
import { addConnection } from '../../src/inventory/connections.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { prepareConnection } from '../../src/scan/connection-input.js';
import { runScanInProcess } from '../../src/scan/run-in-process.js';
import { freshDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';
import { freePort, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});


/**
 * A connection that has completed a scan keeps the patient retries when its source becomes
 * unreachable (an outage is likelier then than a wrong address), and says how they stand.
 */
describe('in-process scans of a connection that once worked (embedded database)', () => {
  it('retries an unreachable source attempt by attempt instead of failing at once, saying which attempt comes next', async () => {
    const database = await freshDatabase('pglite');
    cleanups.push(() => database.dispose());
    const config = { ...loadConfig({ UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback', UNSHADOW_HOME: '/tmp/unshadow-unused' }), env: { GITHUB_TOKEN: 'ghp_retry' } };
    const port = await freePort();
    const connection = await addConnection(database.db, { name: 'acme', ...(await prepareConnection('github', { org: 'acme', apiUrl: `http://127.0.0.1:${port}`, token: 'env:GITHUB_TOKEN' }, config)) });
    // It completed a scan last week.
    await database.db.insert(scans).values({ connectionId: connection.id, status: 'completed', trigger: 'cli:alice', startedAt: new Date(Date.now() - 7 * 86_400_000), finishedAt: new Date(Date.now() - 7 * 86_400_000) });

    const scanId = await startScan(database.db, connection.id, {}, 'cli:alice');
    const abort = new AbortController();
    const running = runScanInProcess({ db: database.db, config, matcher, catalog, log: silentLogger }, scanId, { signal: abort.signal });
    const waiting = await waitFor(async () => {
      const scan = await getScan(database.db, scanId);
      return scan?.retry ? scan : undefined;
    }, 30_000, 'the first retry');
    expect(waiting.status).toBe('running');
    expect(waiting.retry).toMatchObject({ attempt: 2, attempts: 8, cause: expect.stringContaining(`connection refused by 127.0.0.1:${port}`) });
    expect(retryWords(waiting.retry, waiting.status, new Date(Date.parse(waiting.retry!.nextAt) - 1000))).toBe('retrying, attempt 2 of 8, next in 1 s');
    // Waiting attempts are not errors.
    expect(waiting.errorCount).toBe(0);

    abort.abort();
    const ended = await running;
    expect(ended.status).toBe('failed');
    expect(ended.retry).toBeNull();
    expect(ended.errorCount).toBe(1);
    expect(ended.errors[0]!.message).toBe('stopped before it finished: the process running it was interrupted');
  }, 60_000);
});
