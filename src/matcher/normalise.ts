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

/** The cheap part, enough to look aliases up: most descriptors stop here. */
export function descriptorTokens(raw: string): DescriptorTokens {
  const text = upper(raw.includes('%') ? safeDecode(raw) : raw);
  return { text, tokens: split(text) };
}

const NUMBER_LIKE = /^\d+$|\d.*\d.*\d/;
const LETTERS = /^[A-Z]{2}$/;

/** Which tokens say who the merchant is: not numbers, processor prefixes, trailing regions or filler. */
export function meaningfulTokens({ text, tokens: all }: DescriptorTokens): boolean[] {
  const meaningful = all.map((token) => !NUMBER_LIKE.test(token) && !FILLER.has(token));
  // "PAYPAL *OPENAI": the processor prefix is the token(s) before a '*'.
  const star = text.indexOf('*');
  if (star > 0) {
    const prefix = text.slice(0, star).trim();
    if (PROCESSOR_PREFIXES.has(prefix)) {
      const count = split(prefix).length;
      for (let i = 0; i < count && i < meaningful.length; i++) meaningful[i] = false;
    }
  }
  // One or two trailing two-letter tokens are a state and country ("SAN FRANCISCO CA US").
  for (let i = all.length - 1; i > 0 && i >= all.length - 2 && LETTERS.test(all[i]!); i--) {
    if (meaningful.slice(0, i).some(Boolean)) meaningful[i] = false;
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
  const kept = base.tokens.filter((_, i) => meaningful[i]);
  // "NOTEBOOK.AI" stays "NOTEBOOK AI" rather than losing the part that says it is AI.
  const display = domains.length > 0 && !kept.includes('AI') ? [...kept, 'AI'].join(' ') : kept.join(' ');
  return { ...base, display: display || base.tokens.join(' ') || raw.trim().toUpperCase(), meaningful, aiDomains: domains };
}

/** Scopes on npm that many unrelated vendors' packages share: never a package family. */
const GENERIC_NPM_SCOPES = new Set(['@google', '@google-cloud', '@microsoft', '@azure', '@aws-sdk', '@types', '@babel', '@vercel']);

/** Package names as each registry compares them. */
export function normalisePackage(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
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

/**
 * The names under which a package belongs to a family of its vendor's: npm scopes
 * (`@langchain/*`), PyPI and npm prefixes (`llama-index-*`), NuGet namespaces
 * (`Microsoft.SemanticKernel.*`), Maven groups listed twice or more, Go sub-packages.
 */
export function packageFamilies(ecosystem: Ecosystem, normalised: string): string[] {
  const families: string[] = [];
  switch (ecosystem) {
    case 'npm': {
      const scope = /^(@[^/]+)\//.exec(normalised)?.[1];
      if (scope && !GENERIC_NPM_SCOPES.has(scope)) families.push(`${scope}/`);
      if (!scope && normalised.length >= 4) families.push(`${normalised}-`);
      break;
    }
    case 'pypi':
      if (normalised.length >= 4) families.push(`${normalised}-`);
      break;
    case 'nuget':
      families.push(`${normalised}.`);
      break;
    case 'go':
      families.push(`${normalised}/`);
      break;
    case 'maven':
      break;
    default:
      break;
  }
  return families;
}
