import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/program.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The CLI answers at once because a command loads only what it uses: its help needs commander
 * and the value lists it shows, never the database, the queue, the API or the SaaS clients. This
 * checks the modules each process loads (from the sources, whatever dist/ holds), not its time.
 */

const home = mkdtempSync(join(tmpdir(), 'unshadow-lazy-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Packages no help needs: the database, the queue, the server, exports, mail and the SaaS clients. */
const HEAVY = ['drizzle-orm', '@electric-sql/pglite', 'pg', 'bullmq', 'ioredis', 'hono', '@hono/node-server', 'exceljs', 'nodemailer', 'undici', 'pino', '@googleapis/admin', 'google-auth-library', '@microsoft/microsoft-graph-client', '@octokit/rest'];

let runs = 0;

/** The packages and our own modules that `unshadow <args>` loads, run from the sources. */
function loaded(args: string[]): Promise<{ packages: Set<string>; ours: string[]; code: number }> {
  const log = join(home, `modules-${++runs}.log`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', join(ROOT, 'test/helpers/module-log.mjs'), join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', UNSHADOW_HOME: home, UNSHADOW_TEST_MODULE_LOG: log } },
      (error) => {
        try {
          const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
          const packages = new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
          const ours = urls.filter((url) => url.startsWith(`file://${ROOT}/`) && !url.includes('/node_modules/')).map((url) => url.slice(`file://${ROOT}/`.length));
          resolve({ packages, ours, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
        } catch (failure) {
          reject(failure);
        }
      },
    );
  });
}

const heavyIn = (packages: Set<string>) => HEAVY.filter((name) => packages.has(name));

describe('what each command loads', () => {
  it('the top-level help: commander and a handful of our modules', async () => {
    const { packages, ours, code } = await loaded(['--help']);
    expect(code).toBe(0);
    expect([...packages].filter((name) => name !== 'tsx' && name !== 'get-tsconfig' && name !== 'esbuild')).toEqual(['commander']);
    expect(ours.filter((path) => path.startsWith('src/cli/definitions/') || path.startsWith('src/cli/commands/'))).toEqual([]);
  });

  it.concurrent.each(COMMANDS.map((command) => command.name))('%s --help: its definitions, none of the heavy libraries', async (name) => {
    const { packages, ours, code } = await loaded([name, '--help']);
    expect(code).toBe(0);
    expect(heavyIn(packages)).toEqual([]);
    expect(ours.filter((path) => /^src\/(cli\/commands|db|api|queue\/jobs)/.test(path))).toEqual([]);
  });

  it('connections add <kind> --help: the connectors, for their options, but no database, queue or server', async () => {
    const { packages, code } = await loaded(['connections', 'add', 'github', '--help']);
    expect(code).toBe(0);
    expect(packages.has('@octokit/rest')).toBe(true);
    expect(['@electric-sql/pglite', 'pg', 'bullmq', 'hono', 'exceljs'].filter((name) => packages.has(name))).toEqual([]);
  });

  it('inventory list: the database, but not the catalog, the matcher, the queue, the server or the exporters', async () => {
    const { packages, ours, code } = await loaded(['inventory', 'list', '--json']);
    expect(code).toBe(0);
    expect(packages.has('@electric-sql/pglite')).toBe(true);
    expect(['bullmq', 'ioredis', 'hono', 'exceljs', 'nodemailer', 'pino', '@googleapis/admin', '@octokit/rest'].filter((name) => packages.has(name))).toEqual([]);
    expect(ours.filter((path) => /^src\/(catalog|matcher|api|queue|pipeline)\//.test(path))).toEqual([]);
  });
});
