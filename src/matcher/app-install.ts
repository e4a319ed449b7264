import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { tokens } from './normalise.js';
import type { OauthMatcher } from './oauth.js';
import { aiWordIn, possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH } from './result.js';

export type AppInstallMatcher = (input: MatchInputOf<'app_install'>) => MatchResult;

/**
 * What an AI coding agent or reviewer asks a repository for: to read the code and write to pull
 * requests or issues. Dependency bots and linters ask the same, so this only adds to a name that
 * already says AI.
 */
function agentPermissions(permissions: [string, string][]): string | undefined {
  const granted = new Map(permissions);
  const readsCode = granted.get('contents') === 'read' || granted.get('contents') === 'write';
  const writes = ['pull_requests', 'issues'].filter((scope) => granted.get(scope) === 'write');
  return readsCode && writes.length > 0 ? `contents: ${granted.get('contents')}, ${writes.map((scope) => `${scope}: write`).join(', ')}` : undefined;
}

/**
 * App installations (GitHub Apps): the slug is exact; otherwise the app's name is judged like an
 * OAuth app name. An app no catalog entry knows whose name or slug says AI ("sweep-ai",
 * "…GPT…"; a slug with "ai" glued on, "foobarai", only beside agent-like permissions) is
 * possible AI, ranked up when it can read code and write pull requests.
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
    const byName = oauth({ provider, appName: name, scopes: [] });
    if (byName.match?.catalogId) return byName;
    const permissions = Object.entries(app.permissions ?? {});
    if (permissions.length === 0) return NO_MATCH;
    const agentLike = agentPermissions(permissions);
    const word = aiWordIn([...tokens(name), ...tokens(slug)]);
    const glued = tokens(slug).find((token) => token.length >= 6 && token.endsWith('AI'));
    if (!word && !(glued && agentLike)) return NO_MATCH;
    const signals = [word ? `app '${name}' (${slug}) has '${word}' in its name, and no catalog entry knows it` : `app slug '${slug}' reads as '${glued!.slice(0, -2)} AI'`];
    if (agentLike) signals.push(`it may read the code and write pull requests or issues (${agentLike}), as AI coding agents do`);
    return possibleAi(name, name, signals);
  };
}
