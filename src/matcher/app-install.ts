import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { tokens } from './normalise.js';
import type { OauthMatcher } from './oauth.js';
import { label, matched, NO_MATCH, suggestsAi, unknownAi } from './result.js';

export type AppInstallMatcher = (input: MatchInputOf<'app_install'>) => MatchResult;

/**
 * App installations (GitHub Apps): the slug is exact; otherwise the app's name is judged like an
 * OAuth app name, with the installation's permissions as its scopes.
 */
export function compileAppInstallMatcher(catalog: Catalog, oauth: OauthMatcher): AppInstallMatcher {
  const slugs = new Map<string, CatalogEntry>();
  for (const entry of catalog.entries) for (const slug of entry.fingerprints.githubApps) slugs.set(slug.trim().toLowerCase(), entry);

  return (app) => {
    const slug = app.slug?.trim().toLowerCase().replace(/\[bot\]$/, '') ?? '';
    const provider = app.provider ?? 'github';
    const bySlug = slug ? slugs.get(slug) : undefined;
    if (bySlug) return matched(bySlug, 0.99, [`${provider} app '${slug}' is ${label(bySlug)}`]);
    const name = app.name?.trim() || slug;
    const permissions = Object.entries(app.permissions ?? {});
    const byName = oauth({ provider, appName: name, scopes: [] });
    if (byName.match?.catalogId) return byName;
    const aiToken = [...tokens(name), ...tokens(slug)].find(suggestsAi);
    if (aiToken && permissions.some(([, access]) => access === 'write' || access === 'read')) {
      return unknownAi(name, name, `app '${name}' contains '${aiToken}' and was granted ${permissions.map(([scope, access]) => `${scope}: ${access}`).join(', ')}`);
    }
    return NO_MATCH;
  };
}
