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

const isSuppression = (alias: Alias) => alias.notAi !== undefined;

/**
 * Names (merchant descriptors, app names) matched on whole tokens. The longest alias found
 * wins, and a suppression wins over an AI alias of the same length: "ANTHROPOLOGIE" never
 * becomes Anthropic.
 */
export class NameIndex {
  private readonly index = new TokenIndex<Alias>(isSuppression);

  add(text: string, entry: CatalogEntry): void {
    const aliasTokens = tokens(text);
    this.index.add(aliasTokens, { entry, text, tokens: aliasTokens });
  }

  suppress(text: string, name: string): void {
    const aliasTokens = tokens(text);
    this.index.add(aliasTokens, { entry: null, text, tokens: aliasTokens, notAi: name });
  }

  /** `allowTruncatedLast`: the text may have been cut off mid-word (long card descriptors). */
  best(text: readonly string[], allowTruncatedLast = false): TokenHit<Alias> | undefined {
    return this.index.best(text, allowTruncatedLast);
  }
}
