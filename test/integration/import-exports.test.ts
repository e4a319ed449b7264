import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'unshadow-exports-'));
const env = { UNSHADOW_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Item {
  catalogId: string | null;
  sources: Record<string, number>;
  users: number;
}

describe('offline imports of SaaS exports', () => {
  it('imports Entra consents and Microsoft licences into the inventory, and again without changing anything', async () => {
    const entra = await runCli(['import', 'entra', 'fixtures/microsoft365/entra-export.json', '--json'], env);
    expect(entra.code).toBe(0);
    // 11 delegated grants and 2 application permissions, Microsoft's own apps included (the matcher decides which are AI).
    expect(JSON.parse(entra.stdout)).toMatchObject({ records: 13, flagged: 8, problems: [] });
    const skus = await runCli(['import', 'microsoft-skus', 'fixtures/microsoft365/subscribed-skus.json', '--json'], env);
    expect(JSON.parse(skus.stdout)).toMatchObject({ records: 5, flagged: 1 });
    const before = JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as Item[];
    const ids = before.map((item) => item.catalogId);
    for (const id of ['openai-chatgpt', 'otter-ai', 'fireflies-ai', 'read-ai', 'microsoft-365-copilot']) expect(ids).toContain(id);
    expect(before.find((item) => item.catalogId === 'openai-chatgpt')).toMatchObject({ sources: { oauth_grant: 3 }, users: 3 });

    const again = await runCli(['import', 'entra', 'fixtures/microsoft365/entra-export.json', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ observationsNew: 0, systemsNew: 0 });
    // Seen again later: only lastSeen moves.
    const withoutLastSeen = (items: (Item & { lastSeen?: string })[]) => items.map(({ lastSeen: _, ...rest }) => rest);
    expect(withoutLastSeen(JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout))).toEqual(withoutLastSeen(before));
  });

  it('imports Google Workspace tokens from a JSON export and from GAM CSV alike', async () => {
    const googleHome = mkdtempSync(join(tmpdir(), 'unshadow-google-'));
    const json = await runCli(['import', 'google-tokens', 'fixtures/google-workspace/tokens-export.json', '--json'], { UNSHADOW_HOME: googleHome });
    expect(json.code).toBe(0);
    const fromJson = JSON.parse(json.stdout) as { records: number; flagged: number };
    expect(fromJson.records).toBe(18);
    const fromJsonItems = JSON.parse((await runCli(['inventory', 'list', '--json'], { UNSHADOW_HOME: googleHome })).stdout) as Item[];
    const csv = await runCli(['import', 'google-tokens', 'fixtures/google-workspace/gam-print-tokens.csv', '--json'], { UNSHADOW_HOME: googleHome });
    expect(JSON.parse(csv.stdout)).toMatchObject({ records: 18, flagged: fromJson.flagged, observationsNew: 0 });
    const ids = fromJsonItems.map((item) => item.catalogId);
    for (const id of ['openai-chatgpt', 'otter-ai', 'fireflies-ai', 'grammarly']) expect(ids).toContain(id);
    rmSync(googleHome, { recursive: true, force: true });
  });

  it('imports the apps Intune and Chrome found on devices, and a scan of their connection reads them the same way again', async () => {
    const devicesHome = mkdtempSync(join(tmpdir(), 'unshadow-devices-'));
    const devices = { UNSHADOW_HOME: devicesHome };
    try {
      const intune = await runCli(['import', 'intune-detected-apps', 'fixtures/demo/microsoft365/intune-detected-apps.json', '--json'], devices);
      expect(intune.code, intune.stderr).toBe(0);
      const chrome = await runCli(['import', 'chrome-installed-apps', 'fixtures/demo/google-workspace/chrome-installed-apps.json', '--json'], devices);
      expect(chrome.code, chrome.stderr).toBe(0);
      const imported = [JSON.parse(intune.stdout), JSON.parse(chrome.stdout)] as { flagged: number }[];
      for (const result of imported) expect(result.flagged).toBeGreaterThan(0);
      const items = JSON.parse((await runCli(['inventory', 'list', '--json'], devices)).stdout) as Item[];
      expect(items.some((item) => item.sources.endpoint_app)).toBe(true);
      for (const connection of ['intune-detected-apps', 'chrome-installed-apps']) {
        const scan = await runCli(['scan', 'run', connection, '--json'], devices);
        expect(scan.code, scan.stderr).toBe(0);
        expect(JSON.parse(scan.stdout)).toMatchObject({ status: 'completed', counts: { observationsNew: 0 } });
      }
      const wrong = await runCli(['import', 'chrome-installed-apps', 'fixtures/demo/microsoft365/intune-detected-apps.json'], devices);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('reports:countInstalledApps');
      expect(wrong.stderr).not.toMatch(STACK_TRACE);
    } finally {
      rmSync(devicesHome, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a file that is not an export, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unshadow-bad-'));
    writeFileSync(join(dir, 'not-json.json'), '{ "servicePrincipals": [');
    writeFileSync(join(dir, 'wrong-shape.json'), JSON.stringify({ value: [{ id: 1 }] }));
    const notJson = await runCli(['import', 'entra', join(dir, 'not-json.json')], env);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
    const wrong = await runCli(['import', 'entra', join(dir, 'wrong-shape.json')], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('expected an Entra export');
    expect(wrong.stderr).not.toMatch(STACK_TRACE);
    const missing = await runCli(['import', 'microsoft-skus', join(dir, 'nope.json')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('it does not exist');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('exports of the inventory', () => {
  it('exports the register with suggested roles and tiers, and a CycloneDX BOM that validates', async () => {
    const exportHome = mkdtempSync(join(tmpdir(), 'unshadow-export-'));
    const exportEnv = { UNSHADOW_HOME: exportHome };
    expect((await runCli(['import', 'entra', 'fixtures/microsoft365/entra-export.json'], exportEnv)).code).toBe(0);
    expect((await runCli(['scan', 'repo', 'fixtures/repos/node-chatbot', '--save'], exportEnv)).code).toBe(0);
    const csv = await runCli(['export', 'register', '--format', 'csv'], exportEnv);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toContain('vendor,product,category,status,suggested_roles');
    expect(lines.some((line) => line.includes('ChatGPT') && line.includes('ai_customer'))).toBe(true);
    expect(lines.some((line) => line.includes('OpenAI API') && line.includes('ai_producer'))).toBe(true);
    const bom = await runCli(['export', 'cyclonedx', '--organisation', 'Northwind Analytics'], exportEnv);
    expect(bom.code).toBe(0);
    const parsed = JSON.parse(bom.stdout) as { specVersion: string; services?: unknown[]; components?: unknown[] };
    expect(parsed.specVersion).toBe('1.6');
    expect(parsed.services?.length).toBeGreaterThan(0);
    expect(parsed.components?.length).toBeGreaterThan(0);
    rmSync(exportHome, { recursive: true, force: true });
  });
});
