import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../helpers/random.js';

/**
 * A local double of Google's token endpoint and the Directory API users.list / tokens.list for
 * the google-workspace benchmark: `users` users in pages of 500, 0–3 tokens each
 * (deterministic), one in a hundred suspended (with tokens: suspension does not revoke them),
 * and a quota of `quota` requests per sliding second across every request. Beyond it: 429 with
 * Google's error body and `Retry-After: 1` (rejected requests do not count). `random429` answers
 * that share of requests with the very same 429 whatever the pace (drawn from a seeded
 * generator, before the quota, so they use none of it): the client cannot tell them apart.
 * `grant` and `revoke` change a user's tokens and log the Reports API `token` event
 * (activities.list, filtered by eventName and startTime), as Google does.
 */

export interface DirectoryServerStats {
  requests: number;
  /** 429s because the quota was used up. */
  throttled: number;
  /** 429s drawn at random (`random429`), not caused by the quota. */
  injected: number;
  tokensListOk: number;
  tokensListThrottled: number;
  usersListOk: number;
  tokenExchanges: number;
  firstTokensListAt?: number;
  lastTokensListAt?: number;
}

export interface DirectoryServer {
  url: string;
  stats: DirectoryServerStats;
  /** Tokens the server handed out, for checking the scan saw every one. */
  expectedTokens: number;
  /** Of them, tokens of suspended users. */
  suspendedTokens: number;
  /** Users, every one of which gets a tokens.list call. */
  users: number;
  /** Gives `user` a token of the app at APPS[app], logging an `authorize` event. */
  grant(user: number, app: number): void;
  /** Takes `user`'s token of the app at APPS[app] away, logging a `revoke` event. */
  revoke(user: number, app: number): void;
  close(): Promise<void>;
}

export interface DirectoryServerOptions {
  /** Share of requests answered 429 at random, using no quota (0–1). */
  random429?: number;
  seed?: number;
}

const PAGE = 500;
const APPS = [
  ['ChatGPT', 'https://www.googleapis.com/auth/drive.readonly'],
  ['Otter.ai', 'https://www.googleapis.com/auth/calendar.events.readonly'],
  ['Fireflies.ai', 'https://www.googleapis.com/auth/calendar.events'],
  ['Grammarly', 'https://www.googleapis.com/auth/userinfo.profile'],
  ['Zoom', 'https://www.googleapis.com/auth/calendar'],
  ['Calendly', 'https://www.googleapis.com/auth/calendar'],
  ['Slack', 'https://www.googleapis.com/auth/userinfo.email'],
] as const;

const hash = (n: number) => Math.imul(n + 1, 2654435761) >>> 0;
const email = (user: number) => `user${user}@bench.example`;
/** A tokens.list userKey: the user's id or primary e-mail. */
const userOf = (key: string) => (key.includes('@') ? Number(/^user(\d+)@/.exec(key)?.[1] ?? Number.NaN) : Number(BigInt(key) - 100000000000000000000n));
/** The apps (indexes into APPS) a user holds a token of, before any grant or revoke. */
function initialApps(user: number): number[] {
  const first = (hash(user) >>> 8) % APPS.length;
  return Array.from({ length: tokenCount(user) }, (_, index) => (first + index < APPS.length ? first + index : index));
}
const tokenOf = (user: number, app: number) => {
  const [name, scope] = APPS[app]!;
  return { kind: 'admin#directory#token', clientId: `${100000 + app}-bench.apps.googleusercontent.com`, displayText: name, anonymous: false, nativeApp: false, userKey: String(user), scopes: ['openid', scope] };
};
const tokenCount = (user: number) => hash(user) % 4;
/** One user in a hundred is suspended. */
const suspended = (user: number) => hash(user * 7 + 3) % 100 === 0;

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

const QUOTA_BODY = (status: number) => ({
  error: {
    code: status,
    message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per second' of service 'admin.googleapis.com' for consumer 'project_number:123456789012'.",
    errors: [{ message: 'Quota exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }],
    status: 'RESOURCE_EXHAUSTED',
  },
});


export async function startDirectoryServer(users: number, quota: number, options: DirectoryServerOptions = {}): Promise<DirectoryServer> {
  const stats: DirectoryServerStats = { requests: 0, throttled: 0, injected: 0, tokensListOk: 0, tokensListThrottled: 0, usersListOk: 0, tokenExchanges: 0 };
  const { random } = seededRandom(options.seed ?? 42);
  const random429 = options.random429 ?? 0;
  // Accepted request times in a ring: the sliding one-second window.
  const window = new Float64Array(Math.max(quota, 1));
  let head = 0;
  let count = 0;
  const admit = (now: number): boolean => {
    while (count > 0 && window[head]! <= now - 1000) {
      head = (head + 1) % window.length;
      count--;
    }
    if (count >= quota) return false;
    window[(head + count) % window.length] = now;
    count++;
    return true;
  };

  /** Users whose tokens changed since the start: their apps now. */
  const changed = new Map<number, number[]>();
  const events: { time: string; user: number; name: 'authorize' | 'revoke'; app: number }[] = [];
  const appsOf = (user: number) => changed.get(user) ?? initialApps(user);
  const change = (user: number, app: number, name: 'authorize' | 'revoke') => {
    const apps = appsOf(user).filter((a) => a !== app);
    changed.set(user, name === 'authorize' ? [...apps, app] : apps);
    events.push({ time: new Date().toISOString(), user, name, app });
  };

  let expectedTokens = 0;
  let suspendedTokens = 0;
  for (let user = 0; user < users; user++) {
    expectedTokens += tokenCount(user);
    if (suspended(user)) suspendedTokens += tokenCount(user);
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const isTokens = /^\/admin\/directory\/v1\/users\/[^/]+\/tokens$/.test(url.pathname);
    stats.requests++;
    const now = performance.now();
    const injected = random429 > 0 && random() < random429;
    if (injected || !admit(now)) {
      if (injected) stats.injected++;
      else stats.throttled++;
      if (isTokens) stats.tokensListThrottled++;
      // Drain the body of a throttled POST so the socket stays usable.
      request.resume();
      return json(response, 429, QUOTA_BODY(429), { 'retry-after': '1' });
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      request.resume();
      stats.tokenExchanges++;
      return json(response, 200, { access_token: 'ya29.bench', expires_in: 3599, token_type: 'Bearer' });
    }
    if (request.method === 'GET' && url.pathname === '/admin/directory/v1/users') {
      stats.usersListOk++;
      const start = Number(url.searchParams.get('pageToken') ?? '0');
      const end = Math.min(users, start + PAGE);
      const page = [];
      for (let user = start; user < end; user++) {
        page.push({ id: String(100000000000000000000n + BigInt(user)), primaryEmail: email(user), suspended: suspended(user), archived: false });
      }
      return json(response, 200, { kind: 'admin#directory#users', users: page, ...(end < users ? { nextPageToken: String(end) } : {}) });
    }
    if (request.method === 'GET' && isTokens) {
      stats.tokensListOk++;
      stats.firstTokensListAt ??= now;
      stats.lastTokensListAt = now;
      const user = userOf(decodeURIComponent(url.pathname.split('/')[5]!));
      if (!(user >= 0 && user < users)) return json(response, 404, { error: { code: 404, message: 'Resource Not Found: userKey' } });
      const items = appsOf(user).map((app) => tokenOf(user, app));
      return json(response, 200, { kind: 'admin#directory#tokenList', etag: '"bench"', ...(items.length ? { items } : {}) });
    }
    if (request.method === 'GET' && url.pathname === '/admin/reports/v1/activity/users/all/applications/token') {
      const name = url.searchParams.get('eventName');
      const since = url.searchParams.get('startTime') ?? '';
      const items = events
        .filter((event) => (!name || event.name === name) && event.time >= since)
        .map((event) => ({
          kind: 'admin#reports#activity',
          id: { time: event.time, applicationName: 'token', customerId: 'C0bench' },
          actor: { email: email(event.user), profileId: String(100000000000000000000n + BigInt(event.user)) },
          events: [{ type: 'auth', name: event.name, parameters: [{ name: 'client_id', value: tokenOf(event.user, event.app).clientId }, { name: 'app_name', value: APPS[event.app]![0] }, { name: 'scope', multiValue: tokenOf(event.user, event.app).scopes }] }],
        }));
      return json(response, 200, { kind: 'admin#reports#activities', ...(items.length ? { items } : {}) });
    }
    return json(response, 404, { error: { code: 404, message: 'Not Found' } });
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    expectedTokens,
    suspendedTokens,
    users,
    grant: (user, app) => change(user, app, 'authorize'),
    revoke: (user, app) => change(user, app, 'revoke'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface DirectoryChild extends Omit<DirectoryServer, 'stats' | 'grant' | 'revoke'> {
  stats(): Promise<DirectoryServerStats>;
}

/** The same double in a child process (google-directory-child.ts), for the benchmark. */
export async function startDirectoryChild(users: number, quota: number, options: DirectoryServerOptions = {}): Promise<DirectoryChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./google-directory-child.ts', import.meta.url).pathname, String(users), String(quota), String(options.random429 ?? 0)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = async <K extends string>(key: K) => {
    for (;;) {
      const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => { throw new Error('the Directory API double exited'); })])) as [Record<string, unknown>];
      if (key in message) return message[key];
    }
  };
  const ready = (await next('ready')) as Omit<DirectoryServer, 'stats' | 'close' | 'grant' | 'revoke'>;
  return {
    ...ready,
    stats: async () => {
      const answer = next('stats');
      child.send('stats');
      return (await answer) as DirectoryServerStats;
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.send('close');
      await exited;
    },
  };
}
