import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { ROOT, runCli, STACK_TRACE } from '../helpers/cli.js';
import { waitFor } from '../helpers/services.js';

/** Every file and folder under a path, with its permission bits. */
function modes(dir: string): { path: string; mode: number; folder: boolean }[] {
  const found = [{ path: dir, mode: statSync(dir).mode & 0o777, folder: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modes(path));
    else if (entry.isFile()) found.push({ path, mode: statSync(path).mode & 0o777, folder: false });
  }
  return found;
}

/** `unshadow serve` on an embedded database, until the test stops it. */
function serve(home: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'serve', '--port', '0'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', UNSHADOW_HOME: home } });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * Finding 6: the embedded database's 968 files were world-readable and writable. Integrity: a CLI
 * command on the database the server held succeeded, and the two processes then disagreed and
 * lost recorded answers. The embedded database belongs to one process at a time.
 */
describe('the embedded database', () => {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-embedded-'));
  const env = { UNSHADOW_HOME: home };
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('is readable by its owner only: folders 0700, files 0600, again on every open', async () => {
    expect((await runCli(['import', 'google-tokens', join(ROOT, 'fixtures/demo/google-workspace/tokens-export.json')], env)).code).toBe(0);
    const db = join(home, 'db');
    const all = modes(db);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((f) => f.folder && f.mode !== 0o700)).toEqual([]);
    expect(all.filter((f) => !f.folder && f.mode !== 0o600)).toEqual([]);
    // Loosened by hand (a restore from a backup, say): the next open closes them again.
    chmodSync(db, 0o777);
    chmodSync(join(db, 'PG_VERSION'), 0o666);
    expect((await runCli(['inventory', 'list', '--json'], env)).code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o700);
    expect(statSync(join(db, 'PG_VERSION')).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('refuses a second process while the server holds it, naming the holder and the way out', async () => {
    const server = serve(home);
    try {
      await waitFor(async () => server.output().includes('console and API at'), 30_000, 'serve to listen');
      const second = await runCli(['vendor', 'OpenAI', '--dpa'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by another process: unshadow serve (pid ${server.child.pid}`);
      expect(second.stderr).toMatch(/hint: Stop that process first, or use Postgres through DATABASE_URL/);
      expect(second.stderr).not.toMatch(STACK_TRACE);
    } finally {
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
    // The server died without letting go: its lock is stale, and the next process takes over.
    expect(existsSync(`${join(home, 'db')}.lock`)).toBe(true);
    const after = await runCli(['vendor', 'OpenAI', '--dpa'], env);
    expect(after.stderr).not.toContain('in use by another process');
    expect(after.code).toBe(0);
    const database = await openDatabase({ databaseUrl: undefined, pgliteDir: join(home, 'db') });
    try {
      const vendors = await queryRows<{ name: string }>(database.db, sql`select name from vendors where name = 'OpenAI'`);
      expect(vendors).toHaveLength(1);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('the demo with --serve does not invite CLI commands on the database it holds', async () => {
    const demoHome = mkdtempSync(join(tmpdir(), 'unshadow-demo-serve-'));
    let output = '';
    const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'demo', '--serve', '--port', '0'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', UNSHADOW_HOME: demoHome } });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(async () => output.includes('Console for the demo organisation'), 60_000, 'the demo console');
      expect(output).not.toContain('npx unshadow inventory show');
      expect(output).toContain('The console holds the demo database while it runs; Ctrl-C stops it and frees the database for the CLI.');
      // A second demo must not wipe the database under the running one.
      const second = await runCli(['demo'], { UNSHADOW_HOME: demoHome });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('unshadow demo');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(demoHome, { recursive: true, force: true });
    }
  }, 120_000);
});
