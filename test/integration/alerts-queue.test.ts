import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/alerts/signature.js';
import { addAlertRule, deliveryHistory } from '../../src/inventory/alerts.js';
import { silentLogger } from '../../src/log.js';
import { queueEnvironment, queueScan, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { startReceiver } from '../helpers/receiver.js';
import { TEST_REDIS_URL, waitFor } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

const SIGNING_SECRET = 'whsec_queue_test_0123456789';

/** Workers of every queue, a webhook rule for every event, and its receiver (secrets by env reference). */
async function setUp(receiver: Awaited<ReturnType<typeof startReceiver>>, extraEnv: Record<string, string> = {}) {
  const environment = await queueEnvironment(TEST_REDIS_URL, { ALERT_HOOK_URL: receiver.url, ALERT_HOOK_SECRET: SIGNING_SECRET, ...extraEnv });
  cleanups.push(() => environment.dispose());
  const workers = await startTestWorkers(environment, silentLogger, 30_000, ['scan', 'inventory', 'alert']);
  cleanups.push(() => workers.close());
  await addAlertRule(environment.db, {
    name: 'security',
    channel: 'webhook',
    config: {},
    secrets: { url: 'env:ALERT_HOOK_URL', signingSecret: 'env:ALERT_HOOK_SECRET' },
    filter: { types: ['ai_system.discovered'], categories: [], sources: [], connections: [] },
    cooldownSeconds: 86_400,
    digest: false,
  });
  return environment;
}

const durationMs = (scan: { startedAt: Date; finishedAt: Date | null }) => scan.finishedAt!.getTime() - scan.startedAt.getTime();

describe('alerts on the queue workers (real Redis, Postgres and HTTP receiver)', () => {
  it('retries a 500 through the alert queue and delivers once more, and no further', async () => {
    const receiver = await startReceiver([{ status: 500 }, { status: 200 }]);
    cleanups.push(() => receiver.close());
    const environment = await setUp(receiver);
    const { scanId } = await queueScan(environment, 'tenant', { records: 400, pageSize: 100 });
    expect((await waitForScan(environment.db, scanId, 30_000)).status).toBe('completed');

    const delivered = await waitFor(async () => {
      const history = await deliveryHistory(environment.db);
      return history.length > 0 && history.every((h) => h.status !== 'pending') ? history : undefined;
    }, 30_000, 'the alerts to be delivered');
    // The synthetic tenant's AI apps: one alert each, each delivered.
    expect(delivered.every((h) => h.status === 'delivered')).toBe(true);
    expect(delivered.map((h) => h.attempts).sort()).toEqual([...Array(delivered.length - 1).fill(1), 2]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(receiver.received).toHaveLength(delivered.length + 1);
    const keys = receiver.received.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(delivered.length);
    for (const request of receiver.received) {
      expect(verifySignature({ secret: SIGNING_SECRET, body: request.body, timestamp: request.headers['x-unshadow-timestamp'] as string, signature: request.headers['x-unshadow-signature'] as string })).toEqual({ ok: true });
    }
  });

  it('a receiver that hangs for 30 s does not delay the inventory stage', async () => {
    const receiver = await startReceiver([{ hangMs: 30_000 }, { hangMs: 30_000 }, { hangMs: 30_000 }, { hangMs: 30_000 }]);
    cleanups.push(() => receiver.close());
    const environment = await setUp(receiver, { UNSHADOW_ALERT_TIMEOUT_MS: '60000' });
    const options = { records: 4000, pageSize: 200, delayMs: 50 };

    const hung = await queueScan(environment, 'tenant-with-alerts', options);
    const withAlerts = await waitForScan(environment.db, hung.scanId, 60_000);
    expect(withAlerts.status).toBe('completed');
    // The first deliveries are sent (during the scan, or just after it on a fast one) and wait for an answer that does not come.
    await waitFor(async () => receiver.received.length > 0, 20_000, 'the first alert delivery');
    const inFlight = await deliveryHistory(environment.db);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.every((h) => h.status === 'pending' && h.attempts === 0)).toBe(true);

    // Baseline, same run: the same records into the same AI systems, so no new events to alert on.
    const baseline = await queueScan(environment, 'tenant-baseline', options);
    const withoutAlerts = await waitForScan(environment.db, baseline.scanId, 60_000);
    expect(withoutAlerts.status).toBe('completed');
    const ratio = durationMs(withAlerts) / durationMs(withoutAlerts);
    console.log(`scan with a hanging alert receiver: ${durationMs(withAlerts)} ms; baseline: ${durationMs(withoutAlerts)} ms; ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeLessThan(2);
    expect(durationMs(withAlerts)).toBeLessThan(30_000);
  }, 120_000);
});
