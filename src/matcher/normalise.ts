import type { Ecosystem } from '../domain/taxonomy.js';

/**
 * Normalisation per signal kind. Pure and allocation-light: it runs once per distinct value
 * and its result is cached by the caller.
 */

const DIACRITICS = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^A-Z0-9]+/;

/** Upper-case alphanumeric tokens: "Otter.ai, Inc." → ["OTTER", "AI", "INC"]. */
export function tokens(value: string): string[] {
  const upper = value.normalize('NFKD').replace(DIACRITICS, '').toUpperCase();
  return upper.split(NON_ALNUM).filter(Boolean);
}

/**
 * Payment processors and marketplaces that put their own name in front of the merchant's,
 * separated by `*` ("PAYPAL *OPENAI", "SQ *COFFEE", "FS *JASPER"). `GOOGLE *` is kept out on
 * purpose: Google's own products (GOOGLE *GEMINI) are billed that way and the prefix is evidence.
 */
const PROCESSOR_PREFIX =
  /^(?:PAYPAL|PP|SQ|SQU|TST|FS|PADDLE(?:\.NET)?|2CO(?:\.COM)?|DRI|WPY|SP|STRIPE|LS|CKO|PY|AMZN MKTP(?: [A-Z]{2})?|APPLE\.COM\/BILL|IN|BT|EB|ZTL|DNH|GUMROAD|LEMSQZY)\s?\*\s*/;
const URL_ESCAPE = /%([0-9A-F]{2})/gi;
/** Phone numbers, store numbers, reference numbers: digits in long runs or after # or *. */
const NOISE = /(?:\+?\d[\d\s().-]{6,}\d)|#\s*\d+|\b\d{3,}\b|\b[A-Z]*\d[A-Z\d]{7,}\b/g;
/** Trailing location: "SAN FRANCISCO CA", "DUBLIN IE", "LONDON GB": a 2-letter code at the end. */
const TRAILING_REGION = /(?:\s+[A-Z]{2}){1,2}$/;

export interface NormalisedDescriptor {
  /** Prefix, numbers and trailing region removed, spaces folded: the aggregation key. */
  display: string;
  /** Tokens of the whole descriptor (processor prefix included), for matching. */
  tokens: string[];
  /** Tokens of `display`, to recognise an exact descriptor. */
  coreTokens: string[];
  /** `.ai` domains written in the descriptor ("FOOBAR.AI"), lower-case. */
  aiDomains: string[];
}

const AI_DOMAIN = /\b([A-Z0-9][A-Z0-9-]*)\.AI\b/g;

export function normaliseDescriptor(raw: string): NormalisedDescriptor {
  let value = raw.includes('%') ? safeDecode(raw) : raw;
  value = value.normalize('NFKD').replace(DIACRITICS, '').toUpperCase().replace(/\s+/g, ' ').trim();
  const aiDomains: string[] = [];
  for (const found of value.matchAll(AI_DOMAIN)) aiDomains.push(`${found[1]!.toLowerCase()}.ai`);
  const all = value.split(NON_ALNUM).filter(Boolean);
  let core = value.replace(PROCESSOR_PREFIX, '').replace(NOISE, ' ').replace(/[^A-Z0-9.&' -]+/g, ' ').replace(/\s+/g, ' ').trim();
  const withoutRegion = core.replace(TRAILING_REGION, '').trim();
  // Only drop a trailing 2-letter token when something substantial is left ("HP" alone stays).
  if (withoutRegion.length >= 4) core = withoutRegion;
  return { display: core || value, tokens: all, coreTokens: core.split(NON_ALNUM).filter(Boolean), aiDomains };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value.replace(URL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** Package names as each registry compares them. */
export function normalisePackage(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
  switch (ecosystem) {
    case 'pypi':
      // PEP 503: case-insensitive, runs of -, _ and . are equivalent
      return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
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
