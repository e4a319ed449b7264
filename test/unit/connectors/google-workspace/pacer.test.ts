import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../../connectors/google-workspace/pacer.js';
import { CATCH_UP_MS, catchUpWithin, PACING_HEADROOM } from '../../../../src/domain/pacing.js';
import { seededRandom } from '../../../helpers/random.js';

/**
 * The pacer against a simulated source, in virtual time: a quota of `quota(t)` requests per
 * sliding window (what Google's double in the benchmark enforces), and, before it, a share of
 * requests answered 429 whatever the pace (using no quota). Requests are sent one after the
 * other at the slots the pacer books; each answer comes back 5 ms later.
 */
interface Source {
  rps: number;
  quota: (seconds: number) => number;
  random?: number;
  windowMs?: number;
  seconds: number;
}


function simulate(source: Source) {
  let clock = 0;
  const pacer = new Pacer(source.rps, CATCH_UP_MS, () => clock);
  const { random } = seededRandom(7);
  const windowMs = source.windowMs ?? 1000;
  const accepted: number[] = [];
  let head = 0;
  const pending: { at: number; sentAt: number; ok: boolean; retryAfter: number }[] = [];
  const perSecond: number[] = [];
  const rates: number[] = [];
  let sent = 0;
  let quotaRefused = 0;
  while (clock < source.seconds * 1000) {
    const slot = pacer.reserve();
    while (pending.length && pending[0]!.at <= slot) {
      const answer = pending.shift()!;
      clock = answer.at;
      if (answer.ok) pacer.succeeded(answer.sentAt);
      else pacer.throttled(answer.sentAt, answer.retryAfter);
    }
    clock = slot;
    sent++;
    while (head < accepted.length && accepted[head]! <= slot - windowMs) head++;
    let ok = false;
    let retryAfter = 1000;
    if (random() < (source.random ?? 0)) ok = false;
    else if (accepted.length - head < source.quota(slot / 1000)) {
      ok = true;
      accepted.push(slot);
      const second = Math.floor(slot / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    } else {
      quotaRefused++;
      retryAfter = Math.max(1000, accepted[head]! + windowMs - slot);
    }
    pending.push({ at: slot + 5, sentAt: slot, ok, retryAfter });
    rates[Math.floor(slot / 1000)] = pacer.currentRate;
  }
  const acceptedPerSecond = (from: number, to: number) => perSecond.slice(from, to).reduce((sum, n) => sum + (n ?? 0), 0) / (to - from);
  return { pacer, acceptedPerSecond, quotaShare: quotaRefused / sent, rates };
}

describe('the Google pacer', () => {
  it('keeps its pace through random 429s that have nothing to do with the quota (they once drove it to a twentieth)', () => {
    for (const rps of [10, 40, 200]) {
      const run = simulate({ rps, quota: () => rps, random: 0.05, seconds: 120 });
      // The source accepts what it can: 97 % of the quota, less a second or two of learning.
      expect(run.acceptedPerSecond(0, 120) / rps, `${rps}/s`).toBeGreaterThan(0.92);
      expect(Math.min(...run.rates.slice(10).filter((rate) => rate !== undefined)) / (rps * PACING_HEADROOM), `${rps}/s`).toBeGreaterThan(0.85);
      expect(run.quotaShare, `${rps}/s`).toBeLessThan(0.002);
    }
  });

  it('converges on a quota below the configured rate, with or without random 429s, and rarely touches it', () => {
    const plain = simulate({ rps: 200, quota: () => 150, seconds: 120 });
    expect(plain.acceptedPerSecond(0, 120) / 150).toBeGreaterThan(0.95);
    expect(plain.quotaShare).toBeLessThan(0.01);
    const noisy = simulate({ rps: 200, quota: () => 150, random: 0.05, seconds: 120 });
    expect(noisy.acceptedPerSecond(0, 120) / 150).toBeGreaterThan(0.9);
    expect(noisy.quotaShare).toBeLessThan(0.015);
  });

  it('slows down when the quota drops and recovers when it comes back', () => {
    const run = simulate({ rps: 200, quota: (t) => (t >= 30 && t < 60 ? 100 : 200), seconds: 130 });
    expect(run.acceptedPerSecond(35, 60)).toBeGreaterThan(95);
    // Back to the full pace within a minute of the quota's return.
    expect(run.acceptedPerSecond(115, 130)).toBeGreaterThan(0.97 * 200 * PACING_HEADROOM);
  });

  it('waits out a per-minute quota instead of cutting down to its floor', () => {
    const run = simulate({ rps: 50, quota: () => 2400, windowMs: 60_000, seconds: 600 });
    expect(run.acceptedPerSecond(0, 600)).toBeGreaterThan(0.97 * 40);
    expect(Math.min(...run.rates.slice(60).filter((rate) => rate !== undefined))).toBeGreaterThan(50 / 20);
    expect(run.quotaShare).toBeLessThan(0.05);
  });

  it('lets the slots a busy worker missed go at once, as far as the quota window allows', async () => {
    // 100/s paced at 97/s: a slot every 10.3 ms. The worker is busy for half a second while sixty
    // calls wait; then its timer fires, late.
    const missed = async (catchUpMs?: number) => {
      let clock = 0;
      const pacer = new Pacer(100, catchUpMs, () => clock);
      const sent: number[] = [];
      const waiting = Array.from({ length: 60 }, () => pacer.acquire().then((slot) => sent.push(slot)));
      clock = 500;
      await new Promise((resolve) => setTimeout(resolve, 40));
      const atOnce = sent.length;
      // The rest go at once: on a clock that stood still, they would wait forever.
      clock = Number.POSITIVE_INFINITY;
      await Promise.all(waiting);
      return atOnce;
    };
    // 20 ms (CATCH_UP_MS, a quota counted per second): the first call and two missed slots.
    expect(await missed()).toBe(3);
    // 600 ms (1 % of Google's minute): every slot of the half second.
    expect(await missed(catchUpWithin(60_000))).toBe(49);
  });

  it('lets requests go evenly spaced, in line, and drops a waiter whose call was cancelled', async () => {
    const pacer = new Pacer(100);
    const started = performance.now();
    const cancelled = new AbortController();
    const waiting = Array.from({ length: 11 }, (_, index) => pacer.acquire(index === 5 ? cancelled.signal : undefined));
    cancelled.abort(new Error('page cancelled'));
    const results = await Promise.allSettled(waiting);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    const slots = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    // Ten requests at 97/s: nine gaps of ~10.3 ms, none bunched.
    expect(slots[9]! - slots[0]!).toBeGreaterThanOrEqual(9 * (1000 / 97) - 1);
    for (let index = 1; index < slots.length; index++) expect(slots[index]! - slots[index - 1]!).toBeGreaterThan(9);
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
  });
});
