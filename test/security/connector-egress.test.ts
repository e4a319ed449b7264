import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector } from '../../connectors/github/index.js';
import { getAdminJson } from '../../connectors/google-workspace/http.js';
import { googleWorkspaceConnector } from '../../connectors/google-workspace/index.js';
import { sessionFor } from '../../connectors/google-workspace/session.js';
import { TOKENS_SCOPES } from '../../connectors/google-workspace/streams/tokens.js';
import { microsoft365Connector } from '../../connectors/microsoft365/index.js';
import { type Connector, type ConnectorRuntime, TransientSourceError } from '../../src/domain/connector.js';
import { findCause, RefusedAddressError } from '../../src/domain/errors.js';
import { installOutboundGuard } from '../../src/outbound/guard.js';
import { parseNetworkPolicy } from '../../src/outbound/policy.js';
import { freePort } from '../helpers/services.js';

/**
 * Every SaaS connector's requests, the token exchanges included, leave through the outbound
 * guard, which checks each connection's address after DNS resolution: a source configured with a
 * public name that later resolves to an internal address (DNS rebinding, or a record changed
 * after the connection was added) is refused before a byte is sent. Google's clients once went
 * around it: gaxios sends with node-fetch over node:http, not with fetch.
 */
describe('connector requests go through the outbound guard', () => {
  // The token endpoints are allowed (127.0.0.2), the APIs are not (127.0.0.1): each connector
  // gets its token, and its API requests meet the guard on their own path.
  const servers: Server[] = [];
  let api = '';
  let tokens = '';
  const seen: string[] = [];
  const listen = async (host: string, answer: (url: string) => unknown) => {
    const server = createServer((request, response) => {
      if (host === '127.0.0.1') seen.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(request.url ?? '')));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    servers.push(server);
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    api = await listen('127.0.0.1', () => ({}));
    tokens = await listen('127.0.0.2', () => ({ access_token: 'egress-token', token_type: 'Bearer', expires_in: 3599 }));
  });
  afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));

  // No nock here: it would take the requests before the guard sees them.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const keyFile = JSON.stringify({ type: 'service_account', client_email: 'unshadow@unshadow-test.iam.gserviceaccount.com', private_key: privateKey });
  const retry = { attempts: 1 };
  // Made when a test runs: the servers' addresses are known only then.
  const runtimeOf = (connector: Connector<never>, options: () => Record<string, unknown>, secrets: Record<string, string>) => (): ConnectorRuntime<never> => ({ options: connector.optionsSchema.parse(options()) as never, secrets, retry });
  const cases: [string, Connector<never>, () => ConnectorRuntime<never>, string][] = [
    ['google-workspace', googleWorkspaceConnector as never, runtimeOf(googleWorkspaceConnector as never, () => ({ adminEmail: 'admin@northwind.example', apiRoot: api, tokenUrl: `${tokens}/token`, retryBaseMs: 1 }), { keyFile }), 'tokens'],
    ['microsoft365', microsoft365Connector as never, runtimeOf(microsoft365Connector as never, () => ({ tenantId: 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19', clientId: '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60', graphUrl: api, authorityUrl: tokens }), { clientSecret: 'secret' }), 'skus'],
    ['github', githubConnector as never, runtimeOf(githubConnector as never, () => ({ org: 'northwind', apiUrl: api }), { token: 'ghp_egress' }), 'copilot'],
  ];

  it.each(cases)("%s: an API at a refused address gets no request; with the operator's allowance it does", async (_kind, connector, runtime, stream) => {
    seen.length = 0;
    installOutboundGuard(parseNetworkPolicy('127.0.0.2'));
    const refused = await connector.fetchPage(runtime(), stream, null).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(refused?.message).toMatch(/refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address/);
    expect(seen).toEqual([]);

    installOutboundGuard(parseNetworkPolicy('loopback'));
    await connector.fetchPage(runtime(), stream, null).catch(() => undefined);
    expect(seen.length).toBeGreaterThan(0);
  });

  // A user without tokens lists none: the case above meets the guard at users.list, before any.
  it("google-workspace's per-user tokens.list, sent with fetch rather than the client, meets it too", async () => {
    seen.length = 0;
    const [, , runtime] = cases[0]!;
    const session = sessionFor(runtime() as never);
    const path = '/admin/directory/v1/users/1004/tokens';
    installOutboundGuard(parseNetworkPolicy('127.0.0.2'));
    const refused = await getAdminJson(session, session.auth(TOKENS_SCOPES), path).catch((error: unknown) => error);
    expect(findCause(refused, RefusedAddressError)?.message).toMatch(/refused to connect to 127\.0\.0\.1/);
    expect(seen).toEqual([]);

    installOutboundGuard(parseNetworkPolicy('loopback'));
    await getAdminJson(session, session.auth(TOKENS_SCOPES), path);
    expect(seen).toEqual([`GET ${path}`]);
  });

  it('a Graph API where nothing listens reads as unreachable, as the other connectors do (it said "TypeError")', async () => {
    installOutboundGuard(parseNetworkPolicy('loopback'));
    const port = await freePort();
    const runtime = runtimeOf(microsoft365Connector as never, () => ({ tenantId: 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19', clientId: '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60', graphUrl: `http://127.0.0.1:${port}`, authorityUrl: tokens }), { clientSecret: 'secret' });
    const error = (await microsoft365Connector.fetchPage(runtime(), 'skus', null).catch((e: unknown) => e)) as TransientSourceError;
    expect(error).toBeInstanceOf(TransientSourceError);
    expect(error.problem).toBe('unreachable');
    expect(error.message).toMatch(/^GET \/subscribedSkus: cannot reach the source \(ECONNREFUSED\)/);
  });
});
