import { getEventListeners } from 'node:events';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoft365Connector } from '../../../connectors/microsoft365/index.js';
import { PermanentSourceError, RateLimitedError } from '../../../src/domain/connector.js';
import type { EndpointAppAttributes, Observation } from '../../../src/domain/observation.js';
import { graphBatchRoute } from '../../helpers/nock-graph-batch.js';
import { fixture, GRAPH, graphScope, queryOf, runtime, tokenScope } from './helpers.js';

const page1 = fixture('graph/detectedApps-page1.json');
const page2 = fixture('graph/detectedApps-page2.json');
const chatgptDevices = fixture('graph/detectedApp-chatgpt-managedDevices.json');
const claudeDevices = fixture('graph/detectedApp-claude-managedDevices.json');
const LIST = { $select: 'id,displayName,version,deviceCount,publisher,platform', $top: '100' };
const DEVICES = { $select: 'id,deviceName,userPrincipalName', $top: '100' };
const devicesOf = (id: string) => `/v1.0/deviceManagement/detectedApps/${id}/managedDevices`;
const app = (o: Observation) => o.attributes as EndpointAppAttributes;

/** Intune's own 403 body: the message names the scopes the app lacks. */
const intuneDenied = {
  error: {
    code: 'Forbidden',
    message:
      '{\r\n  "_version": 3,\r\n  "Message": "Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 4f0d2c7e-1b6a-4f3e-9d2c-7e1b6a4f3e9d - Url: https://fef.msub02.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/deviceManagement/detectedApps?api-version=2025-06-01",\r\n  "CustomApiErrorPhrase": "",\r\n  "RetryAfter": null,\r\n  "ErrorSourceService": "",\r\n  "HttpHeaders": "{}"\r\n}',
    innerError: { date: '2026-11-28T10:02:11', 'request-id': '4f0d2c7e-1b6a-4f3e-9d2c-7e1b6a4f3e9d', 'client-request-id': '4f0d2c7e-1b6a-4f3e-9d2c-7e1b6a4f3e9d' },
  },
};

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('microsoft365 detected-apps stream (Intune discovered apps)', () => {
  // A scan's signal lives as long as the scan: given to every request, Node's fetch left a
  // listener on it per request until garbage collection (thousands in bench:scale's workers).
  it("leaves no listener on the scan's signal after its requests", async () => {
    const scan = new AbortController();
    const rt = { ...runtime(), signal: scan.signal };
    tokenScope();
    graphScope().persist().get('/v1.0/deviceManagement/detectedApps').query(LIST).reply(200, page1).get(/\/managedDevices$/).query(DEVICES).reply(200, chatgptDevices);
    for (let page = 0; page < 40; page++) await microsoft365Connector.fetchPage(rt, 'detected-apps', null);
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(0);
  });

  it('pages by @odata.nextLink; lists the devices of each app that has any; one endpoint_app per app', async () => {
    const rt = runtime();
    const token = tokenScope();
    const graph = graphScope()
      .get('/v1.0/deviceManagement/detectedApps')
      .query(LIST)
      .reply(200, page1)
      .get(devicesOf(page1.value[0].id))
      .query(DEVICES)
      .reply(200, chatgptDevices)
      .get(devicesOf(page1.value[1].id))
      .query(DEVICES)
      .reply(200, { value: [] })
      .get('/v1.0/deviceManagement/detectedApps')
      .query(queryOf(page1['@odata.nextLink']))
      .reply(200, page2)
      .get(devicesOf(page2.value[0].id))
      .query(DEVICES)
      .reply(200, claudeDevices)
      .get(devicesOf(page2.value[1].id))
      .query(DEVICES)
      .reply(200, { value: [] });

    const first = await microsoft365Connector.fetchPage(rt, 'detected-apps', null);
    expect(first.next).toBe(page1['@odata.nextLink']);
    const second = await microsoft365Connector.fetchPage(rt, 'detected-apps', first.next);
    expect(second.next).toBeNull();
    const all = [...first.observations, ...second.observations];
    // The app without a name is left out; the one without devices keeps its count (0) and asks for none.
    expect(all.map((o) => app(o).name)).toEqual(['ChatGPT', 'Microsoft Edge', 'Ollama version 0.12.3', 'Claude']);
    expect(all[0]).toEqual({
      kind: 'endpoint_app',
      key: `m365:detected-app:${page1.value[0].id}`,
      attributes: {
        provider: 'microsoft',
        platform: 'windows',
        name: 'ChatGPT',
        publisher: 'OpenAI',
        version: '1.2025.258.0',
        devices: 3,
        deviceIds: ['NW-LT-0415', 'NW-LT-0522', 'NW-LT-0611'],
        users: ['ana.kovac@northwind.example', 'ben.ortiz@northwind.example'],
      },
    });
    expect(app(all[3]!)).toMatchObject({ platform: 'macos', devices: 2, users: ['carla.reyes@northwind.example'] });
    token.done();
    graph.done();
  });

  it('429 on the device list of one app: that request alone is repeated after Retry-After', async () => {
    const rt = runtime();
    tokenScope();
    const graph = graphScope()
      .get('/v1.0/deviceManagement/detectedApps')
      .query(LIST)
      .reply(200, { value: [page1.value[0]] })
      .get(devicesOf(page1.value[0].id))
      .query(DEVICES)
      .reply(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': '1', 'Content-Type': 'application/json' })
      .get(devicesOf(page1.value[0].id))
      .query(DEVICES)
      .reply(200, chatgptDevices);
    const page = await microsoft365Connector.fetchPage(rt, 'detected-apps', null);
    expect(app(page.observations[0]!).deviceIds).toHaveLength(3);
    graph.done();
  });

  it('a long Retry-After goes back to the runner as RateLimitedError', async () => {
    tokenScope();
    graphScope().get('/v1.0/deviceManagement/detectedApps').query(LIST).reply(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': '90' });
    const error = await microsoft365Connector.fetchPage(runtime(), 'detected-apps', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(90_000);
  });

  it('403 names the permission to grant', async () => {
    tokenScope();
    graphScope().get('/v1.0/deviceManagement/detectedApps').query(LIST).reply(403, intuneDenied);
    const error = await microsoft365Connector.fetchPage(runtime(), 'detected-apps', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as PermanentSourceError).missing).toEqual(['DeviceManagementManagedDevices.Read.All']);
    expect((error as Error).message).toMatch(/GET \/deviceManagement\/detectedApps answered 403.*grant DeviceManagementManagedDevices\.Read\.All/);
  });

  it('connections test checks the permission with one cheap request', async () => {
    const rt = runtime();
    tokenScope();
    graphScope()
      .get('/v1.0/subscribedSkus').query(true).reply(200, { value: [] })
      .get('/v1.0/users').query(true).reply(200, { value: [] })
      .get('/v1.0/servicePrincipals').query(true).reply(200, { value: [] })
      .get('/v1.0/oauth2PermissionGrants').query(true).reply(200, { value: [] })
      .get('/v1.0/deviceManagement/detectedApps').query({ $select: 'id', $top: '1' }).reply(403, intuneDenied);
    const checks = await microsoft365Connector.test(rt);
    const devices = checks.find((c) => c.name === 'DeviceManagementManagedDevices.Read.All');
    expect(devices).toMatchObject({ ok: false, problem: 'permission' });
  });

  it('paces every Intune request at intuneRequestsPerSecond, the device lookups in one batch that leaves at its last member\'s turn, and keeps the apps in order', async () => {
    const rt = runtime({ intuneRequestsPerSecond: 40 });
    tokenScope();
    const batches = graphBatchRoute(GRAPH);
    const apps = Array.from({ length: 20 }, (_, i) => ({ id: `app-${i}`, displayName: `App ${i}`, version: '1', deviceCount: 1, publisher: 'P', platform: 'windows' }));
    const sent: number[] = [];
    const graph = graphScope()
      .get('/v1.0/deviceManagement/detectedApps')
      .query(LIST)
      .reply(200, () => {
        sent.push(performance.now());
        return { value: apps };
      });
    for (const { id } of apps) {
      graph
        .get(devicesOf(id))
        .query(DEVICES)
        .reply(200, () => {
          sent.push(performance.now());
          return { value: [{ id: `d-${id}`, deviceName: 'NW-LT-1', userPrincipalName: 'ana@northwind.example' }] };
        });
    }
    const page = await microsoft365Connector.fetchPage(rt, 'detected-apps', null);
    graph.done();
    expect(page.observations.map((o) => app(o).name)).toEqual(apps.map((a) => a.displayName));
    expect(batches.batches).toHaveLength(1);
    expect(batches.batches[0]).toHaveLength(20);
    // 21 requests at 40 a second: the batch of 20 goes at the 21st slot, 20 gaps of 25 ms after the list.
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(20 * 25 - 5);
  });
});
