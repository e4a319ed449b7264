import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/jobs.js';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { listInventory } from '../../src/inventory/queries.js';
import { startScan } from '../../src/inventory/scans.js';
import { startDirectoryServer, type DirectoryServer } from '../bench/lib/google-directory-server.js';
import { type FaultRates, startFaultProxy } from '../helpers/fault-proxy.js';
import { capturingLogger, matcher, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL } from '../helpers/services.js';

/** Somewhat above the rates seen in the field, so that every kind of fault meets the scan many times. */
const STORM: FaultRates = { throttle: 0.06, serverError: 0.04, slow: 0.02, cutBody: 0.04, emptyBody: 0.03 };

type Row = { key: string; attributes: Record<string, unknown> };

/** One scan of the double (at `url`) through the real workers; the observations it stored and its environment. */
async function scanDomain(directory: DirectoryServer, url: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = JSON.stringify({ type: 'service_account', client_email: 'unshadow@e2e.iam.gserviceaccount.com', private_key: privateKey });
  const environment = await queueEnvironment(TEST_REDIS_URL, { GWS_KEY: key });
  const { log, lines } = capturingLogger();
  const workers = await startTestWorkers(environment, log);
  try {
    const connection = await addConnection(environment.db, {
      kind: 'google-workspace',
      name: 'northwind-domain',
      config: { adminEmail: 'admin@northwind.example', apiRoot: url, tokenUrl: `${url}/token`, requestsPerSecond: 100, concurrency: 8 },
      secrets: { keyFile: 'env:GWS_KEY' },
    });
    const scanId = await startScan(environment.db, connection.id, {});
    await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
    const scan = await waitForScan(environment.db, scanId, 120_000);
    expect(scan.status, `${JSON.stringify(scan.errors)}\n${lines.filter((l) => l.includes('"level":50')).slice(0, 3).join('\n')}`).toBe('completed');
    const rows = await queryRows<Row>(environment.db, sql`select key, attributes from observations where connection_id = ${connection.id} order by key`);
    const close = async () => {
      await workers.close();
      await environment.dispose();
    };
    return { environment, connection, rows, close };
  } catch (error) {
    await workers.close();
    await environment.dispose();
    throw error;
  }
}

describe('a Google Workspace domain scanned by the real workers', () => {
  let directory: DirectoryServer;
  beforeAll(async () => {
    directory = await startDirectoryServer(1200, 1000);
  });
  afterAll(async () => {
    await directory.close();
  });

  it('puts every AI app its users granted into the inventory, with the users and the scopes, suspended holders marked', async () => {
    const before = directory.stats.tokensListOk;
    const scan = await scanDomain(directory, directory.url);
    try {
      // Every user was asked, suspended ones too.
      expect(directory.stats.tokensListOk - before).toBe(directory.users);

      // Every grant the directory holds went through the matcher; the AI ones are stored.
      const stored = await queryRows<{ app: string; users: number; scopes: string[] }>(
        scan.environment.db,
        sql`select attributes->>'appName' as app, count(distinct attributes->>'user')::int as users,
              (array_agg(distinct scope))::text[] as scopes
            from observations, jsonb_array_elements_text(attributes->'scopes') as scope
            where connection_id = ${scan.connection.id} group by 1 order by 1`,
      );
      const apps = stored.map((row) => row.app);
      expect(apps).toEqual(expect.arrayContaining(['ChatGPT', 'Fireflies.ai', 'Grammarly', 'Otter.ai']));
      expect(apps).not.toContain('Zoom');
      expect(apps).not.toContain('Calendly');
      for (const app of apps) expect(matcher.match({ kind: 'oauth_grant', attributes: { appName: app, scopes: [] } }).flagged).toBe(true);
      expect(stored.find((row) => row.app === 'ChatGPT')!.scopes).toContain('https://www.googleapis.com/auth/drive.readonly');
      // The double suspends one user in a hundred; their grants are kept, marked.
      expect(scan.rows.some((row) => row.attributes.holderStatus === 'suspended')).toBe(true);

      const inventory = await listInventory(scan.environment.db);
      const chatgpt = inventory.find((item) => item.catalogId === 'openai-chatgpt')!;
      expect(chatgpt.users).toBe(stored.find((row) => row.app === 'ChatGPT')!.users);
      expect(chatgpt.sources).toEqual({ oauth_grant: expect.any(Number) });
    } finally {
      await scan.close();
    }
  });

  it('between full listings, a scan lists again only the users with token events: a revoked grant is gone, a new one is in, the rest kept', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const environment = await queueEnvironment(TEST_REDIS_URL, { GWS_KEY: JSON.stringify({ type: 'service_account', client_email: 'unshadow@e2e.iam.gserviceaccount.com', private_key: privateKey }) });
    const { log } = capturingLogger();
    const workers = await startTestWorkers(environment, log);
    try {
      const connection = await addConnection(environment.db, {
        kind: 'google-workspace',
        name: 'northwind-domain',
        config: { adminEmail: 'admin@northwind.example', apiRoot: directory.url, tokenUrl: `${directory.url}/token`, requestsPerSecond: 500, concurrency: 8 },
        secrets: { keyFile: 'env:GWS_KEY' },
      });
      const scan = async () => {
        const scanId = await startScan(environment.db, connection.id, {});
        await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
        expect((await waitForScan(environment.db, scanId, 120_000)).status).toBe('completed');
        return queryRows<{ key: string; gone: boolean }>(environment.db, sql`select key, gone_at is not null as gone from observations where connection_id = ${connection.id} order by key`);
      };
      const first = await scan();
      const live = first.filter((row) => !row.gone).map((row) => row.key);
      // user7 gives ChatGPT (APPS[0]) up wherever they had it; user11 grants Otter.ai (APPS[1]).
      const revoked = live.find((key) => key.startsWith('gws:token:user') && key.endsWith(':100000-bench.apps.googleusercontent.com'))!;
      const revoker = Number(/gws:token:user(\d+)@/.exec(revoked)![1]);
      const granter = [...Array(directory.users).keys()].find((user) => !live.some((key) => key.startsWith(`gws:token:user${user}@`)))!;
      directory.revoke(revoker, 0);
      directory.grant(granter, 1);
      const before = directory.stats.tokensListOk;
      const second = await scan();
      // Two users listed again instead of every one.
      expect(directory.stats.tokensListOk - before).toBe(2);
      const goneNow = second.filter((row) => row.gone).map((row) => row.key);
      expect(goneNow).toEqual([revoked]);
      const added = `gws:token:user${granter}@bench.example:100001-bench.apps.googleusercontent.com`;
      expect(second.filter((row) => !row.gone).map((row) => row.key).sort()).toEqual([...live.filter((key) => key !== revoked), added].sort());
    } finally {
      await workers.close();
      await environment.dispose();
    }
  });

  it('stores exactly the records of a fault-free scan behind a proxy that throttles, fails, slows, cuts bodies off and answers empty 200s', async () => {
    const clean = await scanDomain(directory, directory.url);
    await clean.close();
    const proxy = await startFaultProxy(directory.url, STORM, 5);
    try {
      const faulty = await scanDomain(directory, proxy.url);
      await faulty.close();
      // The faults really happened, of every kind.
      expect(proxy.stats.throttled).toBeGreaterThan(10);
      expect(proxy.stats.serverErrors).toBeGreaterThan(5);
      expect(proxy.stats.cutBodies).toBeGreaterThan(5);
      expect(proxy.stats.emptyBodies).toBeGreaterThan(5);
      expect(clean.rows.length).toBeGreaterThan(100);
      expect(faulty.rows).toEqual(clean.rows);
      console.log(`google-workspace under faults: ${clean.rows.length} records in both scans; faults injected ${JSON.stringify(proxy.stats)}`);
    } finally {
      await proxy.close();
    }
  }, 300_000);
});
