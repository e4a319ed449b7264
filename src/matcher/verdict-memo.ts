/** Distinct inputs remembered per kind. Scans repeat themselves: one app granted to a thousand users. */
const MEMO_SIZE = 50_000;

/**
 * Recent verdicts keyed by an input's main identifier (a client id, a package name) and checked
 * against its other fields, so a lookup builds no composite key. Safe because the matcher is
 * pure; verdicts are shared, so callers treat them, and the inputs they pass, as read-only.
 */
export class VerdictMemo<I, V> {
  private readonly entries = new Map<string, { input: I; verdict: V }>();

  constructor(
    private readonly keyOf: (input: I) => string,
    private readonly same: (remembered: I, input: I) => boolean,
  ) {}

  get(input: I, compute: (input: I) => V): V {
    const key = this.keyOf(input);
    const remembered = this.entries.get(key);
    if (remembered && this.same(remembered.input, input)) return remembered.verdict;
    if (this.entries.size >= MEMO_SIZE) this.entries.clear();
    const verdict = compute(input);
    this.entries.set(key, { input, verdict });
    return verdict;
  }
}
