import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/jobs.js';
import { queryRows } from '../../src/db/client.js';
import { addConnection } from '../../src/inventory/connections.js';
import { listInventory } from '../../src/inventory/queries.js';
import { startScan } from '../../src/inventory/scans.js';
import { startDirectoryServer } from '../bench/lib/google-directory-server.js';
import { capturingLogger, matcher, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL } from '../helpers/services.js';

describe('a Google Workspace domain scanned by the real workers', () => {
  it("puts every AI app its users granted into the inventory, with the users and the scopes", async () => {
    const directory = await startDirectoryServer(1200, 1000);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const key = JSON.stringify({ type: 'service_account', client_email: 'unshadow@e2e.iam.gserviceaccount.com', private_key: privateKey });
    const environment = await queueEnvironment(TEST_REDIS_URL, { GWS_KEY: key });
    const { log, lines } = capturingLogger();
    const workers = await startTestWorkers(environment, log);
    try {
      const connection = await addConnection(environment.db, {
        kind: 'google-workspace',
        name: 'northwind-domain',
        config: { adminEmail: 'admin@northwind.example', apiRoot: directory.url, tokenUrl: `${directory.url}/token`, requestsPerSecond: 100, concurrency: 8 },
        secrets: { keyFile: 'env:GWS_KEY' },
      });
      const scanId = await startScan(environment.db, connection.id, {});
      await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
      const scan = await waitForScan(environment.db, scanId, 90_000);
      expect(scan.status, lines.filter((l) => l.includes('"level":50')).join('\n')).toBe('completed');
      expect(directory.stats.tokensListOk).toBe(directory.users);

      // Every grant the directory holds went through the matcher; the AI ones are stored.
      const stored = await queryRows<{ app: string; users: number; scopes: string[] }>(
        environment.db,
        sql`select attributes->>'appName' as app, count(distinct attributes->>'user')::int as users,
              (array_agg(distinct scope))::text[] as scopes
            from observations, jsonb_array_elements_text(attributes->'scopes') as scope
            where connection_id = ${connection.id} group by 1 order by 1`,
      );
      const apps = stored.map((row) => row.app);
      expect(apps).toEqual(expect.arrayContaining(['ChatGPT', 'Fireflies.ai', 'Grammarly', 'Otter.ai']));
      expect(apps).not.toContain('Zoom');
      expect(apps).not.toContain('Calendly');
      for (const app of apps) expect(matcher.match({ kind: 'oauth_grant', attributes: { appName: app, scopes: [] } }).flagged).toBe(true);
      expect(stored.find((row) => row.app === 'ChatGPT')!.scopes).toContain('https://www.googleapis.com/auth/drive.readonly');

      const inventory = await listInventory(environment.db);
      const chatgpt = inventory.find((item) => item.catalogId === 'openai-chatgpt')!;
      expect(chatgpt.users).toBe(stored.find((row) => row.app === 'ChatGPT')!.users);
      expect(chatgpt.sources).toEqual({ oauth_grant: expect.any(Number) });
    } finally {
      await workers.close();
      await environment.dispose();
      await directory.close();
    }
  });
});
