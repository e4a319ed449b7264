import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { importObservations } from '../../src/pipeline/import-observations.js';
import { scanObservations, scanRepository } from '../../src/repo-scan/scan-repository.js';
import { ROOT } from '../helpers/cli.js';
import { waitFor } from '../helpers/services.js';
import { catalog, matcher, type SecurityServer, startSecurityServer } from './server.js';

interface ScanJson {
  id: string;
  status: string;
  trigger: string;
  counts: Record<string, number>;
  errors: { message: string }[];
}

/**
 * Integrity: "Scan now" and schedules failed on expense-file connections and on the demo's
 * export connections (`unknown connector 'expenses'`), and a removed schedule fired once more.
 * Every connection the console offers is scanned the same way, whoever starts it.
 */
describe('every kind of connection can be scanned and scheduled from the console', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer();
    const repo = join(ROOT, 'fixtures/repos/python-rag');
    const scanned = await scanRepository(repo, matcher, catalog);
    await importObservations(server.database, matcher, { kind: 'repo-scan', connection: 'repo:python-rag', file: repo, observations: scanObservations(scanned), problems: [] });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const finished = (id: string) =>
    waitFor(
      async () => {
        const scan = (await (await server.call('GET', `/api/scans/${id}`, { token: server.tokens.viewer })).json()) as ScanJson;
        return scan.status !== 'running' && scan;
      },
      60_000,
      `scan ${id}`,
    );

  it('scans expense, export and repository connections with "Scan now", reading their files again', async () => {
    const connections = (await (await server.call('GET', '/api/connections', { token: server.tokens.viewer })).json()) as { items: { name: string; kind: string }[] };
    expect(connections.items.map((c) => c.kind).sort()).toEqual(['expenses', 'google-workspace-export', 'google-workspace-export', 'microsoft365-export', 'microsoft365-export', 'microsoft365-export', 'network', 'repo-scan']);
    const systemsBefore = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from ai_systems`);
    for (const { name } of connections.items) {
      const started = await server.call('POST', `/api/connections/${encodeURIComponent(name)}/scans`, { token: server.tokens.admin });
      expect(started.status, name).toBe(202);
      const scan = await finished(((await started.json()) as { scanId: string }).scanId);
      expect(scan.status, `${name}: ${JSON.stringify(scan.errors)}`).toBe('completed');
      expect(scan.trigger).toBe('api:admin-token');
      // A network scan says matched where the other files say flagged.
      expect(scan.counts.flagged ?? scan.counts.matched, name).toBeGreaterThan(0);
    }
    // Reading the same files again finds the same systems: nothing duplicated, nothing lost.
    expect(await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from ai_systems`)).toEqual(systemsBefore);
  }, 120_000);

  it('runs a schedule of an expense connection, and never again once it is removed', async () => {
    const added = await server.call('POST', '/api/schedules', { token: server.tokens.admin, body: { connection: 'demo-expenses', cron: '*/2 * * * * *', timezone: 'UTC' } });
    expect(added.status).toBe(200);
    const { id } = (await added.json()) as { id: string };
    const scheduled = async () => ((await (await server.call('GET', '/api/scans?connection=demo-expenses', { token: server.tokens.viewer })).json()) as { items: ScanJson[] }).items.filter((s) => s.trigger === `schedule:${id}`);
    const first = await waitFor(async () => (await scheduled()).find((s) => s.status !== 'running'), 30_000, 'a scheduled scan');
    expect(first.status).toBe('completed');
    expect((await server.call('DELETE', `/api/schedules/${id}`, { token: server.tokens.admin })).status).toBe(204);
    await sleep(500);
    const after = (await scheduled()).length;
    await sleep(5000);
    expect((await scheduled()).length).toBe(after);
  }, 60_000);
});
