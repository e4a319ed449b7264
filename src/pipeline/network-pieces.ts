import type { ByteRange } from '../../connectors/network/index.js';

/**
 * Which thread reads which piece of a large log: the file is cut into many pieces, and each
 * thread claims its next one as it finishes the last, so that the threads end together however
 * unevenly the machine shares its cores among them (the import's own thread also judges hosts and
 * writes; Postgres runs on the same cores). Claims are one shared flag per piece, taken with an
 * atomic compare-and-exchange: no thread waits on another to be given work.
 *
 * A thread reads on from its last piece while the next is free, and otherwise takes the middle of
 * the longest run of free pieces, where the thread reading towards it has the most left. So
 * each thread reads long stretches in file order: a day of a log written in time order is
 * rarely split between threads, and its counts are written once rather than added to.
 */

export interface Piece {
  index: number;
  /** Absent for a file read whole, in one piece (compressed, or a format read in order). */
  range?: ByteRange;
}

/** The shared flags, one per piece: 0 free, 1 claimed. */
export const pieceClaims = (count: number): SharedArrayBuffer => new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Math.max(1, count));

/** The pieces one thread reads, claimed as it asks for each; `thread` of `threads` starts its share's first piece. */
export function* claimPieces(ranges: readonly ByteRange[], claims: SharedArrayBuffer, thread: number, threads: number): Generator<Piece> {
  const flags = new Int32Array(claims);
  const count = ranges.length;
  const claim = (index: number) => Atomics.compareExchange(flags, index, 0, 1) === 0;
  let next: number | undefined = Math.floor((thread * count) / threads);
  for (;;) {
    if (next === undefined || next >= count || !claim(next)) next = stealFree(flags, claim);
    if (next === undefined) return;
    yield { index: next, range: ranges[next]! };
    next++;
  }
}

/** Claims the middle of the longest run of free pieces; undefined once every piece is claimed. */
function stealFree(flags: Int32Array, claim: (index: number) => boolean): number | undefined {
  for (;;) {
    let best = -1;
    let bestLength = 0;
    for (let i = 0; i < flags.length; ) {
      if (Atomics.load(flags, i) !== 0) {
        i++;
        continue;
      }
      let end = i;
      while (end < flags.length && Atomics.load(flags, end) === 0) end++;
      if (end - i > bestLength) {
        best = i;
        bestLength = end - i;
      }
      i = end;
    }
    if (best === -1) return undefined;
    const middle = best + Math.floor(bestLength / 2);
    // Another thread took it meanwhile: look again.
    if (claim(middle)) return middle;
  }
}
