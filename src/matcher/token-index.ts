/**
 * A trie over tokens: every alias is a token sequence, and a text matches an alias only when
 * the alias's tokens appear in it contiguously and whole. This is what keeps ANTHROPOLOGIE
 * from matching ANTHROPIC and OTTERBOX from matching OTTER.AI, and it costs
 * O(tokens × alias depth) per text, independent of the catalog's size.
 */

interface Node<T> {
  next: Map<string, Node<T>>;
  values: T[];
}

export interface TokenHit<T> {
  value: T;
  /** Index of the first matched token and how many tokens matched. */
  start: number;
  length: number;
  /** The last token of the text was a cut-off prefix of the alias's last token. */
  truncated: boolean;
}

const longestFirst = (a: TokenHit<unknown>, b: TokenHit<unknown>) => b.length - a.length || Number(a.truncated) - Number(b.truncated);

export class TokenIndex<T> {
  private readonly root: Node<T> = { next: new Map(), values: [] };

  add(aliasTokens: readonly string[], value: T): void {
    if (aliasTokens.length === 0) return;
    let node = this.root;
    for (const token of aliasTokens) {
      let child = node.next.get(token);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(token, child);
      }
      node = child;
    }
    node.values.push(value);
  }

  /** Every alias found in `text`, longest first. */
  find(text: readonly string[], options: { allowTruncatedLast?: boolean } = {}): TokenHit<T>[] {
    const hits: TokenHit<T>[] = [];
    for (let start = 0; start < text.length; start++) {
      let node: Node<T> | undefined = this.root;
      for (let i = start; i < text.length && node; i++) {
        const token = text[i]!;
        const exact: Node<T> | undefined = node.next.get(token);
        if (!exact && options.allowTruncatedLast && i === text.length - 1 && token.length >= 4) {
          for (const [aliasToken, child] of node.next) {
            if (aliasToken.length > token.length && aliasToken.startsWith(token)) {
              for (const value of child.values) hits.push({ value, start, length: i - start + 1, truncated: true });
            }
          }
        }
        node = exact;
        if (node) for (const value of node.values) hits.push({ value, start, length: i - start + 1, truncated: false });
      }
    }
    return hits.sort(longestFirst);
  }
}
