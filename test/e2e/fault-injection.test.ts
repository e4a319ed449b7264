import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/jobs.js';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { startScan } from '../../src/inventory/scans.js';
import { type FaultRates, type FaultStats, startFaultProxy } from '../helpers/fault-proxy.js';
import { capturingLogger, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { startGithubDouble, startGraphDouble } from '../helpers/saas-doubles.js';
import { TEST_REDIS_URL } from '../helpers/services.js';

const TENANT = 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19';
const ORG = 'northwind';

type Row = { connection: string; key: string; attributes: unknown };

/** Somewhat above the rates seen in the field, so that every kind of fault meets the scans many times. */
const STORM: FaultRates = { throttle: 0.06, serverError: 0.04, slow: 0.02, cutBody: 0.04, emptyBody: 0.03 };

/**
 * The connectors through the real workers (Redis + Postgres) against local doubles of Graph and
 * GitHub, once directly and once behind a proxy that throttles, fails, slows, cuts bodies off
 * and answers empty 200s at the rates real APIs do: every scan completes, and the inventory is
 * the fault-free run's, record for record.
 */
describe('scans under realistic faults', () => {
  it('complete with exactly the records of a fault-free run', async () => {
    // Sixty more apps: a hundred and twenty more per-app lookups, so that batch members meet faults too.
    const graph = await startGraphDouble(2000, TENANT, { moreApps: 60 });
    const github = await startGithubDouble(ORG, 80);
    const runs: { rows: Row[]; systems: unknown[] }[] = [];
    const faults: unknown[] = [];
    try {
      for (const faulty of [false, true]) {
        const graphProxy = faulty ? await startFaultProxy(graph.url, STORM, 7) : undefined;
        const githubProxy = faulty ? await startFaultProxy(github.url, STORM, 11) : undefined;
        const environment = await queueEnvironment(TEST_REDIS_URL, { M365_SECRET: 'double-secret', GITHUB_TOKEN: 'ghp_double' });
        const { log, lines } = capturingLogger();
        const workers = await startTestWorkers(environment, log);
        try {
          const graphUrl = graphProxy?.url ?? graph.url;
          const apiUrl = githubProxy?.url ?? github.url;
          const connections = [
            await addConnection(environment.db, { kind: 'microsoft365', name: 'tenant', config: { tenantId: TENANT, clientId: '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60', graphUrl, authorityUrl: graphUrl }, secrets: { clientSecret: 'env:M365_SECRET' } }),
            await addConnection(environment.db, { kind: 'github', name: 'org', config: { org: ORG, apiUrl, perPage: 10 }, secrets: { token: 'env:GITHUB_TOKEN' } }),
          ];
          for (const connection of connections) {
            const scanId = await startScan(environment.db, connection.id, {});
            await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
            const scan = await waitForScan(environment.db, scanId, 120_000);
            expect(scan.status, `${connection.name}: ${JSON.stringify(scan.errors)}\n${lines.filter((l) => l.includes('"level":50')).slice(0, 3).join('\n')}`).toBe('completed');
          }
          const rows = await queryRows<Row>(environment.db, sql`select c.name as connection, o.key, o.attributes from observations o join connections c on c.id = o.connection_id order by c.name, o.key`);
          const systems = await queryRows(environment.db, sql`select catalog_id, vendor, product from ai_systems order by catalog_id, product`);
          runs.push({ rows, systems });
          if (graphProxy && githubProxy) faults.push(graphProxy.stats, githubProxy.stats);
        } finally {
          await workers.close();
          await environment.dispose();
          await graphProxy?.close();
          await githubProxy?.close();
        }
      }
    } finally {
      await graph.close();
      await github.close();
    }
    const [clean, faulty] = runs as [(typeof runs)[number], (typeof runs)[number]];
    // The faults really happened, of every kind, on both sources.
    for (const stats of faults as FaultStats[]) {
      expect(stats.throttled).toBeGreaterThan(2);
      expect(stats.serverErrors).toBeGreaterThan(0);
      expect(stats.cutBodies).toBeGreaterThan(0);
      expect(stats.emptyBodies).toBeGreaterThan(0);
    }
    // Graph's lookups go in JSON batches: members failed inside batches that got through, too.
    const graphFaults = faults[0] as FaultStats;
    expect(graphFaults.memberThrottled).toBeGreaterThan(0);
    expect(graphFaults.memberServerErrors).toBeGreaterThan(0);
    expect(clean.rows.length).toBeGreaterThan(1000);
    expect(faulty.rows).toEqual(clean.rows);
    expect(faulty.systems).toEqual(clean.systems);
    console.log(`fault-injection: ${clean.rows.length} records in both runs; faults injected ${JSON.stringify(faults)}`);
  }, 300_000);
});
