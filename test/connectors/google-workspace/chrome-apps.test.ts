import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetGoogleWorkspaceSessions } from '../../../connectors/google-workspace/index.js';
import { CHROME_REPORTS_SCOPE, fetchChromeAppsPage } from '../../../connectors/google-workspace/streams/chrome-apps.js';
import { PermanentSourceError, RateLimitedError } from '../../../src/domain/connector.js';
import type { BrowserExtensionAttributes } from '../../../src/domain/observation.js';
import { API_ROOT, fixture, mockTokenEndpoint, runtime } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => resetGoogleWorkspaceSessions());
afterEach(() => nock.cleanAll());

const COUNT = '/v1/customers/my_customer/reports:countInstalledApps';
const DEVICES = '/v1/customers/my_customer/reports:findInstalledAppDevices';
const devices = fixture<object>('chrome-find-installed-app-devices.json');
const attributes = (o: { attributes: unknown }) => o.attributes as BrowserExtensionAttributes;

describe('google-workspace chrome-apps stream (Chrome Management API)', () => {
  it('pages over installed apps by pageToken, lists the devices of each one a browser has, and leaves themes out', async () => {
    const token = mockTokenEndpoint([CHROME_REPORTS_SCOPE]);
    const api = nock(API_ROOT)
      .get(COUNT)
      .query({ pageSize: '100', orderBy: 'app_id' })
      .reply(200, fixture('chrome-count-installed-apps-page1.json'))
      .get(DEVICES)
      .query({ appId: 'ofpnmcalabcbjgholdjcjblkibolbppb', appType: 'EXTENSION', pageSize: '100' })
      .reply(200, devices)
      .get(DEVICES)
      .query({ appId: 'kbfnbcaeplbcioakkpcpgfkobkghlhen', appType: 'EXTENSION', pageSize: '100' })
      .reply(200, { devices: [], totalSize: 48 })
      .get(DEVICES)
      .query({ appId: 'aapbdbdomjkkjkaonfhkkikfgjllcleb', appType: 'EXTENSION', pageSize: '100' })
      .reply(200, {})
      .get(COUNT)
      .query({ pageSize: '100', orderBy: 'app_id', pageToken: 'Cg9jaHJvbWUtYXBwcy0w' })
      .reply(200, fixture('chrome-count-installed-apps-page2.json'))
      .get(DEVICES)
      .query({ appId: 'fcoeoabgfenejglbffodgkkbkcdhcgfn', appType: 'EXTENSION', pageSize: '100' })
      .reply(200, { devices: [{ deviceId: 'c8a8c8f5-4b3e-4b2a-9daa-3e4f5a6b7c83', machine: 'NW-MB-0107' }] });

    const first = await fetchChromeAppsPage(runtime(), null);
    expect(first.next).toEqual({ pageToken: 'Cg9jaHJvbWUtYXBwcy0w' });
    expect(first.observations[0]).toEqual({
      kind: 'browser_extension',
      key: 'gws:chrome-app:ofpnmcalabcbjgholdjcjblkibolbppb',
      attributes: {
        provider: 'google',
        browser: 'chrome',
        extensionId: 'ofpnmcalabcbjgholdjcjblkibolbppb',
        name: 'Monica - Your ChatGPT AI Assistant Chrome Extension',
        permissions: ['storage', 'contextMenus', 'tabs', '<all_urls>', 'clipboardRead', 'scripting'],
        installType: 'normal',
        devices: 7,
        users: 6,
        deviceIds: ['NW-LT-0415', 'NW-LT-0522'],
        exposure: { level: 'high', reasons: ['<all_urls>: reads and changes every page you visit', 'clipboardRead: reads the clipboard'] },
      },
    });
    expect(attributes(first.observations[1]!)).toMatchObject({ name: 'Grammarly: AI Writing and Grammar Checker App', installType: 'admin', devices: 48 });
    const second = await fetchChromeAppsPage(runtime(), first.next);
    expect(second.next).toBeNull();
    // The theme is left out; an extension no browser has asks for no devices.
    expect(second.observations.map((o) => attributes(o).extensionId)).toEqual(['fcoeoabgfenejglbffodgkkbkcdhcgfn', 'bcdgpgggiaimfflbjbdbdbbmcaacdbnl']);
    api.done();
    token.done();
  });

  it('429 without Retry-After: the call alone is repeated after a backoff', async () => {
    mockTokenEndpoint([CHROME_REPORTS_SCOPE]);
    const api = nock(API_ROOT)
      .get(COUNT)
      .query(true)
      .reply(429, { error: { code: 429, message: 'Quota exceeded for quota metric', status: 'RESOURCE_EXHAUSTED' } })
      .get(COUNT)
      .query(true)
      .reply(200, { installedApps: [] });
    expect(await fetchChromeAppsPage(runtime(), null)).toEqual({ observations: [], next: null });
    api.done();
  });

  it('429 that keeps coming goes back to the runner as RateLimitedError', async () => {
    mockTokenEndpoint([CHROME_REPORTS_SCOPE]);
    nock(API_ROOT).get(COUNT).query(true).times(10).reply(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '120' });
    const error = await fetchChromeAppsPage(runtime({ retryAttempts: 2 }), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
  });

  it('403 names the scope to delegate', async () => {
    mockTokenEndpoint([CHROME_REPORTS_SCOPE]);
    nock(API_ROOT)
      .get(COUNT)
      .query(true)
      .reply(403, { error: { code: 403, message: 'Request had insufficient authentication scopes.', status: 'PERMISSION_DENIED' } });
    const error = await fetchChromeAppsPage(runtime(), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSourceError);
    expect((error as Error).message).toMatch(/chrome\.management\.reports\.readonly/);
  });
});

describe('google-workspace chrome-apps stream without managed browsers', () => {
  it('404 is an empty stream, not a failed scan', async () => {
    mockTokenEndpoint([CHROME_REPORTS_SCOPE]);
    nock(API_ROOT).get(COUNT).query(true).reply(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
    expect(await fetchChromeAppsPage(runtime(), null)).toEqual({ observations: [], next: null });
  });
});
