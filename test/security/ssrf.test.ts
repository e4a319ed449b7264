import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConnection } from '../../src/inventory/connections.js';
import { getScan, startScan } from '../../src/inventory/scans.js';
import { silentLogger } from '../../src/log.js';
import { installOutboundGuard } from '../../src/outbound/guard.js';
import { parseNetworkPolicy, PUBLIC_ONLY } from '../../src/outbound/policy.js';
import { runScanInProcess } from '../../src/scan/run-in-process.js';
import { freshDatabase } from '../helpers/databases.js';
import { startReceiver } from '../helpers/receiver.js';
import { freePort } from '../helpers/services.js';
import { catalog, matcher, type SecurityServer, startSecurityServer } from './server.js';

/**
 * Finding 3: `allowPrivate: true` in a request switched the SSRF guard off, and the rule test
 * then told closed, open-HTTP and open-non-HTTP ports apart. Private targets are the operator's
 * setting; the answers say delivered or not; connectors go through the same guard.
 */
describe('outbound requests only where the operator allows', () => {
  let server: SecurityServer;
  let internal: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({}, { demo: false });
    internal = await startSecurityServer({ UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback' }, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await internal?.stop();
  });

  it('does not let a request switch the guard off', async () => {
    const response = await server.call('POST', '/api/alerts/rules', { token: server.tokens.security, body: { name: 'scan', channel: 'slack', url: 'http://127.0.0.1:22/', allowPrivate: true } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/allowPrivate/);
  });

  it('refuses internal addresses in every spelling', async () => {
    const urls = ['http://127.0.0.1:8080/x', 'http://[::1]/x', 'http://[::127.0.0.1]/x', 'http://[::7f00:1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://169.254.169.254/latest/meta-data', 'http://[64:ff9b::a9fe:a9fe]/', 'http://0.0.0.0:8080/', 'http://localhost:8080/'];
    for (const url of urls) {
      const response = await server.call('POST', '/api/alerts/rules', { token: server.tokens.security, body: { name: 'probe', channel: 'slack', url } });
      expect(response.status, url).toBe(400);
      expect(((await response.json()) as { error: string }).error, url).toMatch(/^refused to connect to /);
    }
  });

  it('answers a rule test the same whether the port is closed, speaks HTTP with an error, or is not HTTP at all', async () => {
    const closedPort = await freePort();
    const http = await startReceiver([{ status: 404 }]);
    const raw: TcpServer = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawPort = (raw.address() as { port: number }).port;
    try {
      const answers: unknown[] = [];
      for (const [name, url] of [['closed', `http://127.0.0.1:${closedPort}/`], ['http', http.url], ['ssh', `http://127.0.0.1:${rawPort}/`]]) {
        const added = await internal.call('POST', '/api/alerts/rules', { token: internal.tokens.security, body: { name: name!, channel: 'slack', url: url! } });
        expect(added.status, name).toBe(200);
        // Each test is kept in the history under an id of its own; the rest of the answer must not differ.
        const { deliveryId, ...answer } = (await (await internal.call('POST', `/api/alerts/rules/${name}/test`, { token: internal.tokens.security })).json()) as { deliveryId: string };
        expect(deliveryId).toMatch(/^[0-9a-f-]{36}$/);
        answers.push(answer);
      }
      expect(answers[0]).toMatchObject({ delivered: false, error: 'the test alert was not delivered; the server log says why' });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      // The operator still sees why, in the server's log.
      expect(internal.logs.join('')).toContain('the receiver answered 404');
    } finally {
      await http.close();
      raw.close();
    }
  });

  it('sends connector requests through the same guard, to loopback only with the allowance', async () => {
    const database = await freshDatabase('postgres');
    let requests = 0;
    const api = createHttpServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: 0, to: 5, next: null }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as { port: number }).port}/pages`;
    try {
      const run = async (name: string) => {
        const connection = await addConnection(database.db, { kind: 'synthetic', name, config: { url }, secrets: {} });
        const scanId = await startScan(database.db, connection.id, {});
        await runScanInProcess({ db: database.db, config: { env: {}, secretKey: undefined }, matcher, catalog, log: silentLogger }, scanId);
        return (await getScan(database.db, scanId))!;
      };
      installOutboundGuard(PUBLIC_ONLY);
      const refused = await run('refused');
      expect(refused.status).toBe('failed');
      expect(refused.errors.map((e) => e.message).join(' ')).toMatch(/refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address/);
      expect(requests).toBe(0);
      installOutboundGuard(parseNetworkPolicy('loopback'));
      const allowed = await run('allowed');
      expect(allowed.status).toBe('completed');
      expect(requests).toBe(1);
    } finally {
      api.close();
      await database.dispose();
    }
  });
});
