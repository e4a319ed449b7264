import type { Catalog, CatalogEntry } from '../domain/catalog.js';
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
  /**
   * Why the alias alone cannot decide (it is also an ordinary name), as a clause after "a name
   * of <product> that …": the matcher then asks the other evidence of the record, and says which
   * evidence decided.
   */
  ambiguous?: string;
}

const isSuppression = (alias: Alias) => alias.notAi !== undefined;

/**
 * Names (merchant descriptors, app names) matched on whole tokens. The longest alias found
 * wins, and a suppression wins over an AI alias of the same length: "ANTHROPOLOGIE" never
 * becomes Anthropic.
 */
export class NameIndex {
  private readonly index = new TokenIndex<Alias>(isSuppression);

  /** Returns the alias's tokens, so that callers can skip names they have added already. */
  add(text: string, entry: CatalogEntry, ambiguous?: string): string[] {
    const aliasTokens = tokens(text);
    this.index.add(aliasTokens, { entry, text, tokens: aliasTokens, ...(ambiguous ? { ambiguous } : {}) });
    return aliasTokens;
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

/**
 * Which names of a catalog are ambiguous, and why: the ones an entry marks (`ambiguous`), and
 * every name that a suppression of the same kind continues ("GEMINI" on a card statement when
 * "GEMINI TRUST CO" is not AI; "Fathom" on a consent screen when "Fathom Analytics" is not): a
 * suppression names one look-alike, and says there are others. A merchant suppression says
 * nothing of app names ("CLAUDES BARBER SHOP" has no consent screen).
 */
export function ambiguityOf(catalog: Catalog, kind: 'merchants' | 'oauthNames'): (entry: CatalogEntry, aliasTokens: readonly string[]) => string | undefined {
  const sharedWith = new Map<string, string>();
  for (const suppression of catalog.notAi) {
    for (const text of kind === 'merchants' ? [suppression.name, ...suppression.merchants] : suppression.oauthNames) {
      const words = tokens(text.replace(/\(.*?\)/g, ' '));
      for (let length = 1; length < words.length; length++) {
        const prefix = words.slice(0, length).join(' ');
        if (!sharedWith.has(prefix)) sharedWith.set(prefix, suppression.name);
      }
    }
  }
  const marked = new Map<CatalogEntry, Set<string>>();
  for (const entry of catalog.entries) {
    if (entry.fingerprints.ambiguous.length > 0) marked.set(entry, new Set(entry.fingerprints.ambiguous.map((text) => tokens(text).join(' '))));
  }
  return (entry, aliasTokens) => {
    const key = aliasTokens.join(' ');
    if (marked.get(entry)?.has(key)) return 'the catalog marks as shared with ordinary businesses';
    const other = sharedWith.get(key);
    return other ? `'${other}', which is not AI, shares` : undefined;
  };
}
