import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityServer, startSecurityServer } from './server.js';

/**
 * Finding 1: a `security` token could make the server append to any file it can write (a shell
 * start-up file, with a rule name that runs commands). Over the API a file rule may only name
 * a file inside the one folder the operator set aside, and never through a symbolic link.
 */
describe('file alert rules over the API', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'unshadow-file-channel-'));
  const alertDir = join(scratch, 'alerts');
  const victim = join(scratch, 'bashrc');
  let closed: SecurityServer;
  let confined: SecurityServer;

  beforeAll(async () => {
    writeFileSync(victim, '# shell start-up\n');
    mkdirSync(alertDir);
    closed = await startSecurityServer({}, { demo: false });
    confined = await startSecurityServer({ UNSHADOW_ALERT_FILE_DIR: alertDir }, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await closed?.stop();
    await confined?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a file rule when the operator set no folder for them, and writes nothing', async () => {
    const response = await closed.call('POST', '/api/alerts/rules', { token: closed.tokens.security, body: { name: 'x$(id>/tmp/p)', channel: 'file', path: victim } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^file alert rules cannot be added over the API on this server/);
    const rules = (await (await closed.call('GET', '/api/alerts/rules', { token: closed.tokens.viewer })).json()) as { items: unknown[] };
    expect(rules.items).toHaveLength(0);
    expect(readFileSync(victim, 'utf8')).toBe('# shell start-up\n');
  });

  it('refuses absolute paths, parent folders, sub-folders and standard output from a caller', async () => {
    for (const path of [victim, `../${'bashrc'}`, '..', 'sub/alerts.jsonl', '-', '.hidden', `${alertDir}/a.jsonl`]) {
      const response = await confined.call('POST', '/api/alerts/rules', { token: confined.tokens.security, body: { name: `r-${path.length}`, channel: 'file', path } });
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: string }).error, path).toMatch(/^path: over the API a file rule names one file/);
    }
    expect(readFileSync(victim, 'utf8')).toBe('# shell start-up\n');
  });

  it('writes a named file inside the folder, with the rule name as data only', async () => {
    const added = await confined.call('POST', '/api/alerts/rules', { token: confined.tokens.security, body: { name: 'x$(id>/tmp/p)', channel: 'file', path: 'siem.jsonl' } });
    expect(added.status).toBe(200);
    const tested = await confined.call('POST', `/api/alerts/rules/${encodeURIComponent('x$(id>/tmp/p)')}/test`, { token: confined.tokens.security });
    expect(await tested.json()).toMatchObject({ delivered: true });
    const line = JSON.parse(readFileSync(join(alertDir, 'siem.jsonl'), 'utf8').trim()) as { rule: string };
    expect(line.rule).toBe('x$(id>/tmp/p)');
    expect(readFileSync(victim, 'utf8')).toBe('# shell start-up\n');
  });

  it('does not follow a symbolic link planted in the folder', async () => {
    symlinkSync(victim, join(alertDir, 'linked.jsonl'));
    const added = await confined.call('POST', '/api/alerts/rules', { token: confined.tokens.security, body: { name: 'linked', channel: 'file', path: 'linked.jsonl' } });
    expect(added.status).toBe(200);
    const tested = await confined.call('POST', '/api/alerts/rules/linked/test', { token: confined.tokens.security });
    expect(await tested.json()).toMatchObject({ delivered: false });
    expect(readFileSync(victim, 'utf8')).toBe('# shell start-up\n');
    expect(confined.logs.join('')).toContain('is a symbolic link; unshadow does not follow it');
  });
});
