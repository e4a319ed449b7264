import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSourceError, TransientSourceError } from '../../../src/domain/connector.js';
import { UserError } from '../../../src/domain/errors.js';
import { networkFailure } from '../../../src/domain/http-failure.js';
import { failFastWhenUnreachable, retryRequest, UNREACHABLE_ATTEMPTS } from '../../../src/domain/request-retry.js';
import { cooldownWords, countsWords, retryWords, triggerWords, waitWords } from '../../../src/domain/scan-words.js';
import { describeFailure, endpointsOf } from '../../../src/scan/failure-words.js';
import { STACK_TRACE } from '../../helpers/cli.js';

/** A real failed fetch, with the causes undici wraps around it. */
async function fetchError(url: string): Promise<unknown> {
  try {
    await fetch(url);
  } catch (error) {
    return error;
  }
  throw new Error(`${url} answered`);
}

describe('a scan failure in one line: the call, the cause, the fix', () => {
  let plain: Server;
  let plainPort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    // Answers TLS with plain text: the handshake fails.
    plain = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n', () => socket.destroy()));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainPort = (plain.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(() => {
    plain.close();
  });

  async function failed(url: string, request: string) {
    const scope = {};
    failFastWhenUnreachable(scope);
    let tries = 0;
    try {
      await retryRequest(scope, request, async () => {
        tries++;
        throw networkFailure(request, await fetchError(url));
      }, { policy: { baseDelayMs: 1, maxDelayMs: 1 } });
    } catch (error) {
      return { error, tries };
    }
    throw new Error('no failure');
  }

  it('names the host, says the connection was refused, and points at the option to check', async () => {
    const { error, tries } = await failed(`http://127.0.0.1:${closedPort}/orgs/acme`, 'GET /orgs/acme');
    expect(tries).toBe(UNREACHABLE_ATTEMPTS);
    const line = describeFailure(error, { endpoints: endpointsOf({ org: 'acme', apiUrl: `http://127.0.0.1:${closedPort}` }), firstScan: true });
    expect(line.message).toBe(`GET /orgs/acme on 127.0.0.1:${closedPort}: connection refused by 127.0.0.1:${closedPort} (nothing listens there)`);
    expect(line.fix).toContain(`--api-url, now http://127.0.0.1:${closedPort}`);
    expect(line.fix).toContain('never completed a scan');
    expect(`${line.message} ${line.fix}`).not.toMatch(/fetch failed|gave up on|TypeError/);
  });

  it('says a host name does not resolve', async () => {
    const { error } = await failed('http://no-such-host.invalid/v1.0/users', 'GET /v1.0/users');
    const line = describeFailure(error, { endpoints: endpointsOf({ graphUrl: 'http://no-such-host.invalid', authorityUrl: 'https://login.example' }) });
    expect(line.message).toMatch(/^GET \/v1\.0\/users on no-such-host\.invalid: the host name no-such-host\.invalid does not resolve \(DNS E[A-Z_]+\)$/);
    expect(line.fix).toContain('--graph-url');
    expect(line.fix).not.toContain('never completed');
  });

  it('says the TLS handshake failed, naming the host from the connection when the error does not', async () => {
    const { error } = await failed(`https://127.0.0.1:${plainPort}/token`, 'POST /token');
    const line = describeFailure(error, { endpoints: endpointsOf({ tokenUrl: `https://127.0.0.1:${plainPort}/token` }) });
    expect(line.message).toMatch(new RegExp(`^POST /token on 127\\.0\\.0\\.1:${plainPort}: the TLS handshake with 127\\.0\\.0\\.1:${plainPort} failed \\(ERR_SSL_`));
    expect(line.fix).toMatch(/certificate/);
  });

  it('gives a body cut mid-JSON or a dropped connection the patient retries even on a first scan: only a connection never made fails fast', async () => {
    let parse: unknown;
    try {
      JSON.parse('{"value": [{"id": "1"');
    } catch (error) {
      parse = error;
    }
    const cut = networkFailure('GET /oauth2PermissionGrants', parse);
    expect(cut.problem).toBe('malformed');
    expect(cut.message).toBe('GET /oauth2PermissionGrants: the answer broke off before it was complete (body cut mid-JSON)');
    const dropped = networkFailure('GET /users', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
    expect(dropped.problem).toBe('malformed');
    const refused = networkFailure('GET /users', await fetchError(`http://127.0.0.1:${closedPort}/users`));
    expect(refused.problem).toBe('unreachable');
    // Octokit wraps fetch's error once more: the code is found however deep it is.
    const wrapped = networkFailure('GET /orgs/acme', Object.assign(new Error('connect ECONNREFUSED'), { name: 'HttpError', status: 500, cause: await fetchError(`http://127.0.0.1:${closedPort}/orgs/acme`) }));
    expect(wrapped.problem).toBe('unreachable');
    const scope = {};
    failFastWhenUnreachable(scope);
    let tries = 0;
    await expect(
      retryRequest(scope, 'GET /oauth2PermissionGrants', async () => {
        tries++;
        throw networkFailure('GET /oauth2PermissionGrants', parse);
      }, { policy: { baseDelayMs: 1, maxDelayMs: 1, attempts: 5 } }),
    ).rejects.toBeInstanceOf(TransientSourceError);
    expect(tries).toBe(5);
  });

  it('keeps retrying a request that cannot connect when the runtime does not fail fast', async () => {
    let tries = 0;
    await expect(
      retryRequest({}, 'GET /x', async () => {
        tries++;
        throw networkFailure('GET /x', await fetchError(`http://127.0.0.1:${closedPort}/x`));
      }, { policy: { baseDelayMs: 1, maxDelayMs: 1, attempts: 4 } }),
    ).rejects.toBeInstanceOf(TransientSourceError);
    expect(tries).toBe(4);
  });

  it('gives each kind of failure its own fix, without the retry bookkeeping or a stack', () => {
    const permission = describeFailure(new PermanentSourceError('GET /users answered 403: permission denied; grant User.Read.All', ['User.Read.All'], 'permission'));
    expect(permission).toEqual({ message: 'GET /users answered 403: permission denied; grant User.Read.All', fix: expect.stringContaining('Grant User.Read.All') });
    const outage = describeFailure(new TransientSourceError('GET /users answered 503 (gave up on GET /users after 6 attempts)', 'unavailable'), { attempts: 8 });
    expect(outage.message).toBe('GET /users answered 503 (gave up after 8 attempts)');
    expect(describeFailure(new UserError('connection has invalid options', 'Fix them'))).toEqual({ message: 'connection has invalid options', fix: 'Fix them' });
    const bug = describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(bug.message).toMatch(/^internal error: /);
    expect(JSON.stringify(bug)).not.toMatch(STACK_TRACE);
  });
});

describe('scans in words', () => {
  it('counts in words, known ones first, never field names', () => {
    expect(countsWords({ records: 1200, systemsNew: 3, flagged: 34, pages: 1 })).toBe('3 new AI systems, 1,200 records, 1 page, 34 flagged as AI');
    expect(countsWords({ systemsNew: 1, observationsNew: 2 })).toBe('1 new AI system, 2 new pieces of evidence');
    expect(countsWords({ somethingElse: 2 })).toBe('2 something else');
    expect(countsWords({ systemsNew: 0, records: 10, skipped: 0 })).toBe('0 new AI systems, 10 records');
    expect(countsWords({})).toBe('');
  });

  it('says what started a scan, never an id', () => {
    const readings = new Map([['e390bc13-1111-2222-3333-444455556666', 'At 06:00, only on Monday (Europe/London)']]);
    expect(triggerWords('schedule:e390bc13-1111-2222-3333-444455556666', readings)).toBe('scheduled: At 06:00, only on Monday (Europe/London)');
    expect(triggerWords('schedule:0000', readings)).toBe('scheduled (the schedule was removed since)');
    expect(triggerWords('api:alice@corp.example')).toBe('started by alice@corp.example');
    expect(triggerWords('cli:alice')).toBe('started by alice (command line)');
    expect(triggerWords('manual')).toBe('started by hand');
  });

  it('says how a retry stands while it waits and once it runs', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const retry = { attempt: 4, attempts: 8, nextAt: '2026-12-01T10:00:10Z', cause: 'GET /x: connection refused' };
    expect(retryWords(retry, 'running', now)).toBe('retrying, attempt 4 of 8, next in 10 s');
    expect(retryWords(retry, 'running', new Date('2026-12-01T10:00:11Z'))).toBe('retrying, attempt 4 of 8');
    expect(retryWords(retry, 'failed', now)).toBeUndefined();
    expect(retryWords(null, 'running', now)).toBeUndefined();
    expect(waitWords(75_000)).toBe('1 min 15 s');
  });

  it('says a cooldown the same way everywhere', () => {
    expect(cooldownWords(86_400)).toBe('24 hours');
    expect(cooldownWords(7 * 86_400)).toBe('7 days');
    expect(cooldownWords(1800)).toBe('30 minutes');
    expect(cooldownWords(0)).toBe('none');
  });
});
