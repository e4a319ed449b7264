import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleWorkspaceConnector, parseGoogleTokensExport, resetGoogleWorkspaceSessions } from '../../../connectors/google-workspace/index.js';
import { PermanentSourceError, RateLimitedError, TransientSourceError } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { ADMIN, API_ROOT, byKey, fixture, fixtureText, mockTokenEndpoint, runtime, TOKEN_URL, TOKENS_SCOPES, type Assertion } from './helpers.js';

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
    expect(page).toEqual({ observations: [], next: null });
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
