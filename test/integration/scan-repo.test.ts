import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, STACK_TRACE } from '../helpers/cli.js';
import { installFakeDependencies } from '../connectors/manifests/helpers.js';

installFakeDependencies();

interface ScanJson {
  repo: string;
  dependencies: { ecosystem: string; name: string; version: string | null; manifest: string; direct: boolean; via: string[] | null; match: { catalogId: string | null; impliedRole: string | null } | null }[];
  artefacts: { type: string; name: string; path: string; match: { catalogId: string | null } | null }[];
  errors: { path: string; reason: string }[];
}

const REPOS = join(ROOT, 'fixtures/repos');
const samples = readdirSync(REPOS).filter((name) => existsSync(join(REPOS, name, 'EXPECTED-AI.json')));
/** What a correct scan reports, written down beside each sample repository. */
const expectedOf = (name: string) => (JSON.parse(readFileSync(join(REPOS, name, 'EXPECTED-AI.json'), 'utf8')) as { dependencies: { ecosystem: string; name: string }[] }).dependencies;
const aiOf = (scan: ScanJson) => [...new Set(scan.dependencies.filter((d) => d.match).map((d) => `${d.ecosystem}:${d.name}`))].sort();

describe('unshadow scan repo', () => {
  it('has a sample repository for each major ecosystem', () => {
    expect(samples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(samples)('finds exactly the AI dependencies of fixtures/repos/%s', async (name) => {
    const { code, stdout } = await runCli(['scan', 'repo', join('fixtures/repos', name), '--json']);
    expect(code).toBe(0);
    const scan = JSON.parse(stdout) as ScanJson;
    const expected = expectedOf(name).map((d) => `${d.ecosystem}:${d.name}`);
    expect(aiOf(scan)).toEqual([...new Set(expected)].sort());
    // Installed and virtual-environment code is not the repository's (node-chatbot has node_modules).
    expect(scan.dependencies.some((d) => /(^|\/)(node_modules|\.venv|vendor)\//.test(d.manifest))).toBe(false);
    // Every parsed dependency is listed, AI or not.
    expect(scan.dependencies.some((d) => d.match === null)).toBe(true);
  });

  it('reads lockfiles: an AI SDK only a dependency brings in is reported with the chain that brought it', async () => {
    const json = JSON.parse((await runCli(['scan', 'repo', 'fixtures/repos/support-bot', '--json'])).stdout) as ScanJson;
    const locked = (name: string) => json.dependencies.find((d) => d.manifest === 'uv.lock' && d.name === name);
    expect(locked('anthropic')).toMatchObject({ version: '0.49.0', direct: false, via: ['langchain-anthropic'], match: { catalogId: 'anthropic-api' } });
    expect(locked('langchain-anthropic')).toMatchObject({ direct: true, via: null });
    expect(json.dependencies.some((d) => d.manifest === 'uv.lock' && d.name === 'support-bot')).toBe(false); // the project itself
    const human = await runCli(['scan', 'repo', 'fixtures/repos/support-bot']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('anthropic (through langchain-anthropic)');
    expect(human.stdout).toContain('langsmith (through langchain-anthropic → langchain-core)');
    expect(human.stdout).not.toContain('langchain-anthropic (through');
  });

  it('scans this repository: its own manifests use no AI SDK, its sample repositories do', async () => {
    const { code, stdout } = await runCli(['scan', 'repo', '.', '--json']);
    expect(code).toBe(0);
    const scan = JSON.parse(stdout) as ScanJson;
    const own = scan.dependencies.filter((d) => d.manifest === 'package.json' || d.manifest === 'package-lock.json');
    expect(own.length).toBeGreaterThan(20);
    expect(own.filter((d) => d.match)).toEqual([]);
    for (const name of samples) {
      for (const dependency of expectedOf(name)) {
        expect(scan.dependencies.some((d) => d.match && d.ecosystem === dependency.ecosystem && d.name === dependency.name && d.manifest.startsWith(`fixtures/repos/${name}/`))).toBe(true);
      }
    }
  });

  it('gates a pipeline with --fail-on and reports unparseable files without stopping', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'unshadow-repo-'));
    mkdirSync(join(repo, 'svc'));
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ dependencies: { openai: '^4.0.0', express: '^4.0.0' } }));
    writeFileSync(join(repo, 'svc/pyproject.toml'), '[project\nname = broken');
    writeFileSync(join(repo, 'svc/requirements.txt'), 'requests==2.32.0\ntorch>=2.0\n');
    const gated = await runCli(['scan', 'repo', repo, '--fail-on', 'any']);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain('--fail-on any: ');
    expect(gated.stderr).toContain('npm:openai');
    const json = JSON.parse((await runCli(['scan', 'repo', repo, '--json'])).stdout) as ScanJson;
    expect(json.errors.map((e) => e.path)).toEqual(['svc/pyproject.toml']);
    expect(aiOf(json)).toEqual(['npm:openai', 'pypi:torch']);
    const legalOnly = await runCli(['scan', 'repo', repo, '--fail-on', 'legal']);
    expect(legalOnly.code).toBe(0);
    const wrong = await runCli(['scan', 'repo', repo, '--fail-on', 'everything']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).not.toMatch(STACK_TRACE);
    rmSync(repo, { recursive: true, force: true });
  });
});
