import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleWorkspaceConnector, parseGoogleTokensExport, resetGoogleWorkspaceSessions } from '../../../connectors/google-workspace/index.js';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { ADMIN, API_ROOT, byKey, fixture, fixtureText, mockTokenEndpoint, runtime, SCOPE, TOKEN_URL, TOKENS_SCOPES, type Assertion } from './helpers.js';

type TokenLists = Record<string, { items?: unknown[] }>;
const tokenLists = fixture<TokenLists>('tokens-lists.json');
const USERS = '/admin/directory/v1/users';
const tokensPath = (userKey: string) => `/admin/directory/v1/users/${userKey}/tokens`;
const rateLimited = fixture<Record<string, unknown>>('error-rate-limited.json');
const notAuthorized = fixture<Record<string, unknown>>('error-not-authorized.json');

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => resetGoogleWorkspaceSessions());
afterEach(() => nock.cleanAll());

async function drain(stream: string, options: Parameters<typeof runtime>[0] = {}): Promise<{ observations: Observation[]; pages: number }> {
  const observations: Observation[] = [];
  let cursor: unknown = null;
  let pages = 0;
  do {
    const page = await googleWorkspaceConnector.fetchPage(runtime(options), stream, cursor);
    observations.push(...page.observations);
    cursor = page.next;
    pages++;
  } while (cursor !== null);
  return { observations, pages };
}

const onePage = (users: { id: string; primaryEmail: string; suspended?: boolean }[]) => ({ kind: 'admin#directory#users', users });

describe('google-workspace tokens stream', () => {
  it('pages through users (three pages), keeps users without tokens, and keeps and marks the grants of suspended and archived users', async () => {
    const seen: Assertion[] = [];
    const token = mockTokenEndpoint(TOKENS_SCOPES, seen);
    const pages = ['users-page-1.json', 'users-page-2.json', 'users-page-3.json'].map((name) => fixture<{ users: { id: string; suspended: boolean; archived: boolean }[]; nextPageToken?: string }>(name));
    const api = nock(API_ROOT, { reqheaders: { authorization: 'Bearer ya29.test-token' } });
    let pageToken: string | undefined;
    for (const page of pages) {
      const expected = pageToken;
      api
        .get(USERS)
        .query((query) => query.customer === 'my_customer' && query.maxResults === '500' && query.projection === 'basic' && typeof query.fields === 'string' && query.pageToken === expected)
        .reply(200, page);
      pageToken = page.nextPageToken;
      // Every user, suspended and archived ones too: suspension does not revoke their tokens.
      for (const user of page.users) api.get(tokensPath(user.id)).reply(200, tokenLists[user.id]);
    }

    const { observations, pages: fetched } = await drain('tokens');

    expect(fetched).toBe(3);
    token.done();
    api.done();
    expect(seen).toHaveLength(1); // one token for the whole scan, reused across pages
    expect(seen[0]!.claims).toMatchObject({ iss: 'unshadow@unshadow-test.iam.gserviceaccount.com', sub: ADMIN, aud: TOKEN_URL });
    expect(observations).toHaveLength(20);
    expect(observations.some((o) => o.key.includes('gus.pereira'))).toBe(false);
    const held = (email: string) => observations.filter((o) => o.key.includes(email)).map((o) => (o.attributes as { holderStatus?: string }).holderStatus);
    expect(held('julia.romano')).toEqual(['suspended']);
    expect(held('kofi.mensah')).toEqual(['archived']);
    const chatgpt = observations.find((o) => o.key === 'gws:token:alice.moreau@northwind.example:677150985422-8qnv0sl5j4cfrhsbm4r7m1gvemq2h1ke.apps.googleusercontent.com');
    expect(chatgpt).toMatchObject({
      kind: 'oauth_grant',
      attributes: { provider: 'google', appName: 'ChatGPT', user: 'alice.moreau@northwind.example', grantType: 'delegated', exposure: { level: 'high' } },
    });
    expect(chatgpt!.attributes).not.toHaveProperty('holderStatus');
    // The live stream and the offline import (active users) give the same observations for the same tokens.
    const active = observations.filter((o) => !('holderStatus' in o.attributes));
    expect(byKey(active)).toEqual(byKey(parseGoogleTokensExport(fixtureText('tokens-export.json')).observations));
  });

  it('works against the default Google endpoints', async () => {
    const token = mockTokenEndpoint(TOKENS_SCOPES, [], 'https://oauth2.googleapis.com');
    const api = nock('https://admin.googleapis.com')
      .get(USERS)
      .query(true)
      .reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }]))
      .get(tokensPath('1'))
      .reply(200, { kind: 'admin#directory#tokenList' });
    const page = await googleWorkspaceConnector.fetchPage(
      { options: googleWorkspaceConnector.optionsSchema.parse({ adminEmail: ADMIN }), secrets: runtime().secrets },
      'tokens',
      null,
    );
    expect(page).toMatchObject({ observations: [], next: null });
    token.done();
    api.done();
  });

  it('retries a user after 429 (Retry-After) and after 403 rateLimitExceeded inside the page', async () => {
    const token = mockTokenEndpoint(TOKENS_SCOPES);
    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }, { id: '2', primaryEmail: 'b@northwind.example' }]))
      .get(tokensPath('1'))
      .reply(429, { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '0' })
      .get(tokensPath('1'))
      .reply(200, tokenLists['100482930175520000001'])
      .get(tokensPath('2'))
      .reply(403, rateLimited)
      .get(tokensPath('2'))
      .reply(403, rateLimited)
      .get(tokensPath('2'))
      .reply(200, tokenLists['100482930175520000002']);
    const page = await googleWorkspaceConnector.fetchPage(runtime(), 'tokens', null);
    token.done();
    api.done();
    expect(page.observations.map((o) => (o.attributes as { appName: string }).appName).sort()).toEqual(['ChatGPT', 'Grammarly', 'Otter.ai', 'Slack', 'Slack', 'Zoom']);
    expect(page.next).toBeNull();
  });

  it('gives up with RateLimitedError when a user stays rate limited, returning nothing of the page', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }]))
      .get(tokensPath('1'))
      .times(3)
      .reply(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '0' });
    const failure = await googleWorkspaceConnector.fetchPage(runtime({ retryAttempts: 3 }), 'tokens', null).catch((error: unknown) => error);
    api.done();
    // The runner delays the job by what Google asked and runs the page again.
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as Error).message).toMatch(/^GET \/admin\/directory\/v1\/users\/1\/tokens answered 429/);
  });

  it('stops with PermanentSourceError naming the scope when tokens.list is not authorised, nothing half-returned', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }]))
      .get(tokensPath('1'))
      .reply(403, notAuthorized);
    const failure = await googleWorkspaceConnector.fetchPage(runtime({ concurrency: 1 }), 'tokens', null).catch((error: unknown) => error);
    api.done();
    expect(failure).toBeInstanceOf(PermanentSourceError);
    expect((failure as PermanentSourceError).missing).toEqual(['admin.directory.user.security']);
    expect((failure as Error).message).toMatch(/answered 403.*admin\.directory\.user\.security.*Not Authorized to access this resource\/api/);
  });

  it('cancels the rest of the page after the first permanent failure (no further tokens.list calls)', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const unmatched: string[] = [];
    const record = (request: Request) => {
      unmatched.push(request.url);
    };
    nock.emitter.on('no match', record);
    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage(['1', '2', '3', '4'].map((id) => ({ id, primaryEmail: `u${id}@northwind.example` }))))
      .get(tokensPath('1'))
      .reply(200, { kind: 'admin#directory#tokenList' })
      .get(tokensPath('2'))
      .reply(403, notAuthorized);
    try {
      await expect(googleWorkspaceConnector.fetchPage(runtime({ concurrency: 1 }), 'tokens', null)).rejects.toBeInstanceOf(PermanentSourceError);
    } finally {
      nock.emitter.removeListener('no match', record);
    }
    api.done();
    expect(unmatched).toEqual([]);
  });

  it('keeps at most `concurrency` tokens.list calls in flight', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    let inFlight = 0;
    let peak = 0;
    const ids = Array.from({ length: 12 }, (_, index) => String(index + 1));
    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage(ids.map((id) => ({ id, primaryEmail: `u${id}@northwind.example` }))))
      .get(/\/admin\/directory\/v1\/users\/\d+\/tokens$/)
      .times(12)
      .reply(async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 60));
        inFlight--;
        return [200, { kind: 'admin#directory#tokenList' }];
      });
    await googleWorkspaceConnector.fetchPage(runtime({ concurrency: 3 }), 'tokens', null);
    api.done();
    expect(peak).toBe(3);
  });

  it('names every scope the domain-wide delegation lacks when the token exchange is refused', async () => {
    nock('https://oauth.gws.test')
      .post('/token')
      .reply(401, { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' });
    const failure = await googleWorkspaceConnector.fetchPage(runtime(), 'tokens', null).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentSourceError);
    expect((failure as PermanentSourceError).missing).toEqual(['admin.directory.user.readonly', 'admin.directory.user.security']);
    expect((failure as Error).message).toMatch(/domain-wide delegation/);
  });

  it('a users page or a tokens list of another shape is a transient failure naming the call, asked again', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    nock(API_ROOT).get(USERS).query(true).times(2).reply(200, { users: 'nope' });
    const users = await googleWorkspaceConnector.fetchPage(runtime({ retryAttempts: 2 }), 'tokens', null).catch((error: unknown) => error);
    expect(users).toBeInstanceOf(TransientSourceError);
    expect((users as Error).message).toMatch(/^GET \/admin\/directory\/v1\/users answered a body that is cut off or not of the documented shape \(users: /);

    const api = nock(API_ROOT)
      .get(USERS)
      .query(true)
      .reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }]))
      .get(tokensPath('1'))
      .times(2)
      .reply(200, { items: [{ displayText: 'No client id' }] });
    const tokens = await googleWorkspaceConnector.fetchPage(runtime({ retryAttempts: 2 }), 'tokens', null).catch((error: unknown) => error);
    expect(tokens).toBeInstanceOf(TransientSourceError);
    expect((tokens as Error).message).toMatch(/users\/1\/tokens answered a body that is cut off or not of the documented shape \(items\.0\.clientId/);
    api.done();
  });

  it('rejects an unusable cursor and an unknown stream', async () => {
    await expect(googleWorkspaceConnector.fetchPage(runtime(), 'tokens', { page: 3 })).rejects.toThrow(/unusable cursor/);
    await expect(googleWorkspaceConnector.fetchPage(runtime(), 'drive', null)).rejects.toThrow(/no stream "drive"/);
  });

  it('refuses a keyFile that is not a service account JSON key', async () => {
    const bad = { ...runtime(), secrets: { keyFile: '/path/to/key.json' } };
    await expect(googleWorkspaceConnector.fetchPage(bad, 'tokens', null)).rejects.toBeInstanceOf(PermanentSourceError);
  });
});

describe('google-workspace tokens stream between full listings', () => {
  const DAY = 86_400_000;
  const lastCompleteScanAt = new Date(Date.now() - DAY).toISOString();
  const listedDaysAgo = (days: number, confirmed = true) => (stream: string, item: string) => (stream === 'tokens' && item === 'full-listing' ? { state: { at: new Date(Date.now() - days * DAY).toISOString() }, confirmed } : undefined);
  const ACTIVITIES = '/admin/reports/v1/activity/users/all/applications/token';
  const activity = (email: string, name: string) => ({ kind: 'admin#reports#activity', actor: { email, profileId: '1' }, events: [{ type: 'auth', name, parameters: [{ name: 'client_id', value: 'c' }] }] });
  // A day before the last complete scan: Google can report a token event hours late.
  const since = new Date(Date.parse(lastCompleteScanAt) - DAY).toISOString();

  it('lists again only the users with token events since the last complete scan, and vouches for everyone else', async () => {
    const reports = mockTokenEndpoint([SCOPE.reports]);
    const token = mockTokenEndpoint(TOKENS_SCOPES);
    const api = nock(API_ROOT)
      .get(ACTIVITIES)
      .query({ eventName: 'authorize', startTime: since, maxResults: '1000' })
      .reply(200, { items: [activity('Alice.Moreau@northwind.example', 'authorize')], nextPageToken: 'a2' })
      .get(ACTIVITIES)
      .query({ eventName: 'authorize', startTime: since, maxResults: '1000', pageToken: 'a2' })
      .reply(200, { items: [activity('ben.okafor@northwind.example', 'authorize')] })
      .get(ACTIVITIES)
      .query({ eventName: 'revoke', startTime: since, maxResults: '1000' })
      .reply(200, { items: [activity('alice.moreau@northwind.example', 'revoke')] })
      .get(tokensPath('alice.moreau%40northwind.example'))
      .reply(200, tokenLists['100482930175520000001'])
      .get(tokensPath('ben.okafor%40northwind.example'))
      .reply(200, { kind: 'admin#directory#tokenList' });

    const page = await googleWorkspaceConnector.fetchPage(runtime({}, { lastCompleteScanAt, known: listedDaysAgo(2) }), 'tokens', null);
    for (const scope of [reports, token, api]) scope.done();
    expect(page.next).toBeNull();
    expect(page.unchanged).toEqual(['gws:token:']);
    expect(page.unchangedExcept).toEqual(['gws:token:alice.moreau@northwind.example:', 'gws:token:ben.okafor@northwind.example:']);
    expect(page.items).toBeUndefined();
    expect(new Set(page.observations.map((o) => (o.attributes as { user: string }).user))).toEqual(new Set(['alice.moreau@northwind.example']));
    expect(page.observations.length).toBeGreaterThan(0);
  });

  it('reads 500 changed users a page, carrying the rest', async () => {
    mockTokenEndpoint([SCOPE.reports]);
    const token = mockTokenEndpoint(TOKENS_SCOPES);
    const users = Array.from({ length: 501 }, (_, i) => `u${String(i).padStart(3, '0')}@northwind.example`);
    const api = nock(API_ROOT)
      .get(ACTIVITIES)
      .query((query) => query.eventName === 'authorize')
      .reply(200, { items: users.map((user) => activity(user, 'authorize')) })
      .get(ACTIVITIES)
      .query((query) => query.eventName === 'revoke')
      .reply(200, {})
      .get(/\/admin\/directory\/v1\/users\/u\d+%40northwind\.example\/tokens/)
      .times(501)
      .reply(200, { kind: 'admin#directory#tokenList' });
    const first = await googleWorkspaceConnector.fetchPage(runtime({ requestsPerSecond: 1000 }, { lastCompleteScanAt, known: listedDaysAgo(1) }), 'tokens', null);
    expect(first.unchangedExcept).toHaveLength(501);
    expect(first.next).toEqual({ done: true, pending: [{ id: users[500], primaryEmail: users[500], notBefore: 0 }] });
    const second = await googleWorkspaceConnector.fetchPage(runtime({ requestsPerSecond: 1000 }, { lastCompleteScanAt, known: listedDaysAgo(1) }), 'tokens', first.next);
    expect(second).toEqual({ observations: [], next: null });
    token.done();
    api.done();
  });

  it('lists everyone, and records when, without a complete scan, without a confirmed listing younger than fullListingDays, or without the Reports scope', async () => {
    const cases: { extra: Parameters<typeof runtime>[1]; options?: Parameters<typeof runtime>[0]; refuseReports?: boolean }[] = [
      { extra: { known: listedDaysAgo(1) } },
      { extra: { lastCompleteScanAt, known: listedDaysAgo(8) } },
      { extra: { lastCompleteScanAt, known: listedDaysAgo(2) }, options: { fullListingDays: 1 } },
      { extra: { lastCompleteScanAt, known: listedDaysAgo(1, false) } },
      { extra: { lastCompleteScanAt, known: listedDaysAgo(1) }, options: { fullListingDays: 0 } },
      { extra: { lastCompleteScanAt, known: listedDaysAgo(1) }, refuseReports: true },
    ];
    for (const [index, { extra, options, refuseReports }] of cases.entries()) {
      resetGoogleWorkspaceSessions();
      const refused = refuseReports
        ? nock(TOKEN_URL.replace('/token', ''))
            .post('/token', (body) => JSON.parse(Buffer.from(new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>)).get('assertion')!.split('.')[1]!, 'base64url').toString()).scope === SCOPE.reports)
            .reply(401, { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' })
        : undefined;
      const token = mockTokenEndpoint(TOKENS_SCOPES);
      const api = nock(API_ROOT).get(USERS).query(true).reply(200, onePage([{ id: '1', primaryEmail: 'a@northwind.example' }])).get(tokensPath('1')).reply(200, { kind: 'admin#directory#tokenList' });
      const before = Date.now();
      const page = await googleWorkspaceConnector.fetchPage(runtime(options ?? {}, extra), 'tokens', null);
      token.done();
      api.done();
      refused?.done();
      expect(page.unchanged, `case ${index}`).toBeUndefined();
      expect(page.items, `case ${index}`).toEqual([{ item: 'full-listing', state: { at: expect.any(String) } }]);
      expect(Date.parse(page.items![0]!.state.at as string)).toBeGreaterThanOrEqual(before - 1000);
      nock.cleanAll();
    }
  });
});
