import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeStatement } from '../../src/register/exports/scope.js';
import { validateCycloneDx } from '../../src/register/exports/cyclonedx-validate.js';
import { ANNEX_A_CONTROLS } from '../../src/register/reference.js';
import type { SoaRow } from '../../src/register/requirements.js';
import { runCli } from '../helpers/cli.js';

// The bundled copy of shared/reference/iso42001/annex-a.json (CI clones the repository alone).
const ANNEX_A = ANNEX_A_CONTROLS;
const home = mkdtempSync(join(tmpdir(), 'unshadow-demo-exports-'));
// The demo writes its database under <UNSHADOW_HOME>/demo.
const env = { UNSHADOW_HOME: join(home, 'demo'), UNSHADOW_ACTOR: 'auditor-prep' };
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the exports of the demo organisation, after some review decisions', () => {
  let queue: { id: string; product: string }[];
  beforeAll(async () => {
    expect((await runCli(['demo', '--json'], { UNSHADOW_HOME: home })).code).toBe(0);
    queue = JSON.parse((await runCli(['review', 'queue', '--json'], env)).stdout);
    expect((await runCli(['review', queue[0]!.id, '--status', 'approved', '--role', 'ai_customer', '--department', 'People', '--domain', 'employment'], env)).code).toBe(0);
    expect((await runCli(['review', queue[1]!.id, '--status', 'not_ai', '--note', 'false positive'], env)).code).toBe(0);
    // Four CLI processes, each loading the catalog: more than a minute on a busy machine.
  }, 180_000);

  it('lists every Annex A control in the statement of applicability, each with a justification', async () => {
    const soa = await runCli(['export', 'soa', '--format', 'json'], env);
    expect(soa.code).toBe(0);
    const rows = JSON.parse(soa.stdout) as SoaRow[];
    expect(ANNEX_A).toHaveLength(38);
    expect(rows.map((row) => row.id)).toEqual(ANNEX_A.map((control) => control.id));
    for (const row of rows) expect(row.justification).toMatch(row.applicable ? /^applicable/ : /^not applicable/);
    // The "not AI" system is in no control's list of systems.
    expect(rows.flatMap((row) => row.systems)).not.toContain(queue[1]!.id);
    const csv = await runCli(['export', 'soa', '--format', 'csv'], env);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(39);
  });

  it('drafts a scope with every AI system, the units and roles, and the "not AI" one as an exclusion', async () => {
    const scope = JSON.parse((await runCli(['export', 'scope', '--organisation', 'Northwind Analytics', '--json'], env)).stdout) as ScopeStatement;
    const inventory = JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as { id: string }[];
    expect(scope.systems).toHaveLength(inventory.length - 1);
    expect(scope.exclusions.map((e) => e.id)).toEqual([queue[1]!.id]);
    expect(scope.units).toEqual(['People']);
    expect(scope.roles).toContain('ai_customer');
    expect(scope.systems.find((s) => s.id === queue[0]!.id)).toMatchObject({ rolesDecided: true, status: 'approved' });
    const md = await runCli(['export', 'scope', '--organisation', 'Northwind Analytics'], env);
    expect(md.stdout).toContain('clause 4.3');
    expect(md.stdout).toContain('## Exclusions');
  });

  it('exports a CycloneDX 1.6 BOM that validates against the schema and leaves out the "not AI" system', async () => {
    const bom = await runCli(['export', 'cyclonedx', '--organisation', 'Northwind Analytics'], env);
    expect(bom.code).toBe(0);
    const parsed = JSON.parse(bom.stdout) as { specVersion: string };
    expect(parsed.specVersion).toBe('1.6');
    expect(await validateCycloneDx(parsed)).toEqual([]);
    expect(bom.stdout).not.toContain(queue[1]!.id);
    expect(bom.stdout).toContain(queue[0]!.id);
  });

  it('exports the register with every system and its decision', async () => {
    const rows = JSON.parse((await runCli(['export', 'register', '--format', 'json'], env)).stdout) as { id: string; status: string; roles: string[]; departments: string[] }[];
    const inventory = JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as { id: string }[];
    expect(rows).toHaveLength(inventory.length);
    expect(rows.find((row) => row.id === queue[0]!.id)).toMatchObject({ status: 'approved', roles: ['ai_customer'], departments: ['People'] });
    expect(rows.find((row) => row.id === queue[1]!.id)).toMatchObject({ status: 'not_ai' });
  });

  it('packs every document in every format and the BOM into one folder, all of one version', async () => {
    const folder = join(home, 'audit-pack');
    const packed = await runCli(['export', 'pack', '--output', folder, '--organisation', 'Northwind Analytics'], env);
    expect(packed.code).toBe(0);
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(4 * 5 + 1);
    const versions = new Set(files.filter((f) => !f.endsWith('.cdx.json')).map((f) => /-(r\d+)-\d{4}-\d{2}-\d{2}\./.exec(f)?.[1]));
    expect(versions.size).toBe(1);
    expect(files.filter((f) => f.endsWith('.xlsx')).map((f) => f.replace(/-northwind-analytics-r\d+-\d{4}-\d{2}-\d{2}\.xlsx$/, ''))).toEqual(['ai-incidents', 'ai-register', 'aims-scope', 'statement-of-applicability']);
  }, 120_000);
});
