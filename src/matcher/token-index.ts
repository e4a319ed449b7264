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

interface Found<T> {
  values: T[] | null;
  start: number;
  length: number;
  truncated: boolean;
  wins: boolean;
}

export class TokenIndex<T> {
  private readonly root: Node<T> = { next: new Map(), values: [] };
  /** First tokens of all aliases, sorted, to find cut-off prefixes by binary search. */
  private firstTokens: string[] | null = null;
  private readonly found: Found<T> = { values: null, start: 0, length: 0, truncated: false, wins: false };

  /** `wins(value)` marks values that win over others of the same length (suppressions). */
  constructor(private readonly wins: (value: T) => boolean = () => false) {}

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
    this.firstTokens = null;
  }

  /**
   * The longest alias in `text` (a whole-token hit before a cut-off one of the same length;
   * a winning value before the others). Allocates only for the answer.
   */
  best(text: readonly string[], allowTruncatedLast = false): TokenHit<T> | undefined {
    // One scratch record reused across calls: matching is synchronous, and this runs per record.
    const found = this.found;
    found.values = null;
    found.start = 0;
    found.length = 0;
    found.truncated = false;
    found.wins = false;
    const last = text.length - 1;
    for (let start = 0; start < text.length; start++) {
      let node: Node<T> | undefined = this.root;
      for (let i = start; i < text.length && node; i++) {
        const token = text[i]!;
        const exact: Node<T> | undefined = node.next.get(token);
        if (allowTruncatedLast && !exact && i === last && token.length >= 4) {
          for (const child of this.prefixed(node, token)) this.consider(found, child.values, start, i - start + 1, true);
        }
        node = exact;
        if (node && node.values.length > 0) this.consider(found, node.values, start, i - start + 1, false);
      }
    }
    if (!found.values) return undefined;
    const values: T[] = found.values;
    return { value: values.find(this.wins) ?? values[0]!, start: found.start, length: found.length, truncated: found.truncated };
  }

  private consider(found: Found<T>, values: T[], start: number, length: number, truncated: boolean): void {
    if (values.length === 0) return;
    const better = length > found.length || (length === found.length && found.truncated && !truncated);
    if (better || (length === found.length && !found.wins && values.some(this.wins))) {
      found.values = values;
      found.start = start;
      found.length = length;
      found.truncated = truncated;
      found.wins = values.some(this.wins);
    }
  }

  /** Children of `node` whose token starts with `prefix` (and is longer). */
  private prefixed(node: Node<T>, prefix: string): Node<T>[] {
    if (node !== this.root) {
      const found: Node<T>[] = [];
      for (const [token, child] of node.next) if (token.length > prefix.length && token.startsWith(prefix)) found.push(child);
      return found;
    }
    this.firstTokens ??= [...this.root.next.keys()].sort();
    const sorted = this.firstTokens;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    const found: Node<T>[] = [];
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      if (sorted[i]!.length > prefix.length) found.push(this.root.next.get(sorted[i]!)!);
    }
    return found;
  }
}
