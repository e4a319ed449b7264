import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadCatalog } from '../../src/catalog/load.js';
import { startServer } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config/index.js';
import { ROLES, type Role } from '../../src/domain/access.js';
import { createApiToken } from '../../src/inventory/access.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { freshDatabase } from '../helpers/databases.js';

export const catalog = loadCatalog();
export const matcher = compileMatcher(catalog);
export const SECRET_KEY = 'security-test-secret-key-0123456789';

export type SecurityServer = Awaited<ReturnType<typeof startSecurityServer>>;

/**
 * `unshadow serve` as an operator runs it (startServer, real HTTP on 127.0.0.1, a real Postgres
 * database with the demo organisation), one API token per role, and its log captured: the
 * attacks below are made over the network exactly as a caller would make them.
 */
export async function startSecurityServer(env: Record<string, string> = {}, options: { demo?: boolean } = {}) {
  const database = await freshDatabase('postgres');
  if (options.demo ?? true) await importDemoOrganisation(database, matcher);
  const config = { ...loadConfig({ UNSHADOW_SECRET_KEY: SECRET_KEY, UNSHADOW_LOG_LEVEL: 'info', ...env }) };
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
  const server = await startServer({ config, log, database, catalog, matcher }, { port: 0, host: '127.0.0.1' });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await createApiToken(database.db, `${role}-token`, role)).token;
  const call = (method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array } = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : init.raw !== undefined ? { body: init.raw } : {}),
    });
  return {
    url: server.url,
    database,
    config,
    tokens,
    logs: lines,
    call,
    async stop() {
      await server.stop();
      await database.dispose();
    },
  };
}
