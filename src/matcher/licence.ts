import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { NameIndex } from './name-index.js';
import { tokens } from './normalise.js';
import { label, matched, NO_MATCH, suggestsAi, unknownAi } from './result.js';

export type LicenceMatcher = (input: MatchInputOf<'licence'>) => MatchResult;

/** Licence words that say AI where no catalog entry knows the SKU yet. */
const AI_SKU_TOKENS = new Set(['COPILOT', 'GEMINI']);

/**
 * Licences: SKU ids (Microsoft skuId GUIDs, Google product and SKU ids) are exact; part numbers
 * and names compare whole ("Microsoft_365_Copilot" = "MICROSOFT 365 COPILOT") or as a catalog
 * name inside a longer one ("Microsoft_365_Copilot_EDU").
 */
export function compileLicenceMatcher(catalog: Catalog): LicenceMatcher {
  const ids = new Map<string, CatalogEntry>();
  const googleProducts = new Map<string, CatalogEntry>();
  // By provider first: "Copilot Pro" is a Microsoft consumer plan and a GitHub plan.
  const exactNames = new Map<string, CatalogEntry>();
  const names = new NameIndex();
  // Providers that sell exactly one AI product: an AI-sounding SKU of theirs is that product.
  const aiProductsOf = new Map<string, Set<CatalogEntry>>();
  for (const entry of catalog.entries) {
    for (const sku of entry.fingerprints.skus) {
      if (sku.provider !== 'other') aiProductsOf.set(sku.provider, (aiProductsOf.get(sku.provider) ?? new Set()).add(entry));
      if (sku.id) ids.set(sku.id.trim().toLowerCase(), entry);
      // Google SKU ids are their product id and four more digits (101047 → 1010470002).
      if (sku.provider === 'google' && sku.id && /^\d{6}$/.test(sku.id.trim())) googleProducts.set(sku.id.trim(), entry);
      for (const name of [sku.partNumber, sku.name]) {
        if (!name) continue;
        const nameKey = tokens(name).join(' ');
        exactNames.set(`${sku.provider}:${nameKey}`, entry);
        if (!exactNames.has(`*:${nameKey}`)) exactNames.set(`*:${nameKey}`, entry);
        names.add(name, entry);
      }
    }
  }

  return (licence) => {
    const skuId = licence.skuId?.trim() ?? '';
    const skuName = licence.skuName?.trim() ?? '';
    const provider = licence.provider?.trim().toLowerCase() || 'licence';
    const shown = skuName || skuId;
    const byId = skuId ? ids.get(skuId.toLowerCase()) : undefined;
    if (byId) return matched(byId, 0.99, [`${provider} SKU id '${skuId}' is a licence of ${label(byId)}`]);
    const product = /^\d{10}$/.test(skuId) ? googleProducts.get(skuId.slice(0, 6)) : undefined;
    if (product) return matched(product, 0.95, [`Google SKU id '${skuId}' belongs to product ${skuId.slice(0, 6)}, ${label(product)}`]);
    const nameTokens = tokens(shown);
    const nameKey = nameTokens.join(' ');
    const byName = exactNames.get(`${provider}:${nameKey}`) ?? exactNames.get(`*:${nameKey}`);
    if (byName) return matched(byName, 0.96, [`${provider} SKU '${shown}' is a licence of ${label(byName)}`]);
    const hit = names.best(nameTokens);
    if (hit?.value.entry && (hit.length >= 2 || hit.value.tokens[0]!.length >= 6)) {
      return matched(hit.value.entry, 0.88, [`${provider} SKU '${shown}' contains '${hit.value.text}', a licence of ${label(hit.value.entry)}`]);
    }
    const aiToken = nameTokens.find((token) => AI_SKU_TOKENS.has(token) || suggestsAi(token));
    const only = aiProductsOf.get(provider);
    if (aiToken && only?.size === 1) {
      const entry = [...only][0]!;
      return matched(entry, 0.8, [`${provider} SKU '${shown}' says '${aiToken}', and ${label(entry)} is ${provider}'s only AI product in the catalog`]);
    }
    if (aiToken) return unknownAi(provider, shown, `${provider} SKU '${shown}' contains '${aiToken}', and no catalog entry knows this SKU`);
    return NO_MATCH;
  };
}
