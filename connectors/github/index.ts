import { PermanentSourceError, type Connector, type Page, type PermissionCheck } from '../../src/domain/connector.js';
import { failedCheck } from '../../src/domain/connector-checks.js';
import { mapError, octokit, statusOf, type GithubRuntime } from './client.js';
import { githubOptionsSchema, SCOPES, type GithubOptions } from './options.js';
import { GITHUB_PERMISSIONS } from './permissions.js';
import { fetchAppsPage } from './streams/apps.js';
import { fetchCopilotPage } from './streams/copilot.js';
import { fetchRepositoriesPage } from './streams/repositories.js';

export { githubOptionsSchema, SCOPES, type GithubOptions } from './options.js';
export { GITHUB_PERMISSIONS } from './permissions.js';
export { dependenciesFromSbom, parsePurl, type Purl } from './sbom.js';

/**
 * GitHub (github.com or Enterprise Server): Copilot subscription and seats, GitHub Apps
 * installed on the organisation, and per repository the dependencies (dependency-graph SBOM,
 * or manifests through the contents API) and AI assistant / MCP configuration files.
 * A personal access token or an installation token; scopes in README.md.
 */
export const GITHUB_STREAMS = ['copilot', 'apps', 'repositories'] as const;
export type GithubStream = (typeof GITHUB_STREAMS)[number];

/** The declared permission each stream's checks probe (permissions.ts). */
const STREAM_PERMISSION: Record<GithubStream, string> = { copilot: 'manage_billing:copilot', apps: 'read:org', repositories: 'repo' };

async function check(name: string, detail: string, run: () => Promise<unknown>, needs: string, request: string, okStatuses: number[] = [], permission?: string): Promise<PermissionCheck> {
  const probes = permission ? { permission } : {};
  try {
    await run();
    return { name, ok: true, detail, ...probes };
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && okStatuses.includes(status)) return { name, ok: true, detail: `${detail} (answered ${status})`, ...probes };
    return { ...failedCheck(name, mapError(error, request, [needs]), detail), ...probes };
  }
}

async function test(runtime: GithubRuntime): Promise<PermissionCheck[]> {
  const { org } = runtime.options;
  let client;
  try {
    client = octokit(runtime);
  } catch (error) {
    return [failedCheck('token', error)];
  }
  const results: PermissionCheck[] = [];
  const orgCheck = await check(`GET /orgs/${org}`, 'the token works and can see the organisation', () => client.rest.orgs.get({ org }), SCOPES.org, `GET /orgs/${org}`);
  results.push(orgCheck);
  if (!orgCheck.ok) return [...results, ...GITHUB_STREAMS.map((stream) => ({ name: `stream ${stream}`, permission: STREAM_PERMISSION[stream], ok: false, skipped: true, detail: 'not checked: the organisation is not reachable' }))];
  // 404: Copilot is not enabled for the organisation — the stream is empty, not failing.
  results.push(await check(SCOPES.copilot, 'stream copilot', () => client.rest.copilot.getCopilotOrganizationDetails({ org }), SCOPES.copilot, `GET /orgs/${org}/copilot/billing`, [404], STREAM_PERMISSION.copilot));
  results.push(await check(SCOPES.apps, 'stream apps', () => client.rest.orgs.listAppInstallations({ org, per_page: 1 }), SCOPES.apps, `GET /orgs/${org}/installations`, [], STREAM_PERMISSION.apps));
  let first: { owner: { login: string }; name: string; full_name: string } | undefined;
  results.push(
    await check(SCOPES.repos, 'stream repositories', async () => {
      first = (await client.rest.repos.listForOrg({ org, type: 'all', per_page: 1 })).data[0];
    }, SCOPES.repos, `GET /orgs/${org}/repos`, [], STREAM_PERMISSION.repositories),
  );
  if (first) {
    const repo = first;
    results.push(
      await check(SCOPES.sbom, `stream repositories: dependency graph of ${repo.full_name} (else manifests are read through the contents API)`, () => client.rest.dependencyGraph.exportSbom({ owner: repo.owner.login, repo: repo.name }), SCOPES.sbom, `GET /repos/${repo.full_name}/dependency-graph/sbom`, [], STREAM_PERMISSION.repositories),
    );
  }
  return results;
}

export const githubConnector: Connector<GithubOptions> = {
  kind: 'github',
  label: 'GitHub',
  description: 'GitHub organisation: Copilot seats, installed GitHub Apps, and AI SDKs and assistant/MCP configs in repositories (dependency graph SBOM or manifests)',
  optionsSchema: githubOptionsSchema,
  secretOptions: ['token', 'privateKey'],
  secretFields: {
    token: { label: 'Token', help: 'A personal access token (classic or fine-grained) with the permissions the connector lists; or a GitHub App instead' },
    privateKey: { label: 'GitHub App private key', help: "The GitHub App's private key (PEM), with the App ID and installation ID", multiline: true },
  },
  permissions: GITHUB_PERMISSIONS,
  streams: GITHUB_STREAMS,
  test,
  async fetchPage(runtime, stream, cursor): Promise<Page> {
    switch (stream) {
      case 'copilot':
        return fetchCopilotPage(runtime, cursor);
      case 'apps':
        return fetchAppsPage(runtime, cursor);
      case 'repositories':
        return fetchRepositoriesPage(runtime, cursor);
      default:
        throw new PermanentSourceError(`github has no stream ${JSON.stringify(stream)}; its streams are ${GITHUB_STREAMS.join(', ')}`);
    }
  },
};
