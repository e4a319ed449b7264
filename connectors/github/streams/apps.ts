import type { Observation } from '../../../src/domain/observation.js';
import type { Page } from '../../../src/domain/connector.js';
import { call, hasNext, octokit, pageOf, type GithubRuntime } from '../client.js';
import { SCOPES } from '../options.js';
import { installationsSchema } from '../schemas.js';

/**
 * GitHub Apps installed on the organisation (GET /orgs/{org}/installations, paged) → one
 * app_install per installation, with the permissions the app holds. Cursor: {page}.
 */
export async function fetchAppsPage(runtime: GithubRuntime, cursor: unknown): Promise<Page> {
  const { org, perPage } = runtime.options;
  const page = pageOf(cursor, 'apps');
  const client = octokit(runtime);
  const response = (await call(runtime, `GET /orgs/${org}/installations`, [SCOPES.apps], () => client.rest.orgs.listAppInstallations({ org, per_page: perPage, page }), { schema: installationsSchema }))!;
  const installations = response.data.installations;
  const observations: Observation[] = [];
  for (const installation of installations) {
    const slug = installation.app_slug;
    if (!slug) continue;
    const permissions = Object.fromEntries((Object.entries(installation.permissions ?? {}) as [string, unknown][]).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const name = (installation as { app_name?: unknown }).app_name;
    observations.push({
      kind: 'app_install',
      key: `github:app:${installation.id}`,
      attributes: { provider: 'github', slug, name: typeof name === 'string' && name.trim() ? name : slug, permissions },
    });
  }
  return { observations, next: hasNext(response.headers, installations.length, perPage) ? { page: page + 1 } : null };
}
