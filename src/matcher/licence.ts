import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { ambiguityOf, NameIndex } from './name-index.js';
import { companyKey, tokens } from './normalise.js';
import { aiWordIn, aiWordsInText, possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH, PLATFORMS, productBase } from './result.js';

export type LicenceMatcher = (input: MatchInputOf<'licence'>) => MatchResult;

/** Licence words that say AI where no catalog entry knows the SKU yet. */
const AI_SKU_TOKENS = new Set(['COPILOT', 'GEMINI']);

/** Plan words every vendor uses: alone they name no product ("Team", "Pro", "Enterprise"). */
const PLAN_WORDS = new Set(['TEAM', 'TEAMS', 'PRO', 'PLUS', 'BUSINESS', 'ENTERPRISE', 'STARTER', 'BASIC', 'STANDARD', 'PREMIUM', 'GROWTH', 'SCALE', 'FREE', 'PLAN', 'SEAT', 'SEATS', 'LICENSE', 'LICENCE', 'ANNUAL', 'MONTHLY', 'EDITION', 'TIER', 'USER', 'USERS']);

/** How part numbers abbreviate a platform's product name ("M365_COPILOT"). */
const ABBREVIATIONS: Record<string, string[]> = { M365: ['MICROSOFT', '365'] };
const skuTokens = (name: string) => tokens(name).flatMap((token) => ABBREVIATIONS[token] ?? [token]);

/**
 * A platform's own SKUs leave its name out ("SECURITY_COPILOT" is Microsoft Security Copilot,
 * "VIVA_SALES_PREMIUM" Microsoft Viva Sales): the catalog's name of a platform's product is also
 * known without the platform's word in front, for that platform's licences only.
 */
function withoutPlatform(provider: string, words: string[]): string[] | undefined {
  return words.length >= 3 && words[0] === provider.toUpperCase() ? words.slice(1) : undefined;
}

/** Words a vendor's name may end with on a seat list that the catalog's vendor name leaves out ("Notion Labs"). */
const COMPANY_WORDS = new Set(['LABS', 'LAB', 'TECHNOLOGIES', 'TECHNOLOGY', 'TECH', 'HQ', 'SOFTWARE', 'SYSTEMS', 'PLATFORMS', 'IO', 'APP']);
const withoutCompanyWord = (vendor: string) => {
  const words = companyKey(vendor).split(' ');
  while (words.length > 1 && COMPANY_WORDS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
};

interface VendorEntry {
  entry: CatalogEntry;
  /** The entry's names a seat list's plan may repeat: its product, and its own seat plans (provider other). */
  plans: string[][];
}

/**
 * Licences: SKU ids (Microsoft skuId GUIDs, Google product and SKU ids) are exact; part numbers
 * and names compare whole ("Microsoft_365_Copilot" = "MICROSOFT 365 COPILOT") or as a catalog
 * name inside a longer one ("Microsoft_365_Copilot_EDU"). AI vendors' own seat lists (provider
 * `other`) name the vendor: it picks the catalog entries, and the plan picks one of them.
 */
export function compileLicenceMatcher(catalog: Catalog): LicenceMatcher {
  const ids = new Map<string, CatalogEntry>();
  const googleProducts = new Map<string, CatalogEntry>();
  // By provider first: "Copilot Pro" is a Microsoft consumer plan and a GitHub plan.
  const exactNames = new Map<string, CatalogEntry>();
  const names = new NameIndex();
  // Providers that sell exactly one AI product: an AI-sounding SKU of theirs is that product.
  const aiProductsOf = new Map<string, Set<CatalogEntry>>();
  // Seat lists name the vendor as a person would: its company name or, where the company is
  // its product, the product's ("Cursor" for Anysphere).
  const vendors = new Map<string, VendorEntry[]>();
  const ambiguity = ambiguityOf(catalog, 'merchants');
  for (const entry of catalog.entries) {
    const own = { entry, plans: [tokens(productBase(entry.product))] };
    for (const sku of entry.fingerprints.skus) {
      if (sku.provider !== 'other') aiProductsOf.set(sku.provider, (aiProductsOf.get(sku.provider) ?? new Set()).add(entry));
      else if (sku.name) own.plans.push(tokens(sku.name));
      if (sku.id) ids.set(sku.id.trim().toLowerCase(), entry);
      // Google SKU ids are their product id and four more digits (101047 → 1010470002).
      if (sku.provider === 'google' && sku.id && /^\d{6}$/.test(sku.id.trim())) googleProducts.set(sku.id.trim(), entry);
      for (const name of [sku.partNumber, sku.name]) {
        if (!name) continue;
        const words = skuTokens(name);
        const nameKey = words.join(' ');
        exactNames.set(`${sku.provider}:${nameKey}`, entry);
        if (!exactNames.has(`*:${nameKey}`)) exactNames.set(`*:${nameKey}`, entry);
        names.add(name, entry);
        const own = withoutPlatform(sku.provider, words);
        if (own && !exactNames.has(`${sku.provider}:${own.join(' ')}`)) exactNames.set(`${sku.provider}:${own.join(' ')}`, entry);
      }
    }
    for (const vendorKey of new Set([companyKey(entry.vendor), companyKey(productBase(entry.product))])) {
      if (vendorKey) vendors.set(vendorKey, [...(vendors.get(vendorKey) ?? []), own]);
    }
  }

  /**
   * A seat list of a vendor the catalog knows: the entry whose plan names share most words with
   * the plan. The vendor's name alone decides only for a company whose products are all AI and
   * whose name no ordinary business shares; a platform, a vendor of AI add-ons to its other
   * products (Notion, Zoom), or a name like "Runway" needs the plan to say which AI product.
   */
  function byVendor(vendor: string, plan: string, candidates: VendorEntry[]): MatchResult | undefined {
    const vendorTokens = tokens(vendor);
    const sharedName = candidates.map((candidate) => ambiguity(candidate.entry, vendorTokens)).find(Boolean);
    const addOns = PLATFORMS.has(vendorTokens.join(' ')) || candidates.some((candidate) => candidate.entry.category === 'saas_ai_addon');
    // Among one vendor's products plan words tell them apart ("Team" is ChatGPT Team, not
    // ChatGPT); for a vendor that sells other things too, the plan must name the AI product
    // with a word of its own ("Microsoft 365 Business Premium" shares only words of the vendor's).
    const planTokens = tokens(plan);
    const telling = (token: string) => !PLAN_WORDS.has(token) && !vendorTokens.includes(token);
    let best: { entry: CatalogEntry; shared: string[] } | undefined;
    for (const { entry, plans } of candidates) {
      for (const words of plans) {
        const shared = planTokens.filter((token) => words.includes(token) && (telling(token) || !(addOns || sharedName)));
        if (!best || shared.length > best.shared.length) best = { entry, shared };
      }
    }
    if (best && best.shared.length > 0) {
      return matched(best.entry, 0.92, [`a seat list from '${vendor}', the vendor of ${label(best.entry)}`, `its plan '${plan}' names '${best.shared.join(' ')}'`]);
    }
    const planWord = aiWordsInText(plan);
    if (planWord && (addOns || sharedName)) {
      const addOn = candidates.find((candidate) => candidate.entry.category === 'saas_ai_addon')?.entry ?? candidates[0]!.entry;
      return matched(addOn, 0.85, [`a seat list from '${vendor}', the vendor of ${label(addOn)}`, `decided by: its plan '${plan}' says '${planWord}'`]);
    }
    if (sharedName) return undefined;
    // A company that is its AI product (Grammarly) sells seats of that product, whatever else it
    // bought (Coda's AI add-on); a vendor of add-ons only (Notion, Zoom) needs the plan to say AI.
    const flagship = candidates.find(({ entry }) => entry.category !== 'saas_ai_addon' && companyKey(productBase(entry.product)) === companyKey(entry.vendor))?.entry;
    if (addOns && !flagship) return undefined;
    // Seats are bought for products people use, not for a vendor's SDKs.
    const entry = flagship ?? (candidates.find((candidate) => candidate.entry.hints.impliedRole === 'user') ?? candidates[0]!).entry;
    const reasons = [`a seat list from '${vendor}', the vendor of ${label(entry)}${flagship ? ', its own AI product' : ', whose products in the catalog are all AI'}`];
    if (candidates.length > 1 && !flagship) reasons.push(`its plan '${plan}' names none of ${vendor}'s ${candidates.length} catalog products, so the first is assumed`);
    return matched(entry, candidates.length === 1 || flagship ? 0.9 : 0.8, reasons);
  }

  return (licence) => {
    const skuId = licence.skuId?.trim() ?? '';
    const skuName = licence.skuName?.trim() ?? '';
    const provider = licence.provider?.trim().toLowerCase() || 'licence';
    const vendor = licence.vendor?.trim();
    const shown = skuName || skuId;
    const byId = skuId ? ids.get(skuId.toLowerCase()) : undefined;
    if (byId) return matched(byId, 0.99, [`${provider} SKU id '${skuId}' is a licence of ${label(byId)}`]);
    const product = /^\d{10}$/.test(skuId) ? googleProducts.get(skuId.slice(0, 6)) : undefined;
    if (product) return matched(product, 0.95, [`Google SKU id '${skuId}' belongs to product ${skuId.slice(0, 6)}, ${label(product)}`]);
    const candidates = vendor ? (vendors.get(companyKey(vendor)) ?? vendors.get(withoutCompanyWord(vendor))) : undefined;
    const ofVendor = vendor && candidates ? byVendor(vendor, shown, candidates) : undefined;
    if (ofVendor) return ofVendor;
    const nameTokens = skuTokens(shown);
    const nameKey = nameTokens.join(' ');
    // "Team" or "Business Plus" from an unknown vendor is not anyone's plan of that name: a plan
    // counts only with a word of its own.
    const planOnly = nameTokens.every((token) => PLAN_WORDS.has(token));
    const byName = planOnly ? undefined : (exactNames.get(`${provider}:${nameKey}`) ?? exactNames.get(`*:${nameKey}`));
    if (byName) return matched(byName, 0.96, [`${provider} SKU '${shown}' is a licence of ${label(byName)}`]);
    // Plan words around a product's name ("Loom Business + AI", "VIVA_SALES_PREMIUM") name a plan of it.
    const productWords = nameTokens.filter((token) => !PLAN_WORDS.has(token));
    const ofPlan = !planOnly && productWords.length < nameTokens.length ? exactNames.get(`${provider}:${productWords.join(' ')}`) : undefined;
    if (ofPlan) return matched(ofPlan, 0.92, [`${provider} SKU '${shown}' is a plan of '${productWords.join(' ')}', a licence of ${label(ofPlan)}`]);
    const hit = names.best(nameTokens);
    // A seat list's plan must name a catalog plan in full ("ChatGPT Enterprise"): one word of it
    // ("Gemini") may be the seller's own product.
    const telling = hit?.value.tokens.some((token) => !PLAN_WORDS.has(token));
    if (hit?.value.entry && telling && (hit.length >= 2 || (!vendor && hit.value.tokens[0]!.length >= 6))) {
      return matched(hit.value.entry, 0.88, [`${provider} SKU '${shown}' contains '${hit.value.text}', a licence of ${label(hit.value.entry)}`]);
    }
    const aiToken = nameTokens.find((token) => AI_SKU_TOKENS.has(token)) ?? aiWordIn(nameTokens);
    const only = aiProductsOf.get(provider);
    if (aiToken && only?.size === 1) {
      const entry = [...only][0]!;
      return matched(entry, 0.8, [`${provider} SKU '${shown}' says '${aiToken}', and ${label(entry)} is ${provider}'s only AI product in the catalog`]);
    }
    if (vendor) {
      // A seat list from a vendor no catalog entry knows: its name or its plan may say AI.
      const signals: string[] = [];
      const vendorWord = aiWordIn(tokens(vendor));
      if (vendorWord) signals.push(`a seat list from '${vendor}', whose name says '${vendorWord}', a vendor in no catalog entry`);
      const planWord = aiWordsInText(shown);
      if (planWord) signals.push(`its plan '${shown}' says '${planWord}'`);
      return signals.length > 0 ? possibleAi(vendor, shown, signals) : NO_MATCH;
    }
    if (aiToken) return possibleAi(provider, shown, [`${provider} SKU '${shown}' contains '${aiToken}', and no catalog entry knows this SKU`]);
    return NO_MATCH;
  };
}
