import type { CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';

export const NO_MATCH: MatchResult = Object.freeze({ flagged: false, match: null });

/** Below this a catalog hit is not trusted enough to reach the inventory. */
export const FLAG_THRESHOLD = 0.5;
/** "Possible AI — unknown vendor": flagged so that a person looks, with a low confidence. */
export const UNKNOWN_AI_CONFIDENCE = 0.3;

export const label = (entry: CatalogEntry) => `${entry.product} (${entry.vendor})`;

export function matched(entry: CatalogEntry, confidence: number, reasons: string[]): MatchResult {
  const rounded = Math.round(confidence * 100) / 100;
  return {
    flagged: rounded >= FLAG_THRESHOLD,
    match: { catalogId: entry.id, vendor: entry.vendor, product: entry.product, category: entry.category, confidence: rounded, reasons },
  };
}

export function unknownAi(vendor: string, product: string, reason: string): MatchResult {
  return {
    flagged: true,
    match: { catalogId: null, vendor, product, category: 'unknown', confidence: UNKNOWN_AI_CONFIDENCE, reasons: [reason] },
  };
}

/** How far a name alias alone can be trusted: longer and multi-word aliases are less ambiguous. */
export function aliasStrength(aliasTokens: readonly string[]): number {
  if (aliasTokens.length >= 2) return 0.92;
  return (aliasTokens[0]?.length ?? 0) >= 6 ? 0.9 : 0.8;
}

/** Tokens that, in a name, suggest an AI product even when no catalog entry knows it. */
export function suggestsAi(token: string): boolean {
  return AI_TOKENS.has(token) || (token.length >= 5 && (token.endsWith('GPT') || token.startsWith('GPT')));
}
const AI_TOKENS = new Set(['AI', 'GPT', 'LLM', 'LLMS', 'GENAI', 'CHATBOT', 'CHATGPT']);

/** A product's name as people write it: "ChatGPT (Free, Plus, Pro)" → "ChatGPT"; "Team / Enterprise" keeps the first. */
export function productBase(product: string): string {
  return product.replace(/\(.*?\)/g, ' ').split('/')[0]!.trim();
}
