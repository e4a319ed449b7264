import type { CatalogEntry } from '../domain/catalog.js';
import { tokens } from './normalise.js';
import { type TokenHit, TokenIndex } from './token-index.js';

/** One alias of a catalog entry, or of a "not AI" suppression. */
export interface Alias {
  entry: CatalogEntry | null;
  /** As written in the catalog, for the reason text. */
  text: string;
  tokens: string[];
  /** The suppression's name when this alias says "not AI". */
  notAi?: string;
}

/**
 * Names (merchant descriptors, app names) matched on whole tokens. A suppression as long as
 * the best AI alias wins: "ANTHROPOLOGIE" never becomes Anthropic, and a suppression that
 * covers more of the text than any AI alias wins too.
 */
export class NameIndex {
  private readonly index = new TokenIndex<Alias>();

  add(text: string, entry: CatalogEntry): void {
    const aliasTokens = tokens(text);
    this.index.add(aliasTokens, { entry, text, tokens: aliasTokens });
  }

  suppress(text: string, name: string): void {
    const aliasTokens = tokens(text);
    this.index.add(aliasTokens, { entry: null, text, tokens: aliasTokens, notAi: name });
  }

  best(text: readonly string[], options: { allowTruncatedLast?: boolean } = {}): TokenHit<Alias> | undefined {
    const hits = this.index.find(text, options);
    const top = hits[0];
    if (!top) return undefined;
    for (const hit of hits) if (hit.value.notAi !== undefined && hit.length >= top.length) return hit;
    return top;
  }
}
