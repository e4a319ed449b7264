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
  const exactNames = new Map<string, CatalogEntry>();
  const names = new NameIndex();
  for (const entry of catalog.entries) {
    for (const sku of entry.fingerprints.skus) {
      if (sku.id) ids.set(sku.id.trim().toLowerCase(), entry);
      for (const name of [sku.partNumber, sku.name]) {
        if (!name) continue;
        exactNames.set(tokens(name).join(' '), entry);
        names.add(name, entry);
      }
    }
  }

  return (licence) => {
    const skuId = licence.skuId?.trim() ?? '';
    const skuName = licence.skuName?.trim() ?? '';
    const provider = licence.provider ?? 'licence';
    const byId = skuId ? ids.get(skuId.toLowerCase()) : undefined;
    if (byId) return matched(byId, 0.99, [`${provider} SKU id '${skuId}' is a licence of ${label(byId)}`]);
    const nameTokens = tokens(skuName || skuId);
    const byName = exactNames.get(nameTokens.join(' '));
    if (byName) return matched(byName, 0.96, [`${provider} SKU '${skuName || skuId}' is a licence of ${label(byName)}`]);
    const hit = names.best(nameTokens);
    if (hit?.value.entry && (hit.length >= 2 || hit.value.tokens[0]!.length >= 6)) {
      return matched(hit.value.entry, 0.88, [`${provider} SKU '${skuName || skuId}' contains '${hit.value.text}', a licence of ${label(hit.value.entry)}`]);
    }
    const aiToken = nameTokens.find((token) => AI_SKU_TOKENS.has(token) || suggestsAi(token));
    if (aiToken) return unknownAi(provider, skuName || skuId, `${provider} SKU '${skuName || skuId}' contains '${aiToken}', and no catalog entry knows this SKU`);
    return NO_MATCH;
  };
}
