import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmail } from '../../src/alerts/channels/email.js';
import { buildMessage } from '../../src/alerts/message.js';
import { parseNetworkPolicy } from '../../src/outbound/policy.js';
import { runCli } from '../helpers/cli.js';
import { type SecurityServer, startSecurityServer } from './server.js';

/** Finding 8: terminal escapes, plain-text SMTP, ambiguous token names, DNS rebinding, CSRF comparison. */
describe('hardening', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ UNSHADOW_PUBLIC_URL: 'https://unshadow.corp.example' }, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('prints control characters from stored names as escapes, never raw to the terminal', async () => {
    const home = mkdtempSync(join(tmpdir(), 'unshadow-escapes-'));
    try {
      const file = join(home, 'tokens.json');
      const evil = '\u001b]0;pwned\u0007\u001b[2J\u202eChatGPT';
      writeFileSync(file, JSON.stringify([{ userKey: 'a@corp.example', clientId: '1-x.apps.googleusercontent.com', displayText: evil, scopes: ['openid'] }]));
      expect((await runCli(['import', 'google-tokens', file], { UNSHADOW_HOME: home })).code).toBe(0);
      const listed = JSON.parse((await runCli(['inventory', 'list', '--json'], { UNSHADOW_HOME: home })).stdout) as { id: string }[];
      const shown = await runCli(['inventory', 'show', listed[0]!.id], { UNSHADOW_HOME: home });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u202eChatGPT');
      expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);

  it('does not send an SMTP password over a connection without STARTTLS', async () => {
    let authenticated = false;
    let delivered = false;
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(_auth, _session, done) {
        authenticated = true;
        done(null, { user: 'alerts' });
      },
      onData(stream, _session, done) {
        delivered = true;
        stream.resume();
        stream.on('end', () => done());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const event = { id: 'e-1', type: 'ai_system.discovered' as const, at: new Date().toISOString(), summary: 'New AI system: Otter.ai', sources: [], evidence: {} };
      const message = buildMessage({ id: 'd-1', rule: 'mail', digest: false, events: [event], publicUrl: 'https://unshadow.corp.example' });
      const settings = { host: '127.0.0.1', port, secure: false, user: 'alerts', from: 'unshadow@corp.example', to: ['security@corp.example'] };
      const outcome = await sendEmail(settings, 'smtp-password', message, { policy: parseNetworkPolicy('loopback'), timeoutMs: 3000, allowPlaintext: false });
      expect(outcome).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/does not offer STARTTLS, so the password and the alert would be sent in plain text/) });
      expect(authenticated).toBe(false);
      expect(delivered).toBe(false);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('keeps token names unique, revoked ones included, so the audit trail names one token', async () => {
    const first = await server.call('POST', '/api/tokens', { token: server.tokens.admin, body: { name: 'ci', role: 'viewer' } });
    expect(first.status).toBe(200);
    const again = await server.call('POST', '/api/tokens', { token: server.tokens.admin, body: { name: 'ci', role: 'admin' } });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe("an API token named 'ci' already exists (or existed and was revoked)");
    const { id } = (await first.json()) as { id: string };
    expect((await server.call('DELETE', `/api/tokens/${id}`, { token: server.tokens.admin })).status).toBe(204);
    expect((await server.call('POST', '/api/tokens', { token: server.tokens.admin, body: { name: 'ci', role: 'admin' } })).status).toBe(400);
  });

  it('answers only to its own host names (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const as = (host: string) => fetchWithHost(`${server.url}/api/session`, host);
    expect(await as(`attacker.example:${port}`)).toBe(421);
    expect(await as('unshadow.corp.example.attacker.example')).toBe(421);
    expect(await as(`127.0.0.1:${port}`)).toBe(401);
    expect(await as(`localhost:${port}`)).toBe(401);
    expect(await as('unshadow.corp.example')).toBe(401);
  });

  it('compares CSRF tokens whatever their length, refusing wrong and empty ones', async () => {
    const login = await server.call('POST', '/api/session', { body: { token: server.tokens.admin } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const change = (csrf: string) => server.call('POST', '/api/tokens', { headers: { cookie, 'x-csrf-token': csrf }, body: { name: `t-${csrf.length}-${Math.random()}`, role: 'viewer' } });
    for (const wrong of ['', 'x', csrfToken.slice(0, -1), `${csrfToken}x`]) expect((await change(wrong)).status, `csrf '${wrong}'`).toBe(403);
    expect((await change(csrfToken)).status).toBe(200);
  });
});

/** fetch() will not let a caller set Host; a raw request does. */
async function fetchWithHost(url: string, host: string): Promise<number> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'GET', headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}
