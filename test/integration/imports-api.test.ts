import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/client.js';
import { pruneUploads } from '../../src/scan/uploads.js';
import { ROLES, type Role } from '../../src/domain/access.js';
import { createApiToken } from '../../src/inventory/access.js';
import { silentLogger } from '../../src/log.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { ROOT } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/databases.js';
import { catalog, matcher } from '../helpers/queue.js';

const fixture = (path: string) => readFileSync(join(ROOT, 'fixtures', path));
const WEEK2 = 'demo/microsoft365/entra-export-week2.json';
type Body = NonNullable<RequestInit['body']>;

/** `unshadow serve` on a fresh Postgres database with the demo organisation, over real HTTP. */
async function serveDemo(env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-uploads-'));
  const database = await freshDatabase('postgres');
  await importDemoOrganisation(database, matcher);
  const config = loadConfig({ UNSHADOW_HOME: home, ...env });
  const server = await startServer({ config, database, catalog, matcher, log: silentLogger }, { port: 0, host: '127.0.0.1' });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await createApiToken(database.db, `${role}-token`, role)).token;
  const send = (method: string, path: string, role: Role | undefined, body?: Body, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method, headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers }, ...(body !== undefined ? { body, duplex: 'half' } : {}) } as RequestInit);
  const upload = (kind: string, file: Body, query: Record<string, string> = {}, role: Role = 'admin', headers: Record<string, string> = { 'content-type': 'application/octet-stream' }) =>
    send('POST', `/api/imports/${kind}?${new URLSearchParams(query)}`, role, file, headers);
  return {
    home,
    uploads: () => (existsSync(join(home, 'uploads')) ? readdirSync(join(home, 'uploads')) : []),
    database,
    send,
    upload,
    async stop() {
      await server.stop();
      await database.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

type Served = Awaited<ReturnType<typeof serveDemo>>;
interface ImportAnswer {
  connection: string;
  file: string;
  records: number;
  flagged: number;
  skipped: number;
  systemsNew: number;
  problems: { line?: number; message: string }[];
  systems: { product: string; new: boolean }[];
  details: Record<string, unknown>;
  error?: string;
  hint?: string;
  fields?: Record<string, string>;
}

const count = async (served: Served, table: 'connections' | 'scans') => (await queryRows<{ n: number }>(served.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

describe('uploads for import, and connector descriptions (real HTTP, real Postgres)', () => {
  let served: Served;
  let keyless: Served;

  beforeAll(async () => {
    served = await serveDemo({ UNSHADOW_SECRET_KEY: 'uploads-test-secret-key-0123', UNSHADOW_UPLOAD_MAX_MB: '0.05' });
    keyless = await serveDemo({});
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await keyless?.stop();
  });

  it('describes each connector for its form, and says plainly when this server cannot store a secret', async () => {
    const keyed = (await (await served.send('GET', '/api/connectors', 'viewer')).json()) as { secretStorage: { available: boolean }; items: { kind: string; fields: { name: string; label: string; secret: boolean }[]; permissions: { name: string }[] }[] };
    expect(keyed.secretStorage.available).toBe(true);
    const m365 = keyed.items.find((item) => item.kind === 'microsoft365')!;
    expect(m365.fields.filter((f) => f.secret).map((f) => f.label)).toEqual(['Client secret']);
    expect(m365.permissions.map((p) => p.name)).toContain('Application.Read.All');
    const without = (await (await keyless.send('GET', '/api/connectors', 'viewer')).json()) as { secretStorage: { available: boolean; explanation: string; fix: string } };
    expect(without.secretStorage).toMatchObject({ available: false, explanation: expect.stringMatching(/started without UNSHADOW_SECRET_KEY/), fix: expect.stringMatching(/^Set UNSHADOW_SECRET_KEY .* and restart it/) });
    // And the add refuses it beside the field, with the same way out.
    const refused = await keyless.send('POST', '/api/connections', 'admin', JSON.stringify({ kind: 'microsoft365', name: 'm365', options: { tenantId: 'contoso.onmicrosoft.com', clientId: 'c' }, secrets: { clientSecret: 'value' } }), { 'content-type': 'application/json' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ fields: { clientSecret: expect.stringMatching(/no UNSHADOW_SECRET_KEY/) }, hint: expect.stringMatching(/set UNSHADOW_SECRET_KEY/) });
  });

  it('lets admins only upload, and lists the kinds and the limit to every role', async () => {
    const kinds = (await (await served.send('GET', '/api/imports', 'viewer')).json()) as { maxBytes: number; items: { kind: string; fields: { name: string; label: string }[] }[] };
    expect(kinds.maxBytes).toBe(Math.floor(0.05 * 1024 * 1024));
    expect(kinds.items.map((item) => item.kind)).toEqual(['expenses', 'entra', 'microsoft-skus', 'google-tokens', 'seats', 'network', 'intune-detected-apps', 'chrome-installed-apps']);
    expect(kinds.items.find((item) => item.kind === 'seats')!.fields.map((f) => f.label)).toEqual(['Connection', 'Column names', 'Vendor', 'Plan']);
    // Which existing connections a file may go into: the console offers those of its kind.
    expect(kinds.items.find((item) => item.kind === 'entra')).toMatchObject({ connectionKind: 'microsoft365-export', defaultConnection: 'entra' });
    for (const role of ['viewer', 'compliance', 'security'] as const) {
      const response = await served.upload('expenses', fixture('expenses/malformed.csv'), {}, role);
      expect(response.status, role).toBe(403);
    }
    expect((await served.send('POST', '/api/imports/expenses', undefined, fixture('expenses/malformed.csv'), { 'content-type': 'application/octet-stream' })).status).toBe(401);
    expect(served.uploads()).toEqual([]);
  });

  it('imports an expense export with its bad rows listed by line, stored under a name of its own', async () => {
    const before = await count(served, 'scans');
    const response = await served.upload('expenses', fixture('expenses/malformed.csv'), { filename: 'cards-february.csv', connection: 'cards' });
    const answer = (await response.json()) as ImportAnswer;
    expect(response.status, JSON.stringify(answer)).toBe(200);
    expect(answer).toMatchObject({ connection: 'cards', file: 'cards-february.csv', details: { layout: 'generic' } });
    expect(answer.skipped).toBeGreaterThan(0);
    expect(answer.problems.every((p) => typeof p.line === 'number' && p.message.length > 0)).toBe(true);
    expect(answer.problems.map((p) => p.line)).toEqual(expect.arrayContaining([3, 7]));
    expect(answer.systems.map((s) => s.product)).toContain('ChatGPT (Free, Plus, Pro)');
    expect(await count(served, 'scans')).toBe(before + 1);
    const stored = served.uploads();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f-]{36}\.csv$/);
    const [scan] = await queryRows<{ file: string }>(served.database.db, sql`select s.source->>'file' as file from scans s join connections c on c.id = s.connection_id where c.name = 'cards'`);
    expect(scan!.file).toBe(join(served.home, 'uploads', stored[0]!));
  });

  it('imports the demo’s second-week Entra export into its connection while the server holds the database', async () => {
    const response = await served.upload('entra', fixture(WEEK2), { filename: 'entra-export-week2.json', connection: 'demo-entra' });
    const answer = (await response.json()) as ImportAnswer;
    expect(response.status, JSON.stringify(answer)).toBe(200);
    expect(answer.systemsNew).toBe(1);
    expect(answer.systems[0]).toMatchObject({ product: 'Writer (enterprise generative AI, Palmyra)', new: true });
    const [connection] = await queryRows<{ kind: string; imported: string }>(served.database.db, sql`select kind, config->>'importedFrom' as imported from connections where name = 'demo-entra'`);
    expect(connection!.kind).toBe('microsoft365-export');
    expect(connection!.imported.startsWith(join(served.home, 'uploads'))).toBe(true);
  });

  let before = new Set<string>();
  it('deletes an uploaded export once nothing reads it: replaced by a newer one, or its connection removed', async () => {
    before = new Set(served.uploads());
    const first = await served.upload('google-tokens', fixture('google-workspace/tokens-export.json'), { filename: 'tokens.json', connection: 'uploaded-tokens' });
    expect(first.status, await first.clone().text()).toBe(200);
    const [firstFile] = served.uploads().filter((name) => !before.has(name));
    const second = await served.upload('google-tokens', fixture('google-workspace/tokens-export.json'), { filename: 'tokens.json', connection: 'uploaded-tokens' });
    expect(second.status).toBe(200);
    const secondFile = served.uploads().find((name) => !before.has(name) && name !== firstFile)!;
    // The replaced file is kept for an hour (a concurrent upload is not yet named by its connection), then goes.
    expect(served.uploads()).toContain(firstFile);
    await pruneUploads(served.database.db, join(served.home, 'uploads'), { now: Date.now() + 2 * 60 * 60 * 1000 });
    expect(served.uploads()).not.toContain(firstFile);
    expect(served.uploads()).toContain(secondFile);
    expect(served.uploads().filter((name) => before.has(name)).sort()).toEqual([...before].sort());
    // Removing the connection removes its file at once.
    expect((await served.send('DELETE', '/api/connections/uploaded-tokens', 'admin')).status).toBe(204);
    expect(served.uploads()).not.toContain(secondFile);
    expect(served.uploads().sort()).toEqual([...before].sort());
  });

  it('refuses a file it cannot read, in the file’s own name, and writes nothing', async () => {
    const before = { connections: await count(served, 'connections'), scans: await count(served, 'scans'), files: served.uploads().length };
    const cases: [string, Buffer, Record<string, string>, RegExp][] = [
      ['expenses', fixture('expenses/unknown-layout.csv'), { filename: 'odd.csv', connection: 'odd-cards' }, /match no known expense layout/],
      ['entra', Buffer.from('{"servicePrincipals": '), { filename: 'cut.json', connection: 'cut-entra' }, /cut\.json is not valid JSON/],
      ['entra', fixture('demo/microsoft365/subscribed-skus.json'), { filename: 'skus.json', connection: 'wrong-entra' }, /^skus\.json: /],
      ['network', Buffer.from('\n\n'), { filename: 'empty.log', connection: 'net' }, /empty\.log/],
    ];
    for (const [kind, body, query, message] of cases) {
      const response = await served.upload(kind, body, query);
      const answer = (await response.json()) as ImportAnswer;
      expect(response.status, `${kind} ${query.filename}: ${JSON.stringify(answer)}`).toBe(400);
      expect(answer.error).toMatch(message);
      expect(JSON.stringify(answer)).not.toContain(served.home);
      expect(JSON.stringify(answer)).not.toMatch(/--[a-z]/);
    }
    expect({ connections: await count(served, 'connections'), scans: await count(served, 'scans'), files: served.uploads().length }).toEqual(before);
  });

  it('names bad options by their labels, and speaks of fields rather than command-line flags', async () => {
    const layout = await served.upload('expenses', fixture('expenses/malformed.csv'), { format: 'excel', currency: 'dollars' });
    expect(layout.status).toBe(400);
    expect(await layout.json()).toMatchObject({ error: expect.stringMatching(/^invalid options for an import of card or expense export: Layout: expected one of ramp, .*; Currency: expected a currency code such as EUR$/), fields: { format: expect.any(String), currency: expect.any(String) } });
    const foreign = await served.upload('seats', fixture('seats/chatgpt-members.csv'), { tenantId: 'x' });
    expect(await foreign.json()).toMatchObject({ fields: { tenantId: 'not an option of this kind of file' } });
    const vendorless = await served.upload('seats', Buffer.from('Email,Plan\nana@northwind.example,Team\n'), { filename: 'members.csv' });
    const answer = (await vendorless.json()) as ImportAnswer;
    expect(vendorless.status).toBe(400);
    expect(`${answer.error} ${answer.hint}`).toMatch(/the Vendor field/);
    expect(`${answer.error} ${answer.hint}`).not.toMatch(/--vendor/);
    expect(served.uploads()).toHaveLength(2);
  });

  it('takes no path from the caller: a folder in the name is dropped, a path option is refused, a SaaS connection is not taken over', async () => {
    const escape = join(served.home, 'escaped.csv');
    const traversal = await served.upload('expenses', fixture('expenses/malformed.csv'), { filename: '../escaped.csv', connection: 'cards' });
    expect(traversal.status).toBe(200);
    expect(((await traversal.json()) as ImportAnswer).file).toBe('escaped.csv');
    expect(existsSync(escape)).toBe(false);
    expect(readdirSync(served.home).sort()).toEqual(['uploads']);
    const named = await served.upload('expenses', fixture('expenses/malformed.csv'), { file: '/etc/passwd' });
    expect(named.status).toBe(400);
    expect(((await named.json()) as ImportAnswer).error).toMatch(/unknown field 'file'/);
    await served.send('POST', '/api/connections', 'admin', JSON.stringify({ kind: 'synthetic', name: 'trial', options: { records: 10 } }), { 'content-type': 'application/json' });
    const takeover = await served.upload('entra', fixture(WEEK2), { connection: 'trial' });
    expect(takeover.status).toBe(400);
    expect(((await takeover.json()) as ImportAnswer).error).toBe("connection 'trial' is a synthetic connection, not microsoft365-export");
    const [trial] = await queryRows<{ config: Record<string, unknown> }>(served.database.db, sql`select config from connections where name = 'trial'`);
    expect(trial!.config).not.toHaveProperty('importedFrom');
  });

  it('refuses a file over the limit with 413, whether its length is declared or not, leaving nothing behind', async () => {
    const files = served.uploads().length;
    const big = Buffer.alloc(60 * 1024, 'a');
    const declared = await served.upload('expenses', big, { filename: 'big.csv' });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: expect.stringMatching(/larger than 51\.2 KiB|larger than 51 KiB/), hint: expect.stringMatching(/UNSHADOW_UPLOAD_MAX_MB/) });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(new Uint8Array(Buffer.alloc(10 * 1024, 'b')));
        controller.close();
      },
    });
    const streamed = await served.upload('expenses', chunks as unknown as Body, { filename: 'streamed.csv' });
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ImportAnswer).error).toMatch(/^streamed\.csv is larger than/);
    expect(served.uploads()).toHaveLength(files);
    const form = await served.upload('expenses', 'a=b', {}, 'admin', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(form.status).toBe(415);
  });
});
