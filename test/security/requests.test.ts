import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggableError } from '../../src/api/guards.js';
import { STACK_TRACE } from '../helpers/cli.js';
import { type SecurityServer, startSecurityServer } from './server.js';

/** Sends headers (and as much body as given) and resolves with the status as soon as it arrives. */
function statusBeforeBody(url: string, path: string, headers: Record<string, string>, firstBytes: string): Promise<{ status: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, sentBytes: Buffer.byteLength(firstBytes) });
      request.destroy();
    });
    request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    request.write(firstBytes);
  });
}

/**
 * Finding 5: unauthenticated 50 MB sign-in bodies were read into memory. Finding 7: malformed
 * requests gave 500 with a stack trace, and a NUL logged the SQL with its parameters.
 */
describe('request limits and malformed requests', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({}, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 413 to an oversized sign-in before the body is sent', async () => {
    const fifty = String(50 * 1024 * 1024);
    const { status, sentBytes } = await statusBeforeBody(server.url, '/api/session', { 'content-type': 'application/json', 'content-length': fifty }, '{"username":"');
    expect(status).toBe(413);
    expect(sentBytes).toBeLessThan(100);
  });

  it('limits JSON routes too, and chunked bodies while they arrive', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) });
    const review = await server.call('POST', '/api/systems/00000000-0000-4000-8000-000000000000/review', { token: server.tokens.compliance, raw: big, headers: { 'content-type': 'application/json' } });
    expect(review.status).toBe(413);
    const chunked = await new Promise<number>((resolve) => {
      const request = httpRequest(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', () => {});
      for (let i = 0; i < 20; i++) request.write('x'.repeat(1024));
    });
    expect(chunked).toBe(413);
  });

  it('answers malformed requests with one clear message and the right status, never 500 or a stack trace', async () => {
    const token = server.tokens.compliance;
    const cases: [string, Promise<Response>, number, RegExp][] = [
      ['wrong content type', server.call('POST', '/api/session', { raw: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /takes application\/json request bodies/],
      ['no content type', server.call('PUT', '/api/vendors/OpenAI', { token, raw: '{}' }), 415, /takes application\/json/],
      ['malformed JSON', server.call('POST', '/api/session', { raw: '{"username": "a",', headers: { 'content-type': 'application/json' } }), 400, /not valid JSON/],
      ['NUL in a field', server.call('PUT', '/api/vendors/OpenAI', { token, body: { owner: 'a\u0000b' } }), 400, /NUL character/],
      ['NUL in the path', server.call('GET', '/api/systems/abc%00def', { token }), 400, /NUL character/],
      ['NUL in the query', server.call('GET', '/api/inventory?q=%00', { token }), 400, /NUL character/],
    ];
    for (const [what, pending, status, message] of cases) {
      const response = await pending;
      const text = await response.text();
      expect(response.status, what).toBe(status);
      expect(JSON.parse(text).error, what).toMatch(message);
      expect(text, what).not.toMatch(STACK_TRACE);
    }
    const logs = server.logs.join('');
    expect(logs).not.toContain('Failed query');
    expect(logs).not.toContain('params:');
  });

  it('logs a failed query by its cause, without the SQL or its parameters', () => {
    const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const wrapped = new Error('Failed query: select * from users where name = $1\nparams: hunter2-secret', { cause: driver });
    const logged = loggableError(wrapped);
    expect(logged).toEqual({ type: 'Error', message: 'invalid byte sequence for encoding "UTF8": 0x00', code: '22021' });
    expect(JSON.stringify(logged)).not.toContain('hunter2');
  });
});
