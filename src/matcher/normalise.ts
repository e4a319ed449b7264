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

function split(text: string): string[] {
  const parts = text.split(SEPARATORS);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 0 && parts[0] === '') parts.shift();
  return parts;
}

/** Upper-case alphanumeric tokens: "Otter.ai, Inc." → ["OTTER", "AI", "INC"]. */
export function tokens(value: string): string[] {
  return split(upper(value));
}

/**
 * Payment processors and marketplaces that put their own name in front of the merchant's,
 * separated by `*` ("PAYPAL *OPENAI", "SQ *COFFEE", "FS *JASPER"). GOOGLE is kept out on
 * purpose: Google's own products (GOOGLE *GEMINI) are billed that way and the prefix is evidence.
 */
const PROCESSOR_PREFIXES = new Set([
  'PAYPAL', 'PP', 'SQ', 'SQU', 'TST', 'FS', 'PADDLE', 'PADDLE.NET', '2CO', '2CO.COM', 'DRI', 'WPY', 'SP', 'STRIPE', 'LS', 'CKO', 'PY',
  'IN', 'BT', 'EB', 'ZTL', 'DNH', 'GUMROAD', 'LEMSQZY', 'APPLE.COM/BILL', 'AMZN MKTP', 'AMZN MKTP US', 'CHARGEBEE', 'FASTSPRING',
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
      return trimmed.toLowerCase().replace(/\s+/g, '');
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
 * (`@langchain/*`) when the catalog lists two or more of their packages; PyPI, npm and Maven
 * artifact prefixes (`llama-index-*`, `dev.langchain4j:langchain4j-*`), NuGet namespaces
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
      return normalised.length >= 4 ? [{ prefix: `${normalised}-`, minimum: 1 }] : [];
    case 'nuget':
      return [{ prefix: `${normalised}.`, minimum: 1 }];
    case 'go':
      return [{ prefix: `${normalised}/`, minimum: 1 }];
    case 'maven':
      // Groups are too broad (org.apache.spark holds Spark core and MLlib): artifacts extend.
      return [{ prefix: `${normalised}-`, minimum: 1 }];
    default:
      return [];
  }
}
