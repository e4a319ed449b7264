import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleWorkspaceConnector, resetGoogleWorkspaceSessions } from '../../../connectors/google-workspace/index.js';
import { PermanentSourceError, TransientSourceError } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { API_ROOT, byKey, fixture, mockTokenEndpoint, runtime, SCOPE, TOKEN_HOST, TOKENS_SCOPES } from './helpers.js';

/**
 * Real APIs cut bodies off mid-JSON, answer 200 with nothing, drop connections, fail one call in
 * fifty and throttle. Each of these is a failure of the one call it hit: that call is asked
 * again (and only that call), and the page ends with the observations a clean run gives.
 * Answers are in the shapes of the official examples (fixtures built from shared/api-shapes).
 */

type UserEntry = { id: string; primaryEmail: string; suspended?: boolean; archived?: boolean };
const tokenLists = fixture<Record<string, { items?: unknown[] }>>('tokens-lists.json');
const usersFixture = (name: string) => fixture<{ users: UserEntry[] }>(name).users;
// Four active users, one suspended, one archived: the page every test below reads.
const USERS = [...usersFixture('users-page-1.json'), ...usersFixture('users-page-3.json')];
const usersPage = { kind: 'admin#directory#users', etag: '"etag-users"', users: USERS };
const licences = fixture<object>('licence-assignments-101047.json');
const activities = fixture<object>('activities-token-authorize.json');
const rateLimited = fixture<object>('error-rate-limited.json');

const USERS_PATH = '/admin/directory/v1/users';
const tokensPath = (id: string) => `/admin/directory/v1/users/${id}/tokens`;
const LICENCES_PATH = '/apps/licensing/v1/product/101047/users';
const ACTIVITIES_PATH = '/admin/reports/v1/activity/users/all/applications/token';
const SINCE = '2026-11-24T00:00:00.000Z';
const json = { 'content-type': 'application/json; charset=UTF-8' };
/** The first `share` of a JSON answer: a connection dropped mid-body. */
const cut = (body: unknown, share = 0.5) => {
  const text = JSON.stringify(body);
  return text.slice(0, Math.floor(text.length * share));
};

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => resetGoogleWorkspaceSessions());
afterEach(() => nock.cleanAll());

/** Requests no interceptor answered: a call sent again that should not have been. */
function unmatched(): { list: string[]; stop(): void } {
  const list: string[] = [];
  const record = (request: { method?: string; path?: string; url?: string }) => list.push(`${request.method} ${request.path ?? request.url}`);
  nock.emitter.on('no match', record);
  return { list, stop: () => nock.emitter.removeListener('no match', record) };
}

/** Every call of the tokens, licences and token-activity streams answered normally. */
function cleanSource(api: nock.Scope): void {
  api.get(USERS_PATH).query((query) => query.maxResults === '500').reply(200, usersPage);
  for (const user of USERS) api.get(tokensPath(user.id)).reply(200, tokenLists[user.id]);
  api.get(USERS_PATH).query((query) => query.fields === 'users(customerId)').reply(200, { users: [{ customerId: 'C03nw7x1q' }] });
  api.get(LICENCES_PATH).query(true).reply(200, licences);
  api.get('/apps/licensing/v1/product/101068/users').query(true).reply(404, { error: { code: 404, message: 'Product not available for this customer' } });
  api.get(ACTIVITIES_PATH).query(true).reply(200, activities);
}

function tokenEndpoints(): nock.Scope[] {
  return [mockTokenEndpoint(TOKENS_SCOPES), mockTokenEndpoint([SCOPE.userRead]), mockTokenEndpoint([SCOPE.licensing]), mockTokenEndpoint([SCOPE.reports])];
}

async function drain(stream: string, extra: Parameters<typeof runtime>[1] = {}): Promise<Observation[]> {
  const shared = runtime({}, extra);
  const observations: Observation[] = [];
  let cursor: unknown = null;
  do {
    const page = await googleWorkspaceConnector.fetchPage(shared, stream, cursor);
    observations.push(...page.observations);
    cursor = page.next;
  } while (cursor !== null);
  return observations;
}

async function scanAll(): Promise<Observation[]> {
  const observations: Observation[] = [];
  for (const stream of ['tokens', 'licences', 'token-activity']) observations.push(...(await drain(stream, { lastCompleteScanAt: SINCE })));
  return byKey(observations);
}

describe('google-workspace under faults', () => {
  let expected: Observation[];
  /** What the tokens stream alone gives for the page of USERS. */
  const tokensOfPage = () => expected.filter((o) => o.key.startsWith('gws:token:') && USERS.some((user) => o.key.includes(user.primaryEmail)));
  beforeAll(async () => {
    const tokens = tokenEndpoints();
    const api = nock(API_ROOT);
    cleanSource(api);
    expected = await scanAll();
    api.done();
    for (const token of tokens) token.done();
    resetGoogleWorkspaceSessions();
    // Every stream gave something, so a listing read as empty would show.
    expect(expected.filter((o) => o.kind === 'oauth_grant').length).toBe(13);
    expect(expected.filter((o) => o.kind === 'licence').length).toBe(2);
  });

  const listings: [string, (api: nock.Scope, broken: string) => void][] = [
    ['users.list', (api, broken) => api.get(USERS_PATH).query((query) => query.maxResults === '500').reply(200, broken, json)],
    ['tokens.list', (api, broken) => api.get(tokensPath(USERS[1]!.id)).reply(200, broken, json)],
    ['licenseAssignments.listForProduct', (api, broken) => api.get(LICENCES_PATH).query(true).reply(200, broken, json)],
    ['activities.list', (api, broken) => api.get(ACTIVITIES_PATH).query(true).reply(200, broken, json)],
  ];
  const bodies: Record<string, unknown> = { 'users.list': usersPage, 'tokens.list': tokenLists[USERS[1]!.id], 'licenseAssignments.listForProduct': licences, 'activities.list': activities };

  for (const [listing, broken] of listings) {
    it(`${listing} cut mid-JSON, or answered 200 with an empty body, is asked again: the same observations`, async () => {
      for (const body of [cut(bodies[listing]), cut(bodies[listing], 0.95), '']) {
        resetGoogleWorkspaceSessions();
        const tokens = tokenEndpoints();
        const api = nock(API_ROOT);
        broken(api, body);
        cleanSource(api);
        expect(await scanAll()).toEqual(expected);
        api.done();
        for (const token of tokens) token.done();
      }
    });
  }

  it('a token endpoint answer cut mid-JSON is a failed exchange, asked again, never a token', async () => {
    const cutToken = nock(TOKEN_HOST).post('/token').reply(200, cut({ access_token: 'ya29.test-token', expires_in: 3599, token_type: 'Bearer' }), json);
    const tokens = tokenEndpoints();
    const api = nock(API_ROOT, { reqheaders: { authorization: 'Bearer ya29.test-token' } });
    cleanSource(api);
    expect(await scanAll()).toEqual(expected);
    cutToken.done();
    api.done();
    for (const token of tokens) token.done();
  });

  it('a connection dropped before the answer is asked again', async () => {
    const tokens = tokenEndpoints();
    const api = nock(API_ROOT);
    api.get(tokensPath(USERS[2]!.id)).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    cleanSource(api);
    expect(await scanAll()).toEqual(expected);
    api.done();
    for (const token of tokens) token.done();
  });

  it('a body that stays cut off fails the page as a transient failure naming the call, after the configured tries', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const api = nock(API_ROOT)
      .get(USERS_PATH)
      .query(true)
      .reply(200, usersPage)
      .get(tokensPath(USERS[0]!.id))
      .times(3)
      .reply(200, cut(tokenLists[USERS[0]!.id]), json);
    for (const user of USERS.slice(1)) api.get(tokensPath(user.id)).optionally().reply(200, tokenLists[user.id]);
    const failure = await googleWorkspaceConnector.fetchPage(runtime({ retryAttempts: 3 }), 'tokens', null).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientSourceError);
    expect((failure as TransientSourceError).problem).toBe('malformed');
    expect((failure as Error).message).toMatch(new RegExp(`^GET /admin/directory/v1/users/${USERS[0]!.id}/tokens answered a body that is cut off or not of the documented shape.*after 3 attempts`));
    api.done();
  });

  it('a 429 or a 5xx on one tokens.list call repeats that call alone: every other user is asked once', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const strays = unmatched();
    const api = nock(API_ROOT).get(USERS_PATH).query(true).reply(200, usersPage);
    api.get(tokensPath(USERS[1]!.id)).reply(429, { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '0' });
    api.get(tokensPath(USERS[3]!.id)).reply(503, { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } });
    api.get(tokensPath(USERS[4]!.id)).reply(403, rateLimited);
    for (const user of USERS) api.get(tokensPath(user.id)).reply(200, tokenLists[user.id]);
    try {
      const observations = await drain('tokens');
      expect(byKey(observations)).toEqual(tokensOfPage());
    } finally {
      strays.stop();
    }
    api.done();
    expect(strays.list).toEqual([]);
  });

  it("waits the Retry-After Google asks for, and backs off from retryBaseMs when it names none", async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const calls: number[] = [];
    const api = nock(API_ROOT)
      .get(USERS_PATH)
      .query(true)
      .reply(200, { users: [USERS[0]] })
      .get(tokensPath(USERS[0]!.id))
      .reply(() => {
        calls.push(Date.now());
        return [429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '1' }];
      })
      .get(tokensPath(USERS[0]!.id))
      .reply(() => {
        calls.push(Date.now());
        return [403, rateLimited];
      })
      .get(tokensPath(USERS[0]!.id))
      .reply(() => {
        calls.push(Date.now());
        return [200, tokenLists[USERS[0]!.id]];
      });
    const page = await googleWorkspaceConnector.fetchPage(runtime({ retryBaseMs: 400 }), 'tokens', null);
    api.done();
    expect(page.observations.length).toBe(tokenLists[USERS[0]!.id]!.items!.length);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(950);
    // Second attempt without Retry-After: 400 ms × 2 with jitter (half to all of it), not the half minute of a bare 429.
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(380);
    expect(calls[2]! - calls[1]!).toBeLessThan(2_000);
  });

  it('a user still waiting out a long Retry-After is carried to the next page, and asked then, not before', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const [waiting, ...others] = USERS as [UserEntry, ...UserEntry[]];
    const calls: number[] = [];
    const api = nock(API_ROOT)
      .get(USERS_PATH)
      .query((query) => query.pageToken === undefined)
      .reply(200, { users: [waiting, ...others.slice(0, 2)], nextPageToken: 'p2' })
      .get(USERS_PATH)
      .query((query) => query.pageToken === 'p2')
      .reply(200, { users: others.slice(2) })
      .get(tokensPath(waiting.id))
      .reply(() => {
        calls.push(Date.now());
        return [429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }, { 'Retry-After': '1' }];
      })
      .get(tokensPath(waiting.id))
      .reply(() => {
        calls.push(Date.now());
        return [200, tokenLists[waiting.id]];
      });
    for (const user of others) api.get(tokensPath(user.id)).reply(200, tokenLists[user.id]);
    const shared = runtime();
    const first = await googleWorkspaceConnector.fetchPage(shared, 'tokens', null);
    expect(first.next).toEqual({ pageToken: 'p2', pending: [{ id: waiting.id, primaryEmail: waiting.primaryEmail, notBefore: expect.any(Number) }] });
    expect(first.observations.some((o) => o.key.includes(waiting.primaryEmail))).toBe(false);
    const second = await googleWorkspaceConnector.fetchPage(shared, 'tokens', first.next);
    expect(second.next).toBeNull();
    api.done();
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(950);
    expect(byKey([...first.observations, ...second.observations])).toEqual(tokensOfPage());
  });

  it('a 400 fails at once, naming the call, without a retry', async () => {
    mockTokenEndpoint(TOKENS_SCOPES);
    const strays = unmatched();
    const api = nock(API_ROOT)
      .get(USERS_PATH)
      .query(true)
      .reply(400, { error: { code: 400, message: 'Invalid Input: customer', errors: [{ message: 'Invalid Input: customer', domain: 'global', reason: 'invalid' }] } });
    const failure = await googleWorkspaceConnector.fetchPage(runtime({ customer: 'C0bad' }), 'tokens', null).catch((error: unknown) => error);
    strays.stop();
    api.done();
    expect(strays.list).toEqual([]);
    expect(failure).toBeInstanceOf(PermanentSourceError);
    expect((failure as PermanentSourceError).problem).toBe('invalid_request');
    expect((failure as Error).message).toMatch(/^GET \/admin\/directory\/v1\/users answered 400: the source refused the request as invalid.*Invalid Input: customer/);
  });

  it('a licensing 503 that says "not available" is retried, never read as a product the customer did not buy', async () => {
    const tokens = tokenEndpoints();
    const api = nock(API_ROOT);
    api.get(LICENCES_PATH).query(true).reply(503, { error: { code: 503, message: 'The service is currently not available.' } });
    cleanSource(api);
    expect(await scanAll()).toEqual(expected);
    api.done();
    for (const token of tokens) token.done();
  });
});
