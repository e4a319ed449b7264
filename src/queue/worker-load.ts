import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * How busy each worker process is, shared through Redis, so that a process whose thread is
 * saturated hands a stream over to one that has time. A scan.stream job runs for minutes, and
 * BullMQ gives it to whichever process asks first, not to the one with time for it: in
 * bench:scale on two processes, one paged through Google's tokens and GitHub's repositories at
 * 99-105 % of a core for the second half of the run while the other sat at 1-2 %, and Google's
 * scan took 1.31-1.33x its quota-bound minimum.
 */
export const LOAD = {
  /** How often a process measures its own load and reads the others'. */
  everyMs: 1000,
  /** Measurements averaged: a single busy second is not a saturated process. */
  samples: 3,
  /** A report older than this is from a process that stopped. */
  staleMs: 5000,
  /** A report this old is removed: a process that crashed leaves nothing behind for long. */
  forgetMs: 3600_000,
  /** The share of its time the event loop was busy at which a process counts as saturated... */
  busy: 0.9,
  /** ...and at which another counts as having time for a stream. */
  idle: 0.6,
  /** A stream under way is handed over once per this long at most: the loads must show the last move first. */
  handOverEveryMs: 10_000,
  /** How long a stream handed over waits in the queue: the process with time takes it before this one asks again. */
  delayMs: 200,
} as const;

/** What a process reports. */
export interface ProcessLoad {
  /** Share of the last few seconds its event loop was busy, 0-1. */
  busy: number;
  /** Scan jobs it could take now. */
  freeSlots: number;
}

/**
 * Pure: whether a stream should leave this process for another. A stream about to start leaves a
 * saturated process whenever another has time and room for it; one under way only when this
 * process runs another stream as well (moving its only stream moves the load, not shares it), and
 * not sooner than `handOverEveryMs` after the last one it handed over.
 */
export function handsOver(own: number, others: readonly ProcessLoad[], stream: { starting: boolean; streams: number; sinceLastMs: number }): boolean {
  if (own < LOAD.busy || !others.some((other) => other.busy <= LOAD.idle && other.freeSlots > 0)) return false;
  return stream.starting || (stream.streams >= 2 && stream.sinceLastMs >= LOAD.handOverEveryMs);
}

/** The event loop's busy share since the last call: what a process reports as its load. */
function eventLoopMeter(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

/** This process's load, published every second beside the queues, and the other processes' as last read. */
export class WorkerLoad {
  private readonly id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly key: string;
  private readonly recent: number[] = [];
  private others: ProcessLoad[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly freeSlots: () => number,
    private readonly measure: () => number = eventLoopMeter(),
  ) {
    this.key = `${prefix}:worker-load`;
  }

  start(): void {
    // A Redis that does not answer leaves the last view in place: streams then stay where they are.
    this.timer = setInterval(() => void this.update().catch(() => {}), LOAD.everyMs);
    this.timer.unref();
  }

  /** Share of the last few seconds this process's event loop was busy. */
  get own(): number {
    return this.recent.length ? this.recent.reduce((sum, value) => sum + value, 0) / this.recent.length : 0;
  }

  /** The other live processes' loads, as last read. */
  get peers(): readonly ProcessLoad[] {
    return this.others;
  }

  async update(): Promise<void> {
    this.recent.push(this.measure());
    if (this.recent.length > LOAD.samples) this.recent.shift();
    const now = Date.now();
    // Written and read in one round trip, every second of every worker's life.
    const [, read] = (await this.redis
      .pipeline()
      .hset(this.key, this.id, JSON.stringify({ busy: this.own, freeSlots: this.freeSlots(), at: now }))
      .hgetall(this.key)
      .exec()) ?? [];
    if (!read || read[0]) throw read?.[0] ?? new Error('the worker-load read got no answer');
    const reports = read[1] as Record<string, string>;
    const others: ProcessLoad[] = [];
    const forgotten: string[] = [];
    for (const [id, text] of Object.entries(reports)) {
      if (id === this.id) continue;
      const report = parseReport(text);
      if (!report || now - report.at > LOAD.forgetMs) forgotten.push(id);
      else if (now - report.at <= LOAD.staleMs) others.push({ busy: report.busy, freeSlots: report.freeSlots });
    }
    this.others = others;
    if (forgotten.length) await this.redis.hdel(this.key, ...forgotten);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(this.key, this.id).catch(() => {});
  }
}

const reportSchema = z.object({ busy: z.number(), freeSlots: z.number().int(), at: z.number() });

/** A report as another process wrote it; anything else (a foreign or older field) is none. */
function parseReport(text: string): z.infer<typeof reportSchema> | undefined {
  try {
    return reportSchema.safeParse(JSON.parse(text)).data;
  } catch {
    return undefined;
  }
}
