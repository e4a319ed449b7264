import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../../src/domain/map-concurrent.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapConcurrent', () => {
  it('keeps the items’ order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrent([50, 10, 30, 5, 20, 1], 3, async (ms, index) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:30', '3:5', '4:20', '5:1']);
    expect(most).toBe(3);
  });

  it('throws the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([1, 2, 3, 4, 5, 6], 2, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('item 2 failed');
        await tick(5);
        return n;
      }),
    ).rejects.toThrow('item 2 failed');
    await tick(30);
    expect(started).toEqual([1, 2]);
  });

  it('answers an empty list at once', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });
});
