import type { Ecosystem } from '../domain/taxonomy.js';

/**
 * Normalisation per signal kind. Pure, and written as character loops rather than chains of
 * regular expressions: it runs for every distinct value of multi-million-record scans.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const DIACRITICS = /[\u0300-\u036f]/g;

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export interface Tokens {
  /** Upper-case alphanumeric runs: "Otter.ai, Inc." → OTTER AI INC. */
  tokens: string[];
  /** The character just before each token ('' for the first), to tell "OTTER.AI" from "OTTER AI". */
  separators: string[];
}

function ascii(value: string): string {
  return NON_ASCII.test(value) ? value.normalize('NFKD').replace(DIACRITICS, '') : value;
}

export function tokenize(value: string): Tokens {
  const text = ascii(value);
  const tokens: string[] = [];
  const separators: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inToken = i < text.length && isAlnum(text.charCodeAt(i));
    if (inToken && start < 0) start = i;
    else if (!inToken && start >= 0) {
      tokens.push(text.slice(start, i).toUpperCase());
      separators.push(start > 0 ? text[start - 1]! : '');
      start = -1;
    }
  }
  return { tokens, separators };
}

/** Upper-case alphanumeric tokens: "Otter.ai, Inc." → ["OTTER", "AI", "INC"]. */
export function tokens(value: string): string[] {
  return tokenize(value).tokens;
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

export interface NormalisedDescriptor {
  /** Prefix, numbers and trailing region removed, spaces folded: the aggregation key. */
  display: string;
  /** Tokens of the whole descriptor (processor prefix included), for matching. */
  tokens: string[];
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

const isNumeric = (token: string) => /^\d+$/.test(token) || /\d.*\d.*\d/.test(token);

export function normaliseDescriptor(raw: string): NormalisedDescriptor {
  const decoded = raw.includes('%') ? safeDecode(raw) : raw;
  const { tokens: all, separators } = tokenize(decoded);
  const meaningful = all.map((token) => !isNumeric(token) && !FILLER.has(token));
  // "PAYPAL *OPENAI": the processor prefix is the first token(s) before a '*'.
  const star = decoded.indexOf('*');
  if (star > 0) {
    const prefix = ascii(decoded.slice(0, star)).trim().toUpperCase();
    if (PROCESSOR_PREFIXES.has(prefix)) {
      const count = tokenize(prefix).tokens.length;
      for (let i = 0; i < count && i < meaningful.length; i++) meaningful[i] = false;
    }
  }
  // A trailing two-letter token is a state or country ("SAN FRANCISCO CA", "DUBLIN IE").
  for (let i = all.length - 1; i > 0 && all[i]!.length === 2 && !/\d/.test(all[i]!) && i >= all.length - 2; i--) {
    if (meaningful.slice(0, i).some(Boolean)) meaningful[i] = false;
  }
  const aiDomains: string[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i] === 'AI' && separators[i] === '.' && all[i - 1]!.length > 1) aiDomains.push(`${all[i - 1]!.toLowerCase()}.ai`);
  }
  const display = all.filter((token, i) => meaningful[i] || (all[i] === 'AI' && separators[i] === '.')).join(' ');
  return { display: display || all.join(' ') || raw.trim().toUpperCase(), tokens: all, meaningful, aiDomains };
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
