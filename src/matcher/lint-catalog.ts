import type { CatalogEntry, NotAiEntry } from '../domain/catalog.js';
import { normalisePackage, tokens } from './normalise.js';

/**
 * Checks of a catalog as the matcher will read it, which the schema cannot express: fingerprints two entries claim (the matcher would pick one
 * silently), aliases a suppression also names, aliases too short to be safe alone, entries
 * nothing could ever match. Each problem names the entries involved.
 */
export function lintCatalog(entries: CatalogEntry[], notAi: NotAiEntry[]): string[] {
  const problems: string[] = [];
  const claims = new Map<string, string>();
  const claim = (what: string, id: string) => {
    const previous = claims.get(what);
    if (previous && previous !== id) problems.push(`${what} is claimed by both ${previous} and ${id}`);
    else claims.set(what, id);
  };
  const suppressed = new Set(notAi.filter((s) => !s.reviewed).flatMap((s) => [s.name, ...s.merchants, ...s.oauthNames]).map((text) => tokens(text).join(' ')));
  for (const entry of entries) {
    const f = entry.fingerprints;
    for (const merchant of f.merchants) {
      const aliasTokens = tokens(merchant);
      if (aliasTokens.length === 0) problems.push(`${entry.id}: merchant alias '${merchant}' has no letters or digits`);
      else if (aliasTokens.length === 1 && aliasTokens[0]!.length < 3) problems.push(`${entry.id}: merchant alias '${merchant}' is too short to be safe alone`);
      if (suppressed.has(aliasTokens.join(' '))) problems.push(`${entry.id}: merchant alias '${merchant}' is also a not-AI suppression`);
      // descriptorPattern() blanks such runs: an alias with one could never match.
      if (/\d{4,}/.test(merchant)) problems.push(`${entry.id}: merchant alias '${merchant}' has four digits in a row, which descriptors treat as a store or reference number`);
      claim(`merchant alias '${aliasTokens.join(' ')}'`, entry.id);
    }
    for (const name of f.oauth.names) if (suppressed.has(tokens(name).join(' '))) problems.push(`${entry.id}: OAuth name '${name}' is also a not-AI suppression`);
    for (const id of [...f.oauth.googleClientIds, ...f.oauth.entraAppIds]) claim(`OAuth client id '${id.toLowerCase()}'`, entry.id);
    for (const sku of f.skus) if (sku.id) claim(`${sku.provider} SKU id '${sku.id.toLowerCase()}'`, entry.id);
    for (const [ecosystem, names] of Object.entries(f.packages)) {
      for (const name of names ?? []) claim(`${ecosystem} package '${normalisePackage(ecosystem as never, name)}'`, entry.id);
    }
    for (const slug of f.githubApps) claim(`GitHub app '${slug.toLowerCase()}'`, entry.id);
    const fingerprints = f.merchants.length + f.oauth.names.length + f.oauth.googleClientIds.length + f.oauth.entraAppIds.length + f.oauth.publishers.length +
      f.skus.length + Object.values(f.packages).flat().length + f.githubApps.length + f.artefacts.length + entry.domains.length;
    if (fingerprints === 0) problems.push(`${entry.id}: has no fingerprints, so nothing can ever match it`);
  }
  return problems;
}
