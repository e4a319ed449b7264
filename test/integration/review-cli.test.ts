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
    // In words: the field and the certification as people name them.
    expect(result.stdout).toContain('ISO/IEC 42001');
    expect(result.stdout).toContain('Data processing agreement');
    expect(result.stdout).toContain('4 change(s) recorded');
    const shown = JSON.parse((await runCli(['vendors', 'show', queue[1]!.vendor, '--json'], env)).stdout) as { diligence: unknown; reviewDue: string; history: { who: string; fieldLabel: string }[] };
    expect(shown).toMatchObject({ diligence: { certifications: ['iso42001'], dataProcessingAgreement: true, trainsOnCustomerData: false, reviewedOn: '2026-11-20' }, reviewDue: '2027-11-20' });
    expect(shown.history.map((h) => h.fieldLabel)).toContain('Certifications');
    const cleared = await runCli(['vendor', queue[1]!.vendor, '--clear', 'dpa', '--reviewed-on', '2026-11-20'], env);
    expect(cleared.stdout).toContain('1 change(s) recorded');
    const unknown = await runCli(['vendor', queue[1]!.vendor, '--clear', 'colour'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--clear does not know 'colour'");
  }, 120_000);

  it('records the organisation, a control and an incident from the CLI, and approves a document', async () => {
    const org = await runCli(['organisation', 'set', '--name', 'Northwind Analytics', '--internal-issue', 'Shadow AI in sales', '--party', 'Customers: no customer data in unreviewed AI', '--document-owner', 'Dana Kowalski'], env);
    expect(org.code).toBe(0);
    expect(org.stdout).toContain('Interested parties and their requirements (4.2)');
    const control = await runCli(['controls', 'set', 'A.2.2', '--status', 'implemented', '--owner', 'CISO', '--evidence', 'POL-AI-001 v1'], env);
    expect(control.code).toBe(0);
    const derived = await runCli(['controls', 'set', 'A.9.2', '--status', 'implemented'], env);
    expect(derived.code).toBe(2);
    expect(derived.stderr).toContain('the implementation status of A.9.2 comes from the AI system reviews');
    const opened = JSON.parse((await runCli(['incidents', 'open', queue[0]!.id.slice(0, 8), '--title', 'Leaked a draft', '--kind', 'data_exposure', '--severity', 'high', '--description', 'A draft went to the wrong customer', '--json'], env)).stdout) as { reference: string };
    const refused = await runCli(['incidents', 'update', opened.reference, '--status', 'closed'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('cannot be closed without its corrective action');
    expect((await runCli(['incidents', 'update', opened.reference, '--status', 'closed', '--corrective-action', 'Recipient check before sending'], env)).code).toBe(0);
    expect((await runCli(['incidents', 'list', '--json'], env)).stdout).toContain('Recipient check before sending');
    const approve = await runCli(['documents', 'approve', 'soa', '--approved-by', 'Sam Lee, CEO'], env);
    expect(approve.stdout).toMatch(/^Approved version r\d+ by Sam Lee, CEO on \d{4}-\d{2}-\d{2}\.$/m);
    expect((await runCli(['export', 'soa'], env)).stdout).toContain('POL-AI-001 v1');
  }, 180_000);
});
