import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { addConnection } from '../../src/inventory/connections.js';
import { jobIds } from '../../src/queue/jobs.js';
import { prepareConnection } from '../../src/scan/connection-input.js';
import { capturingLogger, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { freePort, TEST_REDIS_URL, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});


/** A GitHub connection scanned on the queue, to whatever `apiUrl` is. */
async function queueGithubScan(environment: Awaited<ReturnType<typeof queueEnvironment>>, apiUrl: string) {
  const connection = await addConnection(environment.db, { name: 'acme', ...(await prepareConnection('github', { org: 'acme', apiUrl, token: 'env:GITHUB_TOKEN' }, environment.config)) });
  const scanId = await startScan(environment.db, connection.id, {}, 'cli:alice');
  await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
  return scanId;
}

/** The workers (BullMQ on Redis) say what the in-process runner says: the retry state, and one line per failure. */
describe('scans on the queue, in words (real Redis and Postgres)', () => {
  it('fails the first scan of an unreachable source at once, with one line and no stack in the log', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL, { GITHUB_TOKEN: 'ghp_queue' });
    cleanups.push(() => environment.dispose());
    const { log, lines } = capturingLogger();
    const workers = await startTestWorkers(environment, log);
    cleanups.push(() => workers.close());
    const port = await freePort();
    const started = Date.now();
    const scanId = await queueGithubScan(environment, `http://127.0.0.1:${port}`);
    const scan = await waitForScan(environment.db, scanId, 30_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(scan.status).toBe('failed');
    expect(scan.errorCount).toBe(1);
    expect(scan.errors[0]).toMatchObject({ message: expect.stringContaining(`connection refused by 127.0.0.1:${port}`), fix: expect.stringContaining('never completed a scan') });
    expect(scan.errors[0]!.at).toMatch(/^stream /);
    expect(scan.retry).toBeNull();
    const job = await environment.queues.get('scan').getJob(jobIds.stream(scanId, scan.errors[0]!.at!.slice('stream '.length)));
    expect(job?.attemptsMade).toBe(1);
    // Expected failures are logged as one line, without a stack (debug logs keep it, for whoever asks).
    const shown = lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 30);
    expect(shown.join('')).toContain('connection refused by');
    expect(shown.join('')).not.toMatch(/"stack":|\\n\s+at /);
  });

  it('records which attempt comes next while a failed attempt waits', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL, { GITHUB_TOKEN: 'ghp_queue' });
    cleanups.push(() => environment.dispose());
    const down = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}');
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const stop = () =>
      new Promise<void>((resolve) => {
        down.closeAllConnections();
        down.close(() => resolve());
      });
    const workers = await startTestWorkers(environment, capturingLogger().log);
    cleanups.push(() => workers.close());
    const scanId = await queueGithubScan(environment, `http://127.0.0.1:${(down.address() as AddressInfo).port}`);
    const scan = await waitFor(async () => {
      const row = await getScan(environment.db, scanId);
      return row?.retry ? row : undefined;
    }, 60_000, 'the retry state');
    expect(scan.status).toBe('running');
    expect(scan.retry).toMatchObject({ attempt: 2, attempts: 8, cause: expect.stringMatching(/answered 503/) });
    expect(Date.parse(scan.retry!.nextAt)).toBeGreaterThan(Date.now() - 60_000);
    // Attempts wait for a retry; they are not errors.
    expect(scan.errorCount).toBe(0);

    // Then the source is gone for good: the scan ends with one error, and no retry pending.
    await stop();
    const failed = await waitForScan(environment.db, scanId, 60_000);
    expect(failed).toMatchObject({ status: 'failed', errorCount: 1, retry: null });
    expect(failed.errors[0]!.message).toContain('connection refused by');
  }, 120_000);
});
