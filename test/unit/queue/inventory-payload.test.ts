import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticGrant } from '../../../connectors/synthetic/index.js';
import { inventoryPayload, JOBS } from '../../../src/queue/jobs.js';
import { type MatchedBatch, matchStage } from '../../../src/scan/stages.js';
import { matcher } from '../../helpers/queue.js';

const schema = JOBS['inventory.page'].payload;

/** A page of synthetic grants, matched as the scan worker matches it. */
function matchedPage(records: number): MatchedBatch {
  const observations = Array.from({ length: records }, (_, i) => syntheticGrant(i, 0.3));
  return matchStage(matcher, { scanId: randomUUID(), connectionId: randomUUID(), seenAt: new Date().toISOString(), stream: 'grants', page: 0, observations });
}

/** What crosses Redis: JSON, and back. */
const throughRedis = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('an inventory batch on the queue', () => {
  it('carries each distinct match once, and is read back to the same items with their matches', () => {
    const batch = matchedPage(2000);
    const payload = inventoryPayload(batch);
    const distinct = new Set(batch.items.map((item) => JSON.stringify(item.match)));
    expect(payload.matches).toHaveLength(distinct.size);
    expect(payload.matches!.length).toBeLessThan(batch.items.length / 10);
    expect(JSON.stringify(payload).length).toBeLessThan(JSON.stringify(batch).length * 0.7);
    expect(schema.parse(throughRedis(payload))).toEqual(throughRedis(batch));
  });

  it('reads a batch an earlier version queued, with each item carrying its match whole', () => {
    const batch = matchedPage(200);
    expect(schema.parse(throughRedis(batch))).toEqual(throughRedis(batch));
  });

  it('refuses a batch whose item names a match the batch does not carry', () => {
    const payload = throughRedis(inventoryPayload(matchedPage(200))) as { items: { match: number }[] };
    payload.items[0]!.match = 99;
    const parsed = schema.safeParse(payload);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/names match 99, but the batch has \d+/);
  });
});
