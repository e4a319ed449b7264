import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { ambiguityOf, NameIndex } from './name-index.js';
import { companyKey, tokens } from './normalise.js';
import { aiWordIn, aiWordsInText, gluedAi, phraseIn, possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH, PLATFORMS, productBase, productNames } from './result.js';

export type LicenceMatcher = (input: MatchInputOf<'licence'>) => MatchResult;

/** Licence words that say AI where no catalog entry knows the SKU yet. */
const AI_SKU_TOKENS = new Set(['COPILOT', 'GEMINI']);

/** Plan words every vendor uses: alone they name no product ("Team", "Pro", "Enterprise"). */
const PLAN_WORDS = new Set([
  'TEAM', 'TEAMS', 'PRO', 'PLUS', 'BUSINESS', 'ENTERPRISE', 'STARTER', 'BASIC', 'STANDARD', 'PREMIUM', 'GROWTH', 'SCALE', 'FREE', 'PLAN', 'SEAT', 'SEATS', 'LICENSE',
  'LICENCE', 'ANNUAL', 'MONTHLY', 'EDITION', 'TIER', 'USER', 'USERS', 'DEVELOPER', 'CREATOR', 'MAX', 'ULTIMATE', 'ADVANCED', 'ORGANIZATION', 'ORGANISATION',
  'SUBSCRIPTION', 'ESSENTIALS', 'PROFESSIONAL', 'PREMIER', 'UNLIMITED', 'LITE', 'INDIVIDUAL', 'CORPORATE', 'STARTUP', 'AGENCY', 'YEARLY', 'MONTH',
  'MONTHS', 'YEAR', 'YEARS', 'PACK', 'RENEWAL',
]);

/**
 * What conversational AI is sold as, with no AI word in its name ("Zoom Virtual Agent", "Oracle
 * Digital Assistant", "Five9 Agent Assist"): a licence for one is a licence for an AI agent. Not
 * "virtual assistant", which is also a person hired by the hour (BELAY's "Virtual Assistant - 20
 * hrs/month").
 */
const AGENT_PHRASES = [['VIRTUAL', 'AGENT'], ['VIRTUAL', 'AGENTS'], ['DIGITAL', 'ASSISTANT'], ['AGENT', 'ASSIST']];

/** What in a plan's name says AI: an AI word or phrase, AI glued to a brand ("FortiAI"), or an agent's name. */
function planAiWord(plan: string): string | undefined {
  return aiWordsInText(plan) ?? gluedAi(plan) ?? phraseIn(tokens(plan), AGENT_PHRASES);
}

const SPELLED_OUT = /\b(artificial intelligence|machine learning)\b/i;

/** Words that join a plan's name and name nothing ("Pay as you go", "Search & Match"). */
const FILLER = new Set(['AND', 'OR', 'THE', 'FOR', 'OF', 'AS', 'YOU', 'YOUR', 'GO', 'TO', 'IN', 'ON', 'WITH', 'BY', 'A', 'AN', 'PER', 'AT']);

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

/**
 * The keys a vendor's name is looked up by: its company name, without a closing company word
 * ("Notion Labs"), a seller's also without a closing AI ("Jasper AI, Inc."), and with its spaces
 * taken out ("Eleven Labs" is ElevenLabs).
 */
function vendorKeys(name: string, seller = false): string[] {
  const key = companyKey(name);
  if (!key) return [];
  const words = key.split(' ');
  // Only a seller's AI is dropped: the catalog's "Rewind AI" must not become every "Rewind".
  while (words.length > 1 && (COMPANY_WORDS.has(words[words.length - 1]!) || (seller && (words[words.length - 1] === 'AI' || SELLER_WORDS.has(words[words.length - 1]!))))) words.pop();
  // "DanswerAI, Inc.": a seller's AI glued to its brand.
  if (seller && words.length === 1 && words[0]!.length >= 6 && words[0]!.endsWith('AI')) words[0] = words[0]!.slice(0, -2);
  const short = words.join(' ');
  // A platform's regional company sells its platform's SKUs ("Google Cloud EMEA Limited").
  const platform = seller && !RESELLERS.has(key) ? (PLATFORM_LEGAL_NAMES[key] ?? PLATFORM_NAMES.find((name) => key.startsWith(`${name} `))) : undefined;
  // The whole name before any shortened one: "Eleven Labs" is ElevenLabs before it is any "Eleven".
  return [...new Set([key, key.replace(/ /g, ''), short, short.replace(/ /g, ''), ...(platform ? [platform] : [])])];
}

const PLATFORM_NAMES = [...PLATFORMS];
/** Platforms' legal names that their short names do not begin. */
const PLATFORM_LEGAL_NAMES: Record<string, string> = { 'INTERNATIONAL BUSINESS MACHINES': 'IBM' };

/** What a seller's legal name adds to its brand ("MindBridge Analytics Inc.", "Aidoc Medical Ltd."). */
const SELLER_WORDS = new Set(['ANALYTICS', 'MEDICAL', 'HEALTH', 'INNOVATION', 'INNOVATIONS', 'RESEARCH', 'SOLUTIONS', 'DATA', 'GROUP', 'DIGITAL', 'SERVICES', 'HOLDINGS', 'INTERNATIONAL', 'GLOBAL']);

/**
 * Resellers and marketplaces, whose lines name the product first ("DEEPGRAM NOVA ENTERPRISE - 12
 * MONTH SUBSCRIPTION" from SHI): their own name says nothing of what was bought.
 */
const RESELLERS = new Set(['SHI', 'SHI INTERNATIONAL', 'CDW', 'CDW GOVERNMENT', 'SOFTCHOICE', 'CARAHSOFT', 'CARAHSOFT TECHNOLOGY', 'SOFTWAREONE', 'CRAYON', 'BECHTLE', 'COMPUTACENTER', 'TRUSTMARQUE', 'INSIGHT ENTERPRISES', 'TD SYNNEX', 'ARROW ELECTRONICS', 'INGRAM MICRO', 'PADDLE', 'PADDLE COM MARKET', 'FASTSPRING', '2CHECKOUT', 'MICROSOFT APPSOURCE', 'AWS MARKETPLACE', 'AZURE MARKETPLACE', 'GOOGLE CLOUD MARKETPLACE', 'GITHUB MARKETPLACE']);

/** An MCP server or an agent toolkit: how a company's other products reach AI, not a product bought by the seat. */
const integration = (entry: CatalogEntry) => /\bMCP\b/i.test(entry.product) || (entry.hints.impliedRole === 'developer' && entry.category === 'agent_automation');

/** A card statement's name that is a company's ("COUNSEL AI CORP"), not a descriptor ("OPENAI *CHATGPT SUBSCR"). */
const isCompanyName = (merchant: string) => !/[*#/]|\d/.test(merchant) && tokens(merchant).length <= 4;

interface VendorEntry {
  entry: CatalogEntry;
  /** The entry's names a seat list's plan may repeat: its product, and its own seat plans (provider other). */
  plans: string[][];
  /** Its SKU names on a platform (Microsoft, Google, GitHub): a plan must hold one's every word of its own. */
  skuNames: string[][];
  /** The words of the product it serves ("for Webex"): a plan that shares only those is that product's. */
  served: Set<string>;
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
  // A product's distinctive name, less any plan word in it, by its words.
  const products = new Map<string, CatalogEntry>();
  const githubApps = new Map<string, CatalogEntry>();
  const sellsMore = new Set((catalog.vendors ?? []).flatMap((vendor) => vendorKeys(vendor.name)));
  for (const entry of catalog.entries) {
    // "Cisco AI Assistant for Webex": what follows 'for' is the product it serves, which a plan
    // of that product ("Webex Suite") names too.
    const served = new Set(productNames(entry.product).flatMap((name) => tokens(name.split(/\s+for\s+/i).slice(1).join(' '))));
    const own: VendorEntry = { entry, plans: productNames(entry.product).map(tokens), skuNames: [], served };
    for (const sku of entry.fingerprints.skus) {
      if (sku.provider !== 'other') aiProductsOf.set(sku.provider, (aiProductsOf.get(sku.provider) ?? new Set()).add(entry));
      if (sku.provider === 'other' && sku.name) own.plans.push(tokens(sku.name));
      // A platform's SKU names are what its regional companies sell too ("Google Agentspace"),
      // named in full: "Sales Cloud" is not "Sales Cloud Einstein".
      else if (sku.name) own.skuNames.push(tokens(sku.name));
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
    // A seller's legal name is often one the catalog knows from elsewhere: an app's publisher
    // ("Fathom Video, Inc."), a card statement's company name ("COUNSEL AI CORP" for Harvey).
    const sellerNames = [entry.vendor, productBase(entry.product), ...entry.fingerprints.oauth.publishers, ...entry.fingerprints.merchants.filter(isCompanyName)];
    for (const vendorKey of new Set(sellerNames.flatMap((name) => vendorKeys(name)))) {
      const list = vendors.get(vendorKey) ?? [];
      if (!list.includes(own)) vendors.set(vendorKey, [...list, own]);
    }
    // A product's own name is a licence name too where it is distinctive: a reseller's export
    // ("Jisc", "TeacherMatic") names the product and the plan, not the vendor.
    const base = tokens(productBase(entry.product));
    const key = base.filter((token) => !PLAN_WORDS.has(token)).join(' ');
    if (key && (base.length >= 2 || base[0]!.length >= 6) && !ambiguity(entry, base) && !PLATFORMS.has(base[0]!) && !products.has(key)) products.set(key, entry);
    for (const slug of entry.fingerprints.githubApps) githubApps.set(slug.trim().toLowerCase(), entry);
  }

  /**
   * A seat list of a vendor the catalog knows: the entry whose plan names share most words with
   * the plan. The vendor's name alone decides only for a company whose products are all AI and
   * whose name no ordinary business shares; a platform, a vendor of AI add-ons to its other
   * products (Notion, Zoom), or a name like "Runway" needs the plan to say which AI product.
   */
  function byVendor(vendor: string, plan: string, candidates: VendorEntry[], resold = false): MatchResult | undefined {
    // "International Business Machines" is IBM: the platform's short name is the seller's own word too.
    const sellerKeys = vendorKeys(vendor, true);
    const vendorTokens = [...tokens(vendor), ...sellerKeys.filter((key) => PLATFORMS.has(key)).flatMap(tokens)];
    const sharedName = candidates.map((candidate) => ambiguity(candidate.entry, vendorTokens)).find(Boolean);
    // A platform, a vendor of AI add-ons, or a seller the catalog knows sells products that are
    // not AI (Litera; not Kira Systems, which Litera bought and which sells Kira).
    const addOns = PLATFORMS.has(companyKey(vendor)) || sellerKeys.some((key) => PLATFORMS.has(key) || sellsMore.has(key)) || candidates.some(({ entry }) => entry.category === 'saas_ai_addon');
    // Among one vendor's products plan words tell them apart ("Team" is ChatGPT Team, not
    // ChatGPT); for a vendor that sells other things too, the plan must name the AI product
    // with a word of its own ("Microsoft 365 Business Premium" shares only words of the vendor's).
    const planTokens = tokens(plan);
    // The vendor's own name in a plan ("UiPath Attended Robot") says nothing about which product;
    // an add-on's host product ("Acrobat" for Acrobat AI Assistant) does not say AI either.
    const telling = (token: string) => !PLAN_WORDS.has(token) && !vendorTokens.includes(token) && !/^\d+$/.test(token);
    const naming = (token: string) => !FILLER.has(token);
    let best: { entry: CatalogEntry; shared: string[] } | undefined;
    for (const { entry, plans, served } of candidates) {
      // "Lexis+ AI", "Acrobat AI Assistant": the host product's name alone is not the AI product.
      const base = tokens(productBase(entry.product));
      // "watsonx.ai" is a brand, not a host product with AI beside it.
      const branded = /^[^\s.]+\.ai\b/i.test(productBase(entry.product));
      // "Notion AI", "Lexis+ AI": the vendor's own product with AI beside it; "Kling AI" by
      // Kuaishou, "Vincent AI" by vLex are brands of their own.
      const ownHost = base[1] === 'AI' && !branded && companyKey(entry.vendor).replace(/ /g, '').startsWith(base[0]!);
      const host = entry.category === 'saas_ai_addon' || ownHost ? base[0] : undefined;
      for (const words of plans) {
        const shared = planTokens.filter((token) => words.includes(token) && token !== host && naming(token) && (telling(token) || !(addOns || sharedName || vendorTokens.includes(token))));
        if (shared.every((token) => served.has(token))) continue;
        if (!best || shared.length > best.shared.length) best = { entry, shared };
      }
    }
    for (const { entry, skuNames } of candidates) {
      if (best && best.shared.length > 0) break;
      for (const words of skuNames) {
        const own = words.filter(telling);
        if (own.length > 0 && own.every((token) => planTokens.includes(token))) best = { entry, shared: own };
      }
    }
    if (best && best.shared.length > 0) {
      return matched(best.entry, 0.92, [`a seat list from '${vendor}', the vendor of ${label(best.entry)}`, `its plan '${plan}' names '${best.shared.join(' ')}'`]);
    }
    const planWord = planAiWord(plan);
    if (planWord && (addOns || sharedName)) {
      const addOn = candidates.find((candidate) => candidate.entry.category === 'saas_ai_addon')?.entry ?? candidates[0]!.entry;
      return matched(addOn, 0.85, [`a seat list from '${vendor}', the vendor of ${label(addOn)}`, `decided by: its plan '${plan}' says '${planWord}'`]);
    }
    // A reseller's line that begins with a product's own name names that product ("Claude for
    // Enterprise (Anthropic) - 12 month contract"); a name others share also needs its vendor's.
    const named = resold
      ? candidates.find(({ entry }) => companyKey(productBase(entry.product)) === companyKey(vendor) && (!sharedName || tokens(entry.vendor).every((token) => planTokens.includes(token))))?.entry
      : undefined;
    if (named) return matched(named, 0.9, [`its line begins with '${vendor}', the name of ${label(named)}`]);
    if (sharedName) return undefined;
    // A company that is its AI product (Grammarly) sells seats of that product, whatever else it
    // bought (Coda's AI add-on); a vendor of add-ons only (Notion, Zoom) needs the plan to say AI.
    // "WellSaid" by WellSaid Labs: the company's name less its company words is the product's.
    const flagship = candidates.find(({ entry }) => entry.category !== 'saas_ai_addon' && vendorKeys(entry.vendor).includes(companyKey(productBase(entry.product))))?.entry;
    // A reseller's line that names a company and no product of it may be any of its products,
    // unless the company is its AI product.
    if ((addOns || resold) && !flagship) return undefined;
    // Seats are bought for products people use, or for a service's usage (a model API), never for
    // an MCP server or an agent toolkit: a seat list from a company the catalog knows only for
    // those (Stripe, Supabase, Sentry's MCP server) is of its other products.
    const paidFor = candidates.filter(({ entry }) => !integration(entry));
    const entry = flagship ?? (paidFor.find((candidate) => candidate.entry.hints.impliedRole === 'user') ?? paidFor[0])?.entry;
    if (!entry) return undefined;
    const reasons = [`a seat list from '${vendor}', the vendor of ${label(entry)}${flagship ? ', its own AI product' : ', whose products in the catalog are all AI'}`];
    if (paidFor.length > 1 && !flagship) reasons.push(`its plan '${plan}' names none of ${vendor}'s ${paidFor.length} catalog products people pay for, so the first is assumed`);
    return matched(entry, paidFor.length === 1 || flagship ? 0.9 : 0.8, reasons);
  }

  /** The vendor a reseller's line names in its first words ("WellSaid Labs Business - 10 Seat Pack"). */
  function leadingVendor(line: string): { name: string; candidates: VendorEntry[] } | undefined {
    const words = line.split(/\s+[-–—|:(]\s*|\s*\(/)[0]!.trim().split(/\s+/);
    for (let count = Math.min(3, words.length); count >= 1; count--) {
      const name = words.slice(0, count).join(' ');
      if (tokens(name).every((token) => PLAN_WORDS.has(token))) continue;
      const candidates = vendorKeys(name).map((key) => vendors.get(key)).find(Boolean);
      if (candidates) return { name, candidates };
    }
    return undefined;
  }

  /** A licence name that is a catalog SKU's, a plan of one, or holds one in full. */
  function byNameOf(provider: string, shown: string, nameTokens: string[], vendor: string | undefined): MatchResult | undefined {
    const nameKey = nameTokens.join(' ');
    // "Team" or "Business Plus" from an unknown vendor is not anyone's plan of that name: a plan
    // counts only with a word of its own.
    const planOnly = nameTokens.every((token) => PLAN_WORDS.has(token));
    if (planOnly) return undefined;
    const byName = exactNames.get(`${provider}:${nameKey}`) ?? exactNames.get(`*:${nameKey}`);
    if (byName) return matched(byName, 0.96, [`${provider} SKU '${shown}' is a licence of ${label(byName)}`]);
    // Plan words around a product's name ("Loom Business + AI", "VIVA_SALES_PREMIUM") name a plan of it.
    const productWords = nameTokens.filter((token) => !PLAN_WORDS.has(token));
    const ofPlan = productWords.length < nameTokens.length ? exactNames.get(`${provider}:${productWords.join(' ')}`) : undefined;
    if (ofPlan) return matched(ofPlan, 0.92, [`${provider} SKU '${shown}' is a plan of '${productWords.join(' ')}', a licence of ${label(ofPlan)}`]);
    const hit = names.best(nameTokens);
    // A seat list's plan must name a catalog plan in full ("ChatGPT Enterprise"): one word of it
    // ("Gemini") may be the seller's own product.
    const telling = hit?.value.tokens.some((token) => !PLAN_WORDS.has(token));
    if (hit?.value.entry && telling && (hit.length >= 2 || (!vendor && hit.value.tokens[0]!.length >= 6))) {
      return matched(hit.value.entry, 0.88, [`${provider} SKU '${shown}' contains '${hit.value.text}', a licence of ${label(hit.value.entry)}`]);
    }
    return undefined;
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
    const candidates = vendor ? vendorKeys(vendor, true).map((key) => vendors.get(key)).find(Boolean) : undefined;
    const ofVendor = vendor && candidates ? byVendor(vendor, shown, candidates) : undefined;
    if (ofVendor) return ofVendor;
    const resold = vendor && RESELLERS.has(companyKey(vendor)) ? leadingVendor(shown) : undefined;
    if (resold) {
      const verdict = byVendor(resold.name, shown, resold.candidates, true);
      if (verdict?.match) return { ...verdict, match: { ...verdict.match, reasons: [`'${vendor}' resells what its line names first: '${resold.name}'`, ...verdict.match.reasons] } };
    }
    // GitHub Marketplace seats name the app's slug ("qodo-merge-pro/teams").
    const app = provider === 'github' && skuId.includes('/') ? githubApps.get(skuId.slice(0, skuId.indexOf('/')).toLowerCase()) : undefined;
    if (app) return matched(app, 0.95, [`GitHub Marketplace plan '${skuId}' is of the app '${skuId.slice(0, skuId.indexOf('/'))}', ${label(app)}`]);
    const written = skuTokens(shown);
    // "Otter.ai Business": a brand's .ai is part of its name, which the catalog's plans leave out;
    // the name as written is tried first ("Read AI Pro" is a plan as it stands).
    const branded = written.filter((token, i) => !(token === 'AI' && i > 0 && !PLAN_WORDS.has(written[i - 1]!)));
    for (const nameTokens of branded.length < written.length ? [written, branded] : [written]) {
      const byName = byNameOf(provider, shown, nameTokens, vendor);
      if (byName) return byName;
    }
    // A product's distinctive name with nothing but plan words around it ("TeacherMatic",
    // "Rask AI Business"), whoever sells it.
    const productWords = written.filter((token) => !PLAN_WORDS.has(token));
    const named = productWords.length > 0 ? products.get(productWords.join(' ')) : undefined;
    // "Runway Financial" selling "Runway Business" is another company of the same name.
    const rival = vendor !== undefined && companyKey(vendor).split(' ')[0] === productWords[0];
    if (named && !rival) return matched(named, 0.88, [`${provider} licence '${shown}' is ${label(named)} with plan words only`]);
    const aiToken = written.find((token) => AI_SKU_TOKENS.has(token)) ?? aiWordIn(written);
    const only = aiProductsOf.get(provider);
    if (aiToken && only?.size === 1) {
      const entry = [...only][0]!;
      return matched(entry, 0.8, [`${provider} SKU '${shown}' says '${aiToken}', and ${label(entry)} is ${provider}'s only AI product in the catalog`]);
    }
    if (vendor) {
      // A seat list from a vendor no catalog entry knows: its name or its plan may say AI.
      const signals: string[] = [];
      // "BRIA Artificial Intelligence Ltd": AI spelled out, or glued to the name ("DanswerAI"), says it too.
      const vendorWord = aiWordIn(tokens(vendor)) ?? SPELLED_OUT.exec(vendor)?.[0] ?? gluedAi(vendor);
      if (vendorWord) signals.push(`a seat list from '${vendor}', whose name says '${vendorWord}', a vendor in no catalog entry`);
      const planWord = planAiWord(shown);
      if (planWord) signals.push(`its plan '${shown}' says '${planWord}'`);
      return signals.length > 0 ? possibleAi(vendor, shown, signals) : NO_MATCH;
    }
    if (aiToken) return possibleAi(provider, shown, [`${provider} SKU '${shown}' contains '${aiToken}', and no catalog entry knows this SKU`]);
    return NO_MATCH;
  };
}
