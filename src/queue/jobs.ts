import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { RETRY } from '../scan/retry-policy.js';
import type { MatchDetail } from '../domain/match.js';
import type { MatchedBatch } from '../scan/stages.js';
import type { QueueName } from './names.js';

/**
 * The job catalogue: every job name with its queue, payload schema, attempts, backoff and
 * timeout. Payloads carry ids and batches of observations, never secrets: a worker resolves a
 * connection's secrets itself when it runs.
 */

/**
 * A record's attributes as JSON has them: an object, whose keys are strings by construction.
 * Checked as such rather than as a record of string keys, which copied every record's attributes
 * key by key: four fifths of the time an inventory batch took to check.
 */
const attributesSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { message: 'attributes must be an object' });
const observationSchema = z.object({ kind: z.string(), key: z.string(), attributes: attributesSchema });
const pageSchema = z.object({ scanId: z.uuid(), connectionId: z.uuid(), seenAt: z.iso.datetime(), stream: z.string(), page: z.number().int().min(0), lastPage: z.number().int().min(0).optional() });
const matchDetailSchema = z.object({
  catalogId: z.string().nullable(),
  vendor: z.string(),
  product: z.string(),
  category: z.string(),
  confidence: z.number(),
  reasons: z.array(z.string()),
});

export const JOBS = {
  /** Starts a scan: one scan.stream job per unfinished stream (a file connection is read here, in one go). */
  'scan.run': { queue: 'scan', payload: z.object({ scanId: z.uuid() }), attempts: RETRY.attempts, timeoutMs: 12 * 3600_000 },
  /**
   * Pages through one stream from its saved cursor, matching each page as it comes. The streams
   * of a scan are independent: several workers share a large scan.
   */
  'scan.stream': { queue: 'scan', payload: z.object({ scanId: z.uuid(), stream: z.string().min(1) }), attempts: RETRY.attempts, timeoutMs: 12 * 3600_000 },
  /** A schedule's tick: starts a scan unless one of the connection is still running. */
  'schedule.tick': { queue: 'scan', payload: z.object({ scheduleId: z.uuid() }), attempts: 3, timeoutMs: 60_000 },
  /**
   * The AI observations of a range of pages into the inventory. Each distinct match travels once
   * (`matches`) and an item names its own by index: a batch's thousands of items share a few
   * matches, whose vendor, product and reasons were half the payload's JSON, written to Redis,
   * read back and checked item by item. A payload an earlier version queued carries each item's
   * match whole, and is read as well.
   */
  'inventory.page': {
    queue: 'inventory',
    payload: pageSchema
      .extend({
        catalogVersion: z.string(),
        matches: z.array(matchDetailSchema).default([]),
        items: z.array(observationSchema.extend({ occurredOn: z.string().optional(), match: z.union([z.number().int().min(0), matchDetailSchema]) })),
      })
      .transform(({ matches, items, ...batch }, context) => {
        // The items are zod's own copies: each gets its match in place.
        for (const item of items) {
          if (typeof item.match !== 'number') continue;
          const match = matches[item.match];
          if (!match) {
            context.issues.push({ code: 'custom', message: `item ${item.key} names match ${item.match}, but the batch has ${matches.length}`, input: item.match });
            return z.NEVER;
          }
          item.match = match;
        }
        return { ...batch, items: items as (Omit<(typeof items)[number], 'match'> & { match: z.infer<typeof matchDetailSchema> })[] };
      }),
    attempts: RETRY.attempts,
    timeoutMs: 300_000,
    // A batch carries up to four thousand observations (about 1 MB of JSON): kept an hour after it
    // is stored, a large organisation's scan held hundreds of MB of Redis for nothing. Stored, it
    // is in Postgres; handed on again after a crash, it is stored again by the same upserts.
    removeOnComplete: true,
  },
  /** New events through the alert rules, after an inventory page that emitted some. */
  'alert.route': { queue: 'alert', payload: z.object({}), attempts: RETRY.attempts, timeoutMs: 120_000 },
  /** Every minute: overdue reviews, events nobody routed, due digests and retries. */
  'alert.sweep': { queue: 'alert', payload: z.object({}), attempts: 1, timeoutMs: 120_000 },
  /**
   * One attempt at one delivery. Retries are counted in Postgres (alert_deliveries.attempts) and
   * waited for as a delayed job, so Retry-After and backoff are the same policy as embedded mode.
   */
  'alert.deliver': { queue: 'alert', payload: z.object({ deliveryId: z.uuid() }), attempts: 3, timeoutMs: 180_000 },
} as const;

export type JobName = keyof typeof JOBS;
/** What is queued; a processor works on what its payload schema makes of it. */
export type JobInput<N extends JobName> = z.input<(typeof JOBS)[N]['payload']>;
export { QUEUE_NAMES, type QueueName } from './names.js';

export function jobOptions(name: JobName, jobId?: string): JobsOptions {
  const job = JOBS[name];
  return {
    attempts: job.attempts,
    backoff: { type: 'exponential', delay: RETRY.baseDelayMs, jitter: RETRY.jitter },
    // Completed jobs go soon (their effects are in Postgres); failed ones stay a week for `status`.
    removeOnComplete: 'removeOnComplete' in job ? job.removeOnComplete : { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
    ...(jobId ? { jobId } : {}),
  };
}

/** A batch as it is queued: each distinct match once, each item naming its own by index. */
export function inventoryPayload(batch: MatchedBatch): JobInput<'inventory.page'> {
  const matches: MatchDetail[] = [];
  // Items of one product mostly share the matcher's remembered verdict: found by identity, else by content.
  const byIdentity = new Map<MatchDetail, number>();
  const byContent = new Map<string, number>();
  // Built field by field: copying the rest of each item with a spread took longer than the rest of this.
  const items = batch.items.map((item) => {
    const match = item.match;
    let index = byIdentity.get(match);
    if (index === undefined) {
      const content = JSON.stringify(match);
      index = byContent.get(content);
      if (index === undefined) {
        index = matches.push(match) - 1;
        byContent.set(content, index);
      }
      byIdentity.set(match, index);
    }
    const queued: JobInput<'inventory.page'>['items'][number] = { kind: item.kind, key: item.key, attributes: item.attributes, match: index };
    if (item.occurredOn !== undefined) queued.occurredOn = item.occurredOn;
    return queued;
  });
  return { ...batch, matches, items };
}

/** Deterministic job ids: the same page handed on twice after a crash is one job. */
export const jobIds = {
  scan: (scanId: string) => `scan_${scanId}`,
  stream: (scanId: string, stream: string) => `stream_${scanId}_${stream}`,
  inventory: (scanId: string, stream: string, first: number, last: number) => `inventory_${scanId}_${stream}_${first}-${last}`,
  route: (cause: string) => `route_${cause}`,
  deliver: (deliveryId: string) => `deliver_${deliveryId}`,
};

/** The queues of one installation (`UNSHADOW_QUEUE_PREFIX`), sharing one Redis connection. */
export class Queues {
  private readonly queues = new Map<QueueName, Queue>();
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * The payload is checked against its schema where it is read (the worker's processor), which
   * is the boundary: whatever is in Redis. Here it is typed, and parsing an inventory batch of a
   * thousand observations a second time cost the scan worker a tenth of its time.
   */
  async add<N extends JobName>(name: N, payload: JobInput<N>, jobId?: string): Promise<void> {
    await this.get(JOBS[name].queue).add(name, payload, jobOptions(name, jobId));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
