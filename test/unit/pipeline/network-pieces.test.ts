import { describe, expect, it } from 'vitest';
import { claimPieces, type Piece, pieceClaims } from '../../../src/pipeline/network-pieces.js';

const rangesOf = (count: number) => Array.from({ length: count }, (_, i) => ({ start: i * 100, end: (i + 1) * 100 }));

/** Threads that read at different speeds: each step, thread t claims its next piece if `reads(t, step)`. */
function share(count: number, threads: number, reads: (thread: number, step: number) => boolean): Piece[][] {
  const ranges = rangesOf(count);
  const claims = pieceClaims(count);
  const readers = Array.from({ length: threads }, (_, t) => claimPieces(ranges, claims, t, threads));
  const read: Piece[][] = readers.map(() => []);
  const done = new Set<number>();
  for (let step = 0; done.size < threads; step++) {
    for (let t = 0; t < threads; t++) {
      if (done.has(t) || !reads(t, step)) continue;
      const next = readers[t]!.next();
      if (next.done) done.add(t);
      else read[t]!.push(next.value);
    }
  }
  return read;
}

/** How many runs of consecutive pieces a thread read: each new run may split a day with another thread. */
const runs = (pieces: Piece[]) => pieces.filter((piece, i) => i === 0 || piece.index !== pieces[i - 1]!.index + 1).length;

describe('pieces of a large log, claimed by the threads that read it', () => {
  it('every piece is read once, with its own byte range', () => {
    for (const threads of [1, 2, 3, 4]) {
      const read = share(40, threads, (t, step) => step % (t + 1) === 0);
      const all = read.flat().map((piece) => piece.index);
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      for (const piece of read.flat()) expect(piece.range).toEqual({ start: piece.index * 100, end: piece.index * 100 + 100 });
    }
  });

  it('a thread starts at its share of the file and reads on in order', () => {
    const [first, second] = share(40, 2, () => true);
    expect(first!.slice(0, 20).map((piece) => piece.index)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(second!.slice(0, 20).map((piece) => piece.index)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
  });

  it('a thread that reads three times as fast takes over the slower one’s pieces, and both end together', () => {
    // The import's own thread also judges and writes: a worker thread may get through far more.
    const [slow, fast] = share(40, 2, (t, step) => t === 1 || step % 3 === 0);
    expect(fast!.length).toBeGreaterThanOrEqual(28);
    expect(slow!.length).toBeLessThanOrEqual(12);
    // A stolen piece is the middle of what is left, so the slow thread keeps a run of its own:
    // a few runs each, not one piece each.
    expect(runs(fast!)).toBeLessThanOrEqual(5);
    expect(runs(slow!)).toBeLessThanOrEqual(2);
  });

  it('a thread that starts late finds its share begun and reads what is left', () => {
    const [early, late] = share(10, 2, (t, step) => t === 0 || step >= 8);
    expect(early!.map((piece) => piece.index).slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...early!, ...late!].map((piece) => piece.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(late!.length).toBeGreaterThan(0);
  });
});
