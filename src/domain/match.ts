import type { Category } from './taxonomy.js';

/** The matcher's verdict on one observation. */
export interface MatchResult {
  /** true when the record should reach the inventory: a catalog match or "possible AI". */
  flagged: boolean;
  match: MatchDetail | null;
}

export interface MatchDetail {
  /** null for "possible AI — unknown vendor". */
  catalogId: string | null;
  vendor: string;
  product: string;
  category: Category | 'unknown';
  confidence: number;
  reasons: string[];
}
