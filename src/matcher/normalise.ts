import type { Ecosystem } from '../domain/taxonomy.js';

/**
 * Normalisation per signal kind. Pure, and written as character loops rather than chains of
 * regular expressions: it runs for every distinct value of multi-million-record scans.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const DIACRITICS = /[\u0300-\u036f]/g;
const SEPARATORS = /[^A-Z0-9]+/;

/** Upper case, accents folded: "Café Noël" → "CAFE NOEL". */
function upper(value: string): string {
  return (NON_ASCII.test(value) ? value.normalize('NFKD').replace(DIACRITICS, '') : value).toUpperCase();
}

/** '&' is a word: "FEATURES & LABELS" on a statement is the catalog's "Features and Labels". */
function split(text: string): string[] {
  const parts = (text.includes('&') ? text.replace(/&/g, ' AND ') : text).split(SEPARATORS);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 0 && parts[0] === '') parts.shift();
  return parts;
}

/** Upper-case alphanumeric tokens: "Otter.ai, Inc." → ["OTTER", "AI", "INC"]. */
export function tokens(value: string): string[] {
  return split(upper(value));
}

/**
 * Legal forms, their letters run together ("S.A." and "SA", "Sp. z o.o." as SPZOO): the long
 * tail of AI vendors is full of European and Asian companies, whose publishers read "Wudpecker
 * AB", "Keenious AS" or "Aleph Alpha GmbH".
 */
const LEGAL_FORMS = new Set([
  'INC', 'INCORPORATED', 'LLC', 'LLP', 'LP', 'LTD', 'LIMITED', 'CORP', 'CORPORATION', 'PBC', 'CO', 'PLC', 'OPCO', 'ULC', 'PVT', 'PTY', 'PTE',
  'GMBH', 'AG', 'KG', 'UG', 'OHG', 'SE', 'SAS', 'SASU', 'SARL', 'SA', 'SRL', 'SRLS', 'SPA', 'SL', 'SLU', 'BV', 'NV', 'BVBA', 'AB', 'AS', 'ASA', 'APS',
  'OY', 'OYJ', 'EHF', 'SRO', 'SPZOO', 'KFT', 'ZRT', 'DOO', 'LTDA', 'LDA', 'KK', 'GK', 'OOO', 'JSC',
]);

/**
 * Chinese companies register as "<city> <brand> <line of business> Co., Ltd." ("Hangzhou DeepSeek
 * Artificial Intelligence Basic Technology Research Co., Ltd."): seat lists and consent screens
 * show that name, the catalog the brand.
 */
const REGISTRY_PLACES = new Set([
  'BEIJING', 'SHANGHAI', 'SHENZHEN', 'HANGZHOU', 'GUANGZHOU', 'CHENGDU', 'NANJING', 'WUHAN', 'SUZHOU', 'XIAMEN', 'TIANJIN', 'CHONGQING', 'HEFEI', 'XIAN',
  'ZHUHAI', 'DONGGUAN', 'QINGDAO', 'CHANGSHA', 'ZHEJIANG', 'JIANGSU', 'GUANGDONG', 'SHANDONG', 'FUJIAN', 'SICHUAN', 'HUBEI', 'ANHUI',
]);
const REGISTRY_BUSINESS = new Set([
  'TECHNOLOGY', 'TECHNOLOGIES', 'TECH', 'INFORMATION', 'NETWORK', 'NETWORKS', 'SCIENCE', 'SCIENCES', 'ARTIFICIAL', 'INTELLIGENCE', 'INTELLIGENT',
  'BASIC', 'RESEARCH', 'DEVELOPMENT', 'SOFTWARE', 'DIGITAL', 'DATA', 'CULTURE', 'MEDIA', 'COMMUNICATION', 'COMMUNICATIONS', 'NETCOM', 'AND',
]);

/** A company's name without its legal form: "Glean Technologies, Inc.", "Glean Technologies" and "Glean Technologies GmbH & Co. KG" are one publisher or vendor. */
export function companyKey(name: string): string {
  const words = tokens(name);
  // From the end, longest form first; a form of several words is of one- or two-letter words
  // ("S.A.S.", "Sp. z o.o."), and the name itself is never taken for one ("SAS" the company).
  strip: while (words.length > 1) {
    for (let count = Math.min(4, words.length - 1); count >= 1; count--) {
      const tail = words.slice(-count);
      if (count > 1 && tail.some((word) => word.length > 2)) continue;
      if (LEGAL_FORMS.has(tail.join(''))) {
        words.length -= count;
        // "GmbH & Co. KG", "Smith & Co.": the ampersand joins forms.
        if (words.length > 1 && words[words.length - 1] === 'AND') words.length--;
        continue strip;
      }
    }
    break;
  }
  // Only a registered name's whole form: a place, a brand, then its line of business.
  if (words.length >= 3 && REGISTRY_PLACES.has(words[0]!) && REGISTRY_BUSINESS.has(words[words.length - 1]!)) {
    words.shift();
    while (words.length > 1 && REGISTRY_BUSINESS.has(words[words.length - 1]!)) words.pop();
  }
  return words.join(' ');
}

/**
 * Payment processors and marketplaces that put their own name in front of the merchant's,
 * separated by `*` ("PAYPAL *OPENAI", "SQ *COFFEE", "FS *JASPER"). GOOGLE is kept out on
 * purpose: Google's own products (GOOGLE *GEMINI) are billed that way and the prefix is evidence.
 */
const PROCESSOR_PREFIXES = new Set([
  'PAYPAL', 'PP', 'SQ', 'SQU', 'TST', 'FS', 'PADDLE', 'PADDLE.NET', '2CO', '2CO.COM', 'DRI', 'WPY', 'SP', 'STRIPE', 'LS', 'CKO', 'PY',
  'IN', 'BT', 'EB', 'ZTL', 'DNH', 'GUMROAD', 'GUMRD', 'GUMRD.COM', 'SHOPIFY', 'ETSY', 'LEMSQZY', 'APPLE.COM/BILL', 'AMZN MKTP', 'AMZN MKTP US', 'CHARGEBEE', 'FASTSPRING',
]);

/** Words on statements that say nothing about who the merchant is. */
const FILLER = new Set(['INC', 'LLC', 'LTD', 'LIMITED', 'CO', 'CORP', 'CORPORATION', 'COM', 'WWW', 'HTTPS', 'HTTP', 'PBC', 'GMBH', 'SAS', 'BV', 'AB', 'PTE', 'PLC', 'SUBSCR', 'SUBSCRIPTION', 'SUBS', 'BILL', 'BILLING', 'PAYMENT', 'PURCHASE', 'POS', 'DEBIT', 'CARD', 'ONLINE', 'RECURRING', 'MONTHLY', 'ANNUAL', 'USD', 'EUR', 'GBP']);

/** A card descriptor as the matcher reads it. */
export interface DescriptorTokens {
  /** Decoded, upper-case, accents folded. */
  text: string;
  /** Tokens of the whole descriptor (processor prefix included). */
  tokens: string[];
}

export interface NormalisedDescriptor extends DescriptorTokens {
  /** Prefix, numbers and trailing region removed, spaces folded: the aggregation key. */
  display: string;
  /** Per token: does it say who the merchant is (not a number, prefix, region or filler)? */
  meaningful: boolean[];
  /** `.ai` domains written in the descriptor ("FOOBAR.AI"), lower-case. */
  aiDomains: string[];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value.replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

const LONG_NUMBER = /\d{4,}/g;

/**
 * A descriptor with its long numbers (store, terminal, phone and reference numbers) blanked:
 * "STARBUCKS STORE 01234 SEATTLE" and "…STORE 05678…" share one pattern, and so one verdict and
 * one aggregate. Safe as a cache key because no merchant alias contains four digits in a row
 * (the catalog lint enforces it).
 */
export function descriptorPattern(raw: string): string {
  return raw.replace(LONG_NUMBER, '#');
}

/** The cheap part, enough to look aliases up: most descriptors stop here. */
export function descriptorTokens(raw: string): DescriptorTokens {
  const text = upper(raw.includes('%') ? safeDecode(raw) : raw);
  return { text, tokens: split(text) };
}

/** A number, or a reference made mostly of digits: three digits or more, or digits only. */
function numberLike(token: string): boolean {
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits >= 3 || digits === token.length;
}

/** A state or country code; "AI" (Anguilla) is left alone, it means something else on statements. */
function twoLetters(token: string): boolean {
  return token.length === 2 && token.charCodeAt(0) >= 65 && token.charCodeAt(1) >= 65 && token !== 'AI';
}

/** Which tokens say who the merchant is: not numbers, processor prefixes, trailing regions or filler. */
export function meaningfulTokens({ text, tokens: all }: DescriptorTokens): boolean[] {
  const meaningful = new Array<boolean>(all.length);
  let firstMeaningful = -1;
  for (let i = 0; i < all.length; i++) {
    meaningful[i] = !numberLike(all[i]!) && !FILLER.has(all[i]!);
    if (meaningful[i] && firstMeaningful < 0) firstMeaningful = i;
  }
  // "PAYPAL *OPENAI": the processor prefix is the token(s) before a '*'.
  const star = text.indexOf('*');
  if (star > 0) {
    const prefix = text.slice(0, star).trim();
    if (PROCESSOR_PREFIXES.has(prefix)) {
      const count = split(prefix).length;
      for (let i = 0; i < count && i < meaningful.length; i++) meaningful[i] = false;
      firstMeaningful = meaningful.indexOf(true);
    }
  }
  // One or two trailing two-letter tokens are a state and country ("SAN FRANCISCO CA US"),
  // as long as something before them names the merchant.
  for (let i = all.length - 1; i > 0 && i >= all.length - 2 && twoLetters(all[i]!); i--) {
    if (firstMeaningful >= 0 && firstMeaningful < i) meaningful[i] = false;
  }
  return meaningful;
}

/**
 * Who collected a card payment for the merchant, named before a '*' ("PADDLE.NET* KREA AI"):
 * resellers that sell only software subscriptions, app stores, or processors of every kind of
 * shop (Square and Toast serve restaurants too, so they say nothing about what was bought).
 */
interface Collector {
  name: string;
  /** 'goods': a storefront for anyone's goods, where a product's name may be merchandise or a template pack. */
  sells: 'software' | 'apps' | 'anything' | 'goods';
}

const collector = (name: string, sells: Collector['sells'], ...prefixes: string[]) => prefixes.map((prefix) => [prefix, { name, sells }] as const);
const COLLECTORS = new Map<string, Collector>([
  ...collector('Paddle', 'software', 'PADDLE', 'PADDLE.NET', 'PADDLE.COM'),
  ...collector('FastSpring', 'software', 'FS', 'FASTSPRING'),
  ...collector('2Checkout (Verifone)', 'software', '2CO', '2CO.COM', '2CHECKOUT', 'VERIFONE', 'AVANGATE'),
  ...collector('Lemon Squeezy', 'software', 'LEMSQZY', 'LEMON SQUEEZY', 'LEMONSQUEEZY'),
  ...collector('Chargebee', 'software', 'CHARGEBEE'),
  ...collector('Digital River', 'software', 'DRI'),
  ...collector('Google', 'apps', 'GOOGLE'),
  ...collector('Apple', 'apps', 'APPLE.COM/BILL', 'ITUNES.COM/BILL', 'APPLE.COM'),
  ...collector('Stripe', 'anything', 'STRIPE'),
  ...collector('Square', 'anything', 'SQ', 'SQU'),
  ...collector('PayPal', 'anything', 'PAYPAL', 'PP'),
  ...collector('Gumroad', 'goods', 'GUMROAD', 'GUMRD', 'GUMRD.COM'),
  ...collector('Toast', 'anything', 'TST'),
  // "SP *" is a Shopify store's own name (AI hardware is sold so); "SHOPIFY*" a storefront's.
  ...collector('Shopify', 'anything', 'SP'),
  ...collector('Shopify', 'goods', 'SHOPIFY'),
  ...collector('Etsy', 'goods', 'ETSY', 'ETSY.COM'),
]);
const GOOGLE_PLAY: Collector = { name: 'Google Play', sells: 'apps' };
/** Stores whose descriptor never names the product: the memo has to. */
const STORE_DESCRIPTORS = new Map<string, Collector>([
  ['APPLE.COM/BILL', { name: 'Apple', sells: 'apps' }],
  ['ITUNES.COM/BILL', { name: 'Apple', sells: 'apps' }],
  ['GOOGLE PLAY', GOOGLE_PLAY],
]);
const CLOUDS: [string[], string][] = [
  [['AWS'], 'AWS Marketplace'],
  [['AMAZON', 'WEB', 'SERVICES'], 'AWS Marketplace'],
  [['AZURE'], 'Azure Marketplace'],
  [['MICROSOFT'], 'Azure Marketplace'],
  [['GCP'], 'Google Cloud Marketplace'],
  [['GOOGLE', 'CLOUD'], 'Google Cloud Marketplace'],
];
const MARKETPLACE = new Set(['MARKETPLACE', 'MKTPLACE', 'MKTPL', 'MRKTPLC']);

/** The cloud marketplace a descriptor names ("AWS MARKETPLACE", "AZURE MARKETPLACE"), if any. */
export function marketplaceOf(descriptorTokens: readonly string[]): string | undefined {
  if (!descriptorTokens.some((token) => MARKETPLACE.has(token))) return undefined;
  for (const [cloud, name] of CLOUDS) {
    const at = descriptorTokens.indexOf(cloud[0]!);
    if (at >= 0 && cloud.every((token, i) => descriptorTokens[at + i] === token)) return name;
  }
  return undefined;
}

/** The part of a descriptor that names the product, with who collected the payment for it. */
export interface ProductPart {
  collector?: Collector;
  /** A cloud marketplace ("AWS MARKETPLACE"): the product is in the memo. */
  marketplace?: string;
  /** The product part's tokens that say who the merchant is (no numbers, filler or region). */
  tokens: string[];
}

/** "PADDLE.NET* GLING AI LONDON GB" → Paddle, [GLING, AI]; "APPLE.COM/BILL 866-712" → Apple, []. */
export function productPart(descriptor: DescriptorTokens): ProductPart {
  const { text } = descriptor;
  const marketplace = marketplaceOf(descriptor.tokens);
  if (marketplace) return { marketplace, tokens: [] };
  for (const [prefix, store] of STORE_DESCRIPTORS) if (text.startsWith(prefix)) return { collector: store, tokens: [] };
  const star = text.indexOf('*');
  const found = star > 0 ? COLLECTORS.get(text.slice(0, star).trim()) : undefined;
  const rest = found ? descriptorTokens(text.slice(star + 1)) : descriptor;
  // "GOOGLE *PLAY", "GOOGLE *GOOGLE PLAY": a Play Store purchase, whose descriptor names no app.
  if (found?.name === 'Google' && (rest.tokens[0] === 'PLAY' || (rest.tokens[0] === 'GOOGLE' && rest.tokens[1] === 'PLAY'))) return { collector: GOOGLE_PLAY, tokens: [] };
  const meaningful = meaningfulTokens(rest);
  return { ...(found ? { collector: found } : {}), tokens: rest.tokens.filter((_, i) => meaningful[i]) };
}

const AI_DOMAIN = /([A-Z0-9][A-Z0-9-]*)\.AI(?![A-Z0-9])/g;

/** `.ai` domains written in a descriptor ("FOOBAR.AI"), lower-case. */
export function aiDomains(text: string): string[] {
  if (!text.includes('.AI')) return [];
  return [...text.matchAll(AI_DOMAIN)].map((found) => `${found[1]!.toLowerCase()}.ai`);
}

/** Everything the pipeline needs of a descriptor: tokens to match and a display name to aggregate by. */
export function normaliseDescriptor(raw: string): NormalisedDescriptor {
  const base = descriptorTokens(raw);
  const meaningful = meaningfulTokens(base);
  const domains = aiDomains(base.text);
  let display = '';
  let hasAi = false;
  for (let i = 0; i < base.tokens.length; i++) {
    if (!meaningful[i]) continue;
    display = display ? `${display} ${base.tokens[i]}` : base.tokens[i]!;
    if (base.tokens[i] === 'AI') hasAi = true;
  }
  // "NOTEBOOK.AI" stays "NOTEBOOK AI" rather than losing the part that says it is AI.
  if (domains.length > 0 && !hasAi) display = `${display} AI`;
  return { ...base, display: display || base.tokens.join(' ') || raw.trim().toUpperCase(), meaningful, aiDomains: domains };
}

/** Scopes on npm that many unrelated vendors' packages share: never a package family. */
const GENERIC_NPM_SCOPES = new Set(['@google', '@google-cloud', '@microsoft', '@azure', '@aws-sdk', '@types', '@babel', '@vercel']);

/** Package names as each registry compares them. */
export function normalisePackage(ecosystem: Ecosystem, name: string): string {
  // A version or marker written into the name ("openai>=1.0", "openai@4.2.0") is not the name.
  const trimmed = name.trim().replace(/(?<=.)@[\d^~<>=*x].*$/, '').replace(/\s*(?:[<>=!~;]|\s).*$/, '');
  switch (ecosystem) {
    case 'pypi':
      // PEP 503: case-insensitive, runs of -, _ and . are equivalent; extras are not the name
      return trimmed.replace(/\[.*$/, '').toLowerCase().replace(/[-_.]+/g, '-');
    case 'cargo':
      return trimmed.toLowerCase().replace(/_/g, '-');
    case 'maven':
      // A Scala artifact names the Scala version it was built for (spark-mllib_2.13,
      // xgboost4j_2.12): each build is the same artifact.
      return trimmed.toLowerCase().replace(/\s+/g, '').replace(/_(?:2\.1[0-3]|3)$/, '');
    case 'go':
      // major-version suffixes (/v2) are the same module family
      return trimmed.toLowerCase().replace(/\/v\d+$/, '');
    default:
      return trimmed.toLowerCase();
  }
}

/** A family a package name opens, and how many of an entry's packages must share it to count. */
export interface PackageFamily {
  prefix: string;
  /** Scopes and groups are shared by a vendor's unrelated packages: one listed package is not enough. */
  minimum: number;
}

/**
 * The names under which a package belongs to a family of its vendor's: npm scopes
 * (`@langchain/*`) when the catalog lists two or more of their packages; PyPI, npm, Cargo, RubyGems
 * and Maven artifact prefixes (`llama-index-*`, `dev.langchain4j:langchain4j-*`), NuGet namespaces
 * (`Microsoft.SemanticKernel.*`) and Go sub-packages from any listed package.
 */
export function packageFamilies(ecosystem: Ecosystem, normalised: string): PackageFamily[] {
  switch (ecosystem) {
    case 'npm': {
      const scope = /^(@[^/]+)\//.exec(normalised)?.[1];
      if (scope) return GENERIC_NPM_SCOPES.has(scope) ? [] : [{ prefix: `${scope}/`, minimum: 2 }];
      return normalised.length >= 4 ? [{ prefix: `${normalised}-`, minimum: 1 }] : [];
    }
    case 'pypi':
    case 'cargo':
    case 'rubygems':
      return normalised.length >= 4 ? [{ prefix: `${normalised}-`, minimum: 1 }] : [];
    case 'nuget':
      return [{ prefix: `${normalised}.`, minimum: 1 }];
    case 'go':
      return [{ prefix: `${normalised}/`, minimum: 1 }];
    case 'maven': {
      // Groups are too broad (org.apache.spark holds Spark core and MLlib): artifacts extend. A
      // group with an 'ai' segment is an AI namespace (org.springframework.ai, ai.djl, ai.koog),
      // so two of its artifacts in one entry make the group that entry's.
      const group = normalised.slice(0, normalised.indexOf(':'));
      const aiGroup = group.split('.').includes('ai') ? [{ prefix: `${group}:`, minimum: 2 }] : [];
      return [{ prefix: `${normalised}-`, minimum: 1 }, ...aiGroup];
    }
    default:
      return [];
  }
}
