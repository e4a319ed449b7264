import { describe, expect, it } from 'vitest';
import { handsOver, LOAD } from '../../../src/queue/worker-load.js';

const idlePeer = { busy: 0.2, freeSlots: 2 };
const long = LOAD.handOverEveryMs;

describe('whether a stream leaves its worker process', () => {
  it('leaves a saturated process for one with time and room, when it starts or when the process runs another stream', () => {
    expect(handsOver(0.95, [idlePeer], { starting: true, streams: 1, sinceLastMs: 0 })).toBe(true);
    expect(handsOver(0.95, [idlePeer], { starting: false, streams: 2, sinceLastMs: long })).toBe(true);
  });

  it('stays when its process has time, or no other process has time and room for it', () => {
    expect(handsOver(0.8, [idlePeer], { starting: true, streams: 3, sinceLastMs: long })).toBe(false);
    expect(handsOver(0.95, [], { starting: true, streams: 3, sinceLastMs: long })).toBe(false);
    expect(handsOver(0.95, [{ busy: 0.7, freeSlots: 4 }], { starting: true, streams: 3, sinceLastMs: long })).toBe(false);
    expect(handsOver(0.95, [{ busy: 0.1, freeSlots: 0 }], { starting: true, streams: 3, sinceLastMs: long })).toBe(false);
  });

  it("under way, stays when it is its process's only stream, or another left it moments ago", () => {
    expect(handsOver(0.95, [idlePeer], { starting: false, streams: 1, sinceLastMs: long })).toBe(false);
    expect(handsOver(0.95, [idlePeer], { starting: false, streams: 2, sinceLastMs: long - 1 })).toBe(false);
  });
});
