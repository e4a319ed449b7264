import type { CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';

export const NO_MATCH: MatchResult = Object.freeze({ flagged: false, match: null });

/** Below this a catalog hit is not trusted enough to reach the inventory. */
export const FLAG_THRESHOLD = 0.5;

export const label = (entry: CatalogEntry) => `${entry.product} (${entry.vendor})`;

export function matched(entry: CatalogEntry, confidence: number, reasons: string[]): MatchResult {
  const rounded = Math.round(confidence * 100) / 100;
  return {
    flagged: rounded >= FLAG_THRESHOLD,
    match: { catalogId: entry.id, vendor: entry.vendor, product: entry.product, category: entry.category, confidence: rounded, reasons },
  };
}

/** How far a name alias alone can be trusted: longer and multi-word aliases are less ambiguous. */
export function aliasStrength(aliasTokens: readonly string[]): number {
  if (aliasTokens.length >= 2) return 0.92;
  return (aliasTokens[0]?.length ?? 0) >= 6 ? 0.9 : 0.8;
}

/** A product's name as people write it: "ChatGPT (Free, Plus, Pro)" → "ChatGPT"; "Team / Enterprise" keeps the first. */
export function productBase(product: string): string {
  return product.replace(/\(.*?\)/g, ' ').split('/')[0]!.trim();
}

/** Every name a product goes by: "Lara Translate / ModernMT" is both ("AI/ML API", unspaced, is one). */
export function productNames(product: string): string[] {
  return product.replace(/\(.*?\)/g, ' ').split(/\s\/\s/).map((name) => name.trim()).filter(Boolean);
}

/**
 * Vendors with many products, whose name says nothing about which product (or whether AI) is
 * meant: their own AI products are recognised by the product's name, never by theirs.
 */
export const PLATFORMS = new Set([
  'GOOGLE', 'MICROSOFT', 'AMAZON', 'AMAZON WEB SERVICES', 'AWS', 'META', 'APPLE', 'IBM', 'ORACLE', 'SAP', 'SALESFORCE', 'ADOBE', 'NVIDIA', 'GITHUB',
  // Publishers of research, legal and automation software with one AI line among many.
  'THOMSON REUTERS', 'LEXISNEXIS', 'UIPATH',
]);
