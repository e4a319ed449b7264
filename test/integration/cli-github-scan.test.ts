import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startGithubDouble } from '../helpers/saas-doubles.js';

/**
 * A GitHub scan run by the `unshadow` binary, which is the compiled build whenever the build is
 * current (always in CI, where `npm ci` builds it): a repository without a dependency graph is
 * read through its manifests, and its MCP configuration is found. The build once left the
 * manifest parser out, and such scans found neither, with no error anywhere.
 */
describe('unshadow scan run of a GitHub organisation (embedded database)', () => {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-github-cli-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('reads the manifests of a repository without a dependency graph, and its AI assistant\'s MCP configuration', async () => {
    const github = await startGithubDouble('acme', 3, {
      repo0Files: {
        'requirements.txt': 'mistralai==1.2.5\nrequests==2.32.3\n',
        '.cursor/mcp.json': JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] } } }),
      },
    });
    try {
      const env = { UNSHADOW_HOME: home, UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'loopback', GITHUB_TOKEN: 'ghp_double' };
      const added = await runCli(['connections', 'add', 'github', '--name', 'acme', '--org', 'acme', '--token', 'env:GITHUB_TOKEN', '--api-url', github.url], env);
      expect(added.code, added.stderr).toBe(0);
      const run = await runCli(['scan', 'run', 'acme', '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { status: string }).status).toBe('completed');

      const systems = JSON.parse((await runCli(['inventory', 'list', '--json'], env)).stdout) as { vendor: string; product: string; sources: Record<string, number> }[];
      const found = JSON.stringify(systems);
      // Only repo-0's requirements.txt names Mistral's SDK: the other repositories' SBOMs never do.
      expect(systems.some((system) => system.vendor === 'Mistral AI'), found).toBe(true);
      // The MCP configuration in .cursor/ is evidence that Cursor is used there.
      expect(systems.find((system) => system.product === 'Cursor')?.sources, found).toEqual({ repo_artefact: 1 });
    } finally {
      await github.close();
    }
  }, 120_000);
});
