import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.js';

/** `unshadow import seats`: AI vendors' own seat lists, CSV or JSON, through the real CLI on PGlite. */
const home = mkdtempSync(join(tmpdir(), 'unshadow-seats-'));
const env = { UNSHADOW_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Item {
  catalogId: string | null;
  vendor: string;
  sources: Record<string, number>;
  users: number;
}

const inventory = async () => JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as Item[];

describe('unshadow import seats', () => {
  it("imports a vendor's member export (no vendor column: --vendor), once per connection, and a scan reads it again the same way", async () => {
    const first = await runCli(['import', 'seats', 'fixtures/seats/chatgpt-members.csv', '--vendor', 'OpenAI', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    // One subscription (4 seats) and one assignment per member, in a connection of the vendor's own.
    expect(JSON.parse(first.stdout)).toMatchObject({ connection: 'seats-openai', vendors: ['OpenAI'], records: 5, flagged: 5, systemsNew: 1, problems: [] });
    expect((await inventory()).find((item) => item.catalogId === 'openai-chatgpt-enterprise')).toMatchObject({ sources: { licence: 5 }, users: 4 });

    const again = await runCli(['import', 'seats', 'fixtures/seats/chatgpt-members.csv', '--vendor', 'OpenAI', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ observationsNew: 0, systemsNew: 0 });
    const scan = await runCli(['scan', 'run', 'seats-openai', '--json'], env);
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout)).toMatchObject({ status: 'completed', counts: { records: 5, flagged: 5 } });
  }, 300_000);

  it("imports a reseller's multi-vendor report and a JSON list; unknown AI vendors are possible AI, other software is left out", async () => {
    const report = await runCli(['import', 'seats', 'fixtures/seats/reseller-licences.csv', '--json'], env);
    expect(report.code, report.stderr).toBe(0);
    // Cursor (1 + 3 users), the unknown Zorblax AI (1 + 1) and Claude (1 + 1) kept; Figma (1 + 1) not AI.
    expect(JSON.parse(report.stdout)).toMatchObject({ connection: 'seats', records: 10, flagged: 8 });
    const json = await runCli(['import', 'seats', 'fixtures/seats/claude-team.json', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ connection: 'seats-anthropic', records: 4, flagged: 4 });
    const items = await inventory();
    expect(items.find((item) => item.catalogId === 'anysphere-cursor')).toMatchObject({ users: 3 });
    expect(items.find((item) => item.catalogId === null && item.vendor === 'Zorblax AI')).toBeDefined();
    expect(items.find((item) => item.catalogId === 'anthropic-claude-team')).toMatchObject({ users: 3 });
    expect(items.some((item) => item.vendor === 'Figma')).toBe(false);
  }, 300_000);

  it('reads renamed columns with --map, and says what is missing without a stack trace', async () => {
    const mapped = await runCli(['import', 'seats', 'fixtures/seats/renamed-columns.csv', '--map', 'Tool Vendor=vendor,Licence Kind=plan,Holder=user', '--json'], env);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ connection: 'seats-grammarly', records: 3, flagged: 3 });

    const dir = mkdtempSync(join(tmpdir(), 'unshadow-seats-bad-'));
    writeFileSync(join(dir, 'members.csv'), 'Email,Role\nana@x.io,Member\n');
    const noVendor = await runCli(['import', 'seats', join(dir, 'members.csv')], env);
    expect(noVendor.code).toBe(2);
    expect(noVendor.stderr).toContain('names no vendor');
    expect(noVendor.stderr).not.toMatch(STACK_TRACE);
    const badMap = await runCli(['import', 'seats', 'fixtures/seats/renamed-columns.csv', '--map', 'Nope=vendor'], env);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain("--map names the column 'nope'");
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
