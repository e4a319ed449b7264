import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../helpers/databases.js';
import { runCli, STACK_TRACE } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'unshadow-cli-'));
const env = { UNSHADOW_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('unshadow CLI', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['demo', 'import', 'inventory', 'db']) expect(stdout).toContain(command);
  });

  it('reports invalid configuration once per variable, with the expected form, exit 2 and no stack trace', async () => {
    const { code, stderr } = await runCli(['inventory', 'list'], { ...env, DATABASE_URL: 'mysql://db', UNSHADOW_LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(stderr).toContain('DATABASE_URL: expected a postgres:// or postgresql:// connection URL');
    expect(stderr).toContain('UNSHADOW_LOG_LEVEL');
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it('says which columns it found when a file fits no layout (exit 2, no stack trace)', async () => {
    const { code, stderr } = await runCli(['import', 'expenses', 'fixtures/expenses/unknown-layout.csv'], env);
    expect(code).toBe(2);
    expect(stderr).toContain("columns found: 'Posted', 'Shop', 'Total'");
    expect(stderr).toContain('--format');
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it('imports the good rows of a malformed file, lists the bad ones by line and exits 0', async () => {
    const { code, stdout } = await runCli(['import', 'expenses', 'fixtures/expenses/malformed.csv'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('4 of 11 rows read');
    expect(stdout).toContain('line 4: missing amount');
    expect(stdout).toContain("line 9: amount 'twelve' is not a number");
  });

  it('imports a proxy log: AI traffic per person, the rest as daily counts per domain, bad lines by number, blocked use named', async () => {
    const { code, stdout } = await runCli(['import', 'network', 'fixtures/network/squid-native.log'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('Imported fixtures/network/squid-native.log (squid): 3 of 4 lines read, 2 to AI systems kept per person (or device) and day, 1 kept only as daily counts per domain, without users.');
    expect(stdout).toContain('1 request(s) to AI systems were blocked');
    expect(stdout).toContain('line 4: not a Squid native access.log line');
    // The URL's path and query string are never kept, so they are never shown either.
    expect(stdout).not.toContain('session=4f9a2c');
  });

  it('refuses a log it cannot recognise, naming the formats it reads (exit 2, no stack trace)', async () => {
    const file = join(home, 'unknown.log');
    writeFileSync(file, 'hello world\nsecond line\n');
    const { code, stderr } = await runCli(['import', 'network', file], env);
    expect(code).toBe(2);
    expect(stderr).toContain('--format');
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it('imports with --map and --json for scripts', async () => {
    const { code, stdout } = await runCli(
      ['import', 'expenses', 'fixtures/expenses/semicolon-de.csv', '--map', 'Buchungstag=date,Empfänger=merchant,Betrag=amount,Währung=currency', '--json'],
      env,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ layout: 'generic', rows: 3, imported: 3, skipped: 0 });
  });

  describe('against Postgres through DATABASE_URL', () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    beforeAll(async () => {
      database = await createPostgresDatabase();
    });
    afterAll(async () => database?.drop());

    it('lists the inventory as JSON with the documented fields, and shows one system', async () => {
      const pgEnv = { ...env, DATABASE_URL: database.url };
      expect((await runCli(['import', 'expenses', 'fixtures/demo/expenses/brex-2026-10.csv'], pgEnv)).code).toBe(0);
      const list = await runCli(['inventory', 'list', '--json'], pgEnv);
      expect(list.code).toBe(0);
      const items = JSON.parse(list.stdout) as Record<string, unknown>[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        for (const field of ['id', 'vendor', 'product', 'category', 'status', 'confidence', 'sources', 'users', 'firstSeen', 'lastSeen']) {
          expect(item).toHaveProperty(field);
        }
        expect(item.status).toBe('discovered');
      }
      const show = await runCli(['inventory', 'show', String(items[0]!.id).slice(0, 8), '--json'], pgEnv);
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({ id: items[0]!.id, evidence: expect.any(Array) });

      // The embedded database in UNSHADOW_HOME was not touched by the Postgres run.
      const embedded = JSON.parse((await runCli(['inventory', 'list', '--json', '--source', 'expense'], env)).stdout) as { id: string }[];
      expect(embedded.map((i) => i.id)).not.toContain(items[0]!.id);
    });

    it('answers an unknown id with a clear message and exit 2', async () => {
      const { code, stderr } = await runCli(['inventory', 'show', 'ffffffff'], { ...env, DATABASE_URL: database.url });
      expect(code).toBe(2);
      expect(stderr).toContain("no AI system with id 'ffffffff'");
    });
  });

  it('runs the demo on a fresh embedded database and prints the discovered tools with their reasons', async () => {
    const { code, stdout } = await runCli(['demo'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/AI systems discovered: \d+/);
    for (const product of ['ChatGPT', 'Claude', 'Midjourney', 'Otter.ai', 'Cursor']) expect(stdout).toContain(product);
    expect(stdout).toContain('Why each was flagged');
    expect(stdout).not.toContain('ANTHROPOLOGIE');
    const again = await runCli(['demo', '--json'], env);
    expect(JSON.parse(again.stdout)).toHaveLength(Number(/AI systems discovered: (\d+)/.exec(stdout)![1]));
  });

  it('matches JSON lines from stdin, one JSON line out per input, in order, reporting bad lines', async () => {
    const input = ['{"merchant":"OPENAI *CHATGPT SUBSCR"}', '{"merchant":"ANTHROPOLOGIE #12"}', 'not json', '{"merchant":"PAYPAL *OPENAI"}'].join('\n');
    const { code, stdout, stderr } = await runCli(['match', '--kind', 'expense'], env, input);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { flagged: boolean; match: { catalogId: string; confidence: number; reasons: string[] } | null; error?: string });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ flagged: true, match: { catalogId: 'openai-chatgpt', vendor: 'OpenAI', category: 'chat_assistant' } });
    expect(lines[0]!.match!.reasons[0]).toContain("matches alias 'OPENAI *CHATGPT SUBSCR'");
    expect(lines[1]).toEqual({ flagged: false, match: null });
    expect(lines[2]).toMatchObject({ flagged: false, match: null, error: 'not valid JSON' });
    expect(lines[3]!.match!.catalogId).toBe('openai-api');
    expect(stderr).toContain('line 3: not valid JSON');
  });

  it('explains one value given as an argument', async () => {
    const { code, stdout } = await runCli(['match', '--kind', 'expense', 'OPENAI *CHATGPT']);
    expect(code).toBe(0);
    expect(stdout).toContain('ChatGPT');
    expect(stdout).toMatch(/why +merchant descriptor 'OPENAI \*CHATGPT' matches alias/);
    const dependency = await runCli(['match', '--kind', 'dependency', '--ecosystem', 'pypi', 'LangChain_Core', '--json']);
    expect(JSON.parse(dependency.stdout)).toMatchObject({ flagged: true, match: { catalogId: 'langchain' } });
  });

  it('lists, shows and validates the catalog', async () => {
    const list = JSON.parse((await runCli(['catalog', 'list', '--json', '--category', 'legal'])).stdout) as { category: string }[];
    expect(list.length).toBeGreaterThan(5);
    expect(list.every((entry) => entry.category === 'legal')).toBe(true);
    expect(JSON.parse((await runCli(['catalog', 'show', 'openai-chatgpt'])).stdout)).toMatchObject({ id: 'openai-chatgpt', vendor: 'OpenAI' });
    expect((await runCli(['catalog', 'validate'])).stdout).toMatch(/entries: valid/);
  });

  it('takes an organisation catalog from UNSHADOW_CATALOG: new products and not-AI suppressions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-catalog-'));
    const file = join(dir, 'acme.yaml');
    writeFileSync(
      file,
      [
        'entries:',
        '  - { id: acme-gpt, vendor: Acme, product: AcmeGPT, category: chat_assistant, fingerprints: { merchants: ["ACMEGPT INTERNAL"] } }',
        'notAi:',
        '  - { id: harvey-plumbing, name: Harvey Plumbing, reason: "our plumber", merchants: ["HARVEY AI PLUMBING"] }',
      ].join('\n'),
    );
    const catalogEnv = { ...env, UNSHADOW_CATALOG: file };
    const input = '{"merchant":"ACMEGPT INTERNAL"}\n{"merchant":"HARVEY AI PLUMBING"}\n';
    const lines = (await runCli(['match', '--kind', 'expense'], catalogEnv, input)).stdout.trim().split('\n').map((l) => JSON.parse(l) as { flagged: boolean; match: { catalogId: string } | null });
    expect(lines[0]!.match?.catalogId).toBe('acme-gpt');
    expect(lines[1]).toEqual({ flagged: false, match: null });

    writeFileSync(file, 'entries:\n  - { id: Bad Id, vendor: Acme }\n');
    const invalid = await runCli(['catalog', 'validate'], catalogEnv);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('entries.0.product (id Bad Id)');
    expect(invalid.stderr).toContain('entries.0.id (id Bad Id): ids are lower-case kebab-case');
    expect(invalid.stderr).not.toMatch(STACK_TRACE);
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds connections with secrets as references, scans them in process and schedules them', async () => {
    const scanHome = mkdtempSync(join(tmpdir(), 'unshadow-scan-'));
    const scanEnv = { UNSHADOW_HOME: scanHome, SYN_TOKEN: 'not-a-real-token' };
    const plain = await runCli(['connections', 'add', 'synthetic', '--name', 'plain', '--token', 'hunter2'], scanEnv);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--token must not be stored in plain text');
    expect(plain.stderr).not.toContain('hunter2');

    expect((await runCli(['connections', 'add', 'synthetic', '--name', 'tenant', '--records', '1200', '--page-size', '300', '--token', 'env:SYN_TOKEN'], scanEnv)).code).toBe(0);
    const bad = await runCli(['connections', 'add', 'synthetic', '--name', 'bad', '--page-size', 'many'], scanEnv);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--page-size');
    expect(JSON.parse((await runCli(['connections', 'show', 'tenant'], scanEnv)).stdout).secrets).toEqual({ token: 'env:SYN_TOKEN' });

    const run = await runCli(['scan', 'run', 'tenant', '--json'], scanEnv);
    expect(run.code).toBe(0);
    const scan = JSON.parse(run.stdout) as { id: string; status: string; counts: { records: number } };
    expect(scan).toMatchObject({ status: 'completed', counts: { records: 1200 } });
    const shown = await runCli(['scans', 'show', scan.id.slice(0, 8)], scanEnv);
    expect(shown.stdout).toContain('grants: 1,200 records, 4 pages, done');

    const invalid = await runCli(['schedule', 'add', 'tenant', '--cron', '61 * * * *'], scanEnv);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("'61 * * * *' is not a valid cron expression");
    expect((await runCli(['schedule', 'add', 'tenant', '--cron', '0 3 * * *', '--tz', 'Europe/Berlin'], scanEnv)).code).toBe(0);
    const schedules = JSON.parse((await runCli(['schedule', 'list', '--json'], scanEnv)).stdout) as { id: string; timezone: string; paused: boolean }[];
    expect(schedules).toMatchObject([{ timezone: 'Europe/Berlin', paused: false }]);
    expect((await runCli(['schedule', 'pause', schedules[0]!.id.slice(0, 8)], scanEnv)).code).toBe(0);
    expect(JSON.parse((await runCli(['schedule', 'list', '--json'], scanEnv)).stdout)[0].paused).toBe(true);
    const status = JSON.parse((await runCli(['status', '--json'], scanEnv)).stdout) as { mode: string; scans: { connection: string; status: string }[] };
    expect(status).toMatchObject({ mode: 'embedded', scans: [{ connection: 'tenant', status: 'completed' }] });
    rmSync(scanHome, { recursive: true, force: true });
  }, 120_000);
});
