import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/jobs.js';
import { addConnection } from '../../src/inventory/connections.js';
import { listInventory, showInventoryItem } from '../../src/inventory/queries.js';
import { startScan } from '../../src/inventory/scans.js';

import { capturingLogger, queueEnvironment, startTestWorkers, waitForScan } from '../helpers/queue.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { fakeTenant, TENANT_ID, tenant, usersPages } from '../helpers/fake-m365.js';

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('a Microsoft 365 tenant scanned by the real workers', () => {
  it('puts its AI apps and AI licences into the inventory, with their users and scopes', async () => {
    const environment = await queueEnvironment(TEST_REDIS_URL, { M365_SECRET: 'e2e-client-secret' });
    const { log, lines } = capturingLogger();
    const workers = await startTestWorkers(environment, log);
    try {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      fakeTenant('e2e-app-only-token');
      const connection = await addConnection(environment.db, {
        kind: 'microsoft365',
        name: 'northwind-tenant',
        config: { tenantId: TENANT_ID, clientId: '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60' },
        secrets: { clientSecret: 'env:M365_SECRET' },
      });
      const scanId = await startScan(environment.db, connection.id, {});
      await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
      const scan = await waitForScan(environment.db, scanId, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${lines.filter((line) => line.includes('"level":40') || line.includes('"level":50')).slice(0, 3).join('\n')}`);
      });
      expect(scan.errors).toEqual([]);
      expect(scan.status).toBe('completed');

      const items = await listInventory(environment.db);
      const byCatalog = new Map(items.map((item) => [item.catalogId, item]));
      for (const id of ['openai-chatgpt', 'otter-ai', 'fireflies-ai', 'microsoft-365-copilot']) expect(byCatalog.has(id), id).toBe(true);
      expect([...byCatalog.keys()].some((id) => id === 'zoom' || id === 'docusign')).toBe(false);

      const chatgpt = (await showInventoryItem(environment.db, byCatalog.get('openai-chatgpt')!.id))!;
      const expectedUsers = tenant.oauth2PermissionGrants
        .filter((g: { clientId: string }) => tenant.servicePrincipals.find((sp: { id: string; displayName: string }) => sp.id === g.clientId)?.displayName === 'ChatGPT')
        .map((g: { principalId: string }) => tenant.users.find((u: { id: string }) => u.id === g.principalId)?.userPrincipalName)
        .sort();
      // Its users: those who consented, and those signed in where Intune found its desktop app.
      const deviceUsers = chatgpt.evidence.find((e) => e.kind === 'endpoint_app')!.attributes.users as string[];
      expect(deviceUsers.length).toBeGreaterThan(0);
      const people = [...new Set([...expectedUsers, ...deviceUsers])].sort();
      expect(people.length).toBeGreaterThan(expectedUsers.length);
      expect(chatgpt.people).toEqual(people);
      // Fireflies holds an application permission: it reaches every user of the tenant.
      expect(byCatalog.get('fireflies-ai')).toMatchObject({ allUsers: true, users: tenant.users.length });
      expect(byCatalog.get('openai-chatgpt')).toMatchObject({ allUsers: false, users: people.length });
      expect(chatgpt.evidence.find((e) => e.kind === 'oauth_grant')!.attributes).toMatchObject({ scopes: expect.arrayContaining(['Mail.Read']), exposure: { level: 'high' } });
      // Intune found the ChatGPT desktop app on three devices of the same tenant.
      expect(chatgpt.evidence.find((e) => e.kind === 'endpoint_app')!.attributes).toMatchObject({ name: 'ChatGPT', devices: 3 });

      const copilot = (await showInventoryItem(environment.db, byCatalog.get('microsoft-365-copilot')!.id))!;
      const holders = usersPages
        .flatMap((page) => page.value)
        .filter((user: { accountEnabled: boolean; assignedLicenses: { skuId: string }[] }) => user.accountEnabled && user.assignedLicenses.some((l) => l.skuId === '639dec6b-bb19-468b-871c-c5c441c4b0cb'))
        .map((user: { userPrincipalName: string }) => user.userPrincipalName)
        .sort();
      expect(copilot.people).toEqual(holders);
    } finally {
      await workers.close();
      await environment.dispose();
    }
  });
});
