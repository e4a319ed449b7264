import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'unshadow-review-cli-'));
const env = { UNSHADOW_HOME: home, UNSHADOW_ACTOR: 'erin@example.com' };
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('unshadow review, review queue and vendor', () => {
  let queue: { id: string; vendor: string; status: string; priority: { score: number } }[];
  beforeAll(async () => {
    expect((await runCli(['import', 'expenses', 'fixtures/demo/expenses/ramp-2026-q3.csv'], env)).code).toBe(0);
    const listed = await runCli(['review', 'queue', '--json'], env);
    expect(listed.code).toBe(0);
    queue = JSON.parse(listed.stdout);
  });

  it('lists what awaits review, highest triage priority first', () => {
    expect(queue.length).toBeGreaterThan(1);
    const scores = queue.map((item) => item.priority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('records a decision by id prefix under UNSHADOW_ACTOR, shown by inventory history', async () => {
    const id = queue[0]!.id;
    const reviewed = await runCli(['review', id.slice(0, 8), '--status', 'restricted', '--conditions', 'Pilot team only', '--role', 'ai_customer', '--department', 'Sales,Support', '--note', 'pilot'], env);
    expect(reviewed.code).toBe(0);
    expect(reviewed.stdout).toContain('change(s) recorded in the audit trail');
    const history = JSON.parse((await runCli(['inventory', 'history', id, '--json'], env)).stdout) as { actor: string; field: string | null; after: unknown; reason: string | null }[];
    expect(history.find((h) => h.field === 'status')).toMatchObject({ actor: 'erin@example.com', after: 'restricted', reason: 'pilot' });
    expect(history.find((h) => h.field === 'useContext.departments')).toMatchObject({ after: ['Sales', 'Support'] });
    const after = JSON.parse((await runCli(['review', 'queue', '--json'], env)).stdout) as { id: string }[];
    expect(after.map((item) => item.id)).not.toContain(id);
  });

  it('shows, without options, the suggestions beside the decision and the open ISO 42001 requirements', async () => {
    const id = queue[0]!.id;
    const sheet = JSON.parse((await runCli(['review', id, '--json'], env)).stdout) as {
      entry: { status: string; roles: string[] };
      suggestedRoles: { roles: string[]; reasons: string[] };
      requirements: { controls: { id: string; status: string }[] };
    };
    expect(sheet.entry).toMatchObject({ status: 'restricted', roles: ['ai_customer'] });
    expect(sheet.suggestedRoles.reasons.length).toBeGreaterThan(0);
    // No vendor due diligence recorded yet: A.10.3 (suppliers) is open.
    expect(sheet.requirements.controls.find((c) => c.id === 'A.10.3')).toMatchObject({ status: 'open' });
    const history = JSON.parse((await runCli(['inventory', 'history', id, '--json'], env)).stdout) as unknown[];
    expect((await runCli(['review', id], env)).stdout).toContain('ISO/IEC 42001 requirements');
    expect(JSON.parse((await runCli(['inventory', 'history', id, '--json'], env)).stdout)).toEqual(history);
  });

  it('explains bad input with exit 2 and no stack trace', async () => {
    for (const args of [
      ['review', 'zzzzzzzz', '--status', 'approved'],
      ['review', queue[1]!.id, '--role', 'overlord'],
      ['review', queue[1]!.id, '--status', 'approved_with_conditions'],
      ['vendor', 'Nobody Inc', '--soc2'],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it("records a vendor's due diligence", async () => {
    const result = await runCli(['vendor', queue[1]!.vendor, '--iso42001', '--dpa', '--no-trains-on-customer-data', '--reviewed-on', '2026-11-20'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"iso42001"');
    expect(result.stdout).toContain('4 change(s) recorded');
  });
});
