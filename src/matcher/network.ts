import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import { isApiHostName } from '../domain/endpoint-signals.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { tokens } from './normalise.js';
import { aiWordIn, possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH } from './result.js';

export type NetworkMatcher = (input: MatchInputOf<'network'>) => MatchResult;

/** First labels that name a product's web front rather than its API (console.anthropic.com). */
const WEB_LABELS = new Set(['www', 'console', 'platform', 'docs', 'dashboard', 'app', 'studio', 'playground', 'help', 'status', 'community', 'cdn', 'auth', 'login', 'chat']);
/** Categories whose API traffic means the organisation builds with a model. */
const BUILD_CATEGORIES = new Set(['model_api', 'agent_automation', 'ml_framework']);

/** A host name as logs write it, reduced to what catalogs list: lower case, no port, no trailing dot. */
export function normaliseHost(raw: string): string {
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) return host;
  const colon = host.indexOf(':');
  if (colon !== -1 && host.indexOf(':', colon + 1) === -1) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** Is this a call to the product's API rather than a visit to its site? */
export function isApiEndpoint(host: string, catalogDomain: string, entry: CatalogEntry): boolean {
  if (isApiHostName(host)) return true;
  const first = host.slice(0, host.indexOf('.'));
  // Cloud model services put each customer's resource under the catalog's host (<name>.openai.azure.com).
  return entry.category === 'model_api' && host !== catalogDomain && !WEB_LABELS.has(first);
}

/**
 * Network traffic (proxy, DNS, firewall logs) by destination host: the host or the nearest
 * parent domain a catalog entry lists among its web and API domains. A call to an API host
 * (api.<vendor>) is told apart from a visit, because software calling a model API from inside
 * the organisation means it builds with AI. A host no entry knows whose name says AI
 * (chatgpt-mirror.example, mygpt.app) is possible AI; a `.ai` top-level domain alone is not, as
 * too many ordinary sites use it (their daily counts are kept, so a later catalog re-matches them).
 */
export function compileNetworkMatcher(catalog: Catalog): NetworkMatcher {
  const byHost = new Map<string, CatalogEntry>();
  // The model APIs under each domain, for api.<domain> hosts whose domain a chat product holds.
  const apisUnder = new Map<string, CatalogEntry[]>();
  for (const entry of catalog.entries) {
    for (const domain of entry.domains) {
      const host = normaliseHost(domain);
      byHost.set(host, entry);
      if (entry.category !== 'model_api') continue;
      const labels = host.split('.');
      for (let i = 0; i <= labels.length - 2; i++) {
        const suffix = labels.slice(i).join('.');
        const list = apisUnder.get(suffix) ?? [];
        if (!list.includes(entry)) list.push(entry);
        apisUnder.set(suffix, list);
      }
    }
  }

  const find = (host: string): { entry: CatalogEntry; domain: string } | undefined => {
    for (let at = 0; at !== -1; at = host.indexOf('.', at) + 1 || -1) {
      const candidate = host.slice(at);
      if (!candidate.includes('.')) return undefined;
      const entry = byHost.get(candidate);
      if (entry) return { entry, domain: candidate };
    }
    return undefined;
  };

  return (input) => {
    const host = normaliseHost(input.host);
    if (!host.includes('.')) return NO_MATCH;
    const found = find(host);
    if (!found) {
      const labels = host.split('.');
      const word = aiWordIn(labels.slice(0, -1).flatMap((part) => tokens(part)));
      return word ? possibleAi(host, host, [`network traffic to ${host}, whose name has '${word}' in it, and no catalog entry knows it`]) : NO_MATCH;
    }
    let { entry } = found;
    const via = found.domain === host ? `${host}, a domain of ${label(entry)}` : `${host}, under ${found.domain}, a domain of ${label(entry)}`;
    if (!isApiEndpoint(host, found.domain, entry)) return matched(entry, 0.9, [`network traffic to ${via}`]);
    // api.perplexity.ai under perplexity.ai: the vendor's model API, when it has exactly one.
    if (entry.category !== 'model_api') {
      const apis = apisUnder.get(found.domain) ?? [];
      if (apis.length === 1) entry = apis[0]!;
    }
    const builds = BUILD_CATEGORIES.has(entry.category);
    return matched(entry, 0.95, [
      `network traffic to ${via}`,
      builds
        ? `${host} is an API endpoint: software calls ${label(entry)} from this network, so the organisation builds with it (AI producer)`
        : `${host} is an API endpoint of ${label(entry)}: software, not only a browser, talks to it`,
    ]);
  };
}
