import { describe, expect, it } from 'vitest';
import { bookSlot, CATCH_UP_MS, catchUpWithin, PACING_HEADROOM } from '../../../src/domain/pacing.js';

/** Books `count` requests that all ask at `now`, as requests waiting in line do. */
function book(now: number, next: number | undefined, spacingMs: number, catchUpMs: number, count: number): number[] {
  const slots: number[] = [];
  for (let i = 0; i < count; i++) {
    const booked = bookSlot(now, next, spacingMs, catchUpMs);
    slots.push(booked.at);
    next = booked.next;
  }
  return slots;
}

describe('pacing: how late a slot may still be used', () => {
  it('is 1 % of the window a limit is counted over, and never less than the one-second rule', () => {
    expect(catchUpWithin(20_000)).toBe(200);
    expect(catchUpWithin(1000)).toBe(CATCH_UP_MS);
  });

  it('lets the slots a busy moment passed go at once, up to the catch-up and no further', () => {
    // 40 a second, 25 ms apart; the process was held for 300 ms past the next slot.
    const slots = book(1000, 700, 25, 200, 20);
    const atOnce = slots.filter((at) => at <= 1000);
    expect(atOnce).toHaveLength(9);
    expect(slots[0]).toBe(800);
    // After them, the pace is even again.
    expect(slots.slice(9).every((at, i) => at === 1025 + 25 * i)).toBe(true);
  });

  it('starts an idle pace now, with nothing to catch up', () => {
    expect(book(1000, undefined, 25, 200, 3)).toEqual([1000, 1025, 1050]);
  });

  it('never puts more into a window than the limit, and loses fewer slots to a busy process than the one-second rule', () => {
    // Intune: 2,000 per 20 s, paced at 97 %.
    const limit = 2000;
    const windowMs = 20_000;
    const intune = simulate(windowMs / (limit * PACING_HEADROOM), catchUpWithin(windowMs), windowMs);
    const oneSecondRule = simulate(windowMs / (limit * PACING_HEADROOM), CATCH_UP_MS, windowMs);
    expect(intune.most).toBeLessThanOrEqual(limit);
    expect(intune.most).toBeGreaterThan(limit * 0.9);
    expect(intune.sent).toBeGreaterThan(oneSecondRule.sent);
    // A catch-up of 5 % of the window would overrun it.
    expect(simulate(windowMs / (limit * PACING_HEADROOM), windowMs / 20, windowMs).most).toBeGreaterThan(limit);
  });
});

/**
 * One request at 0, nobody asking until 1 s (slots pass unused), then requests always waiting
 * until 60 s, in a process that looks every 5 ms and is held for 400 ms every 7 s. A request goes
 * when the process looks, so that is when it is counted: how many were sent, and the most in
 * any window. The burst after the idle second is what a too-large catch-up would overrun with.
 */
function simulate(spacingMs: number, catchUpMs: number, windowMs: number): { sent: number; most: number } {
  const sent: number[] = [0];
  let next: number | undefined = bookSlot(0, undefined, spacingMs, catchUpMs).next;
  for (let now = 1000; now < 60_000; now += now % 7000 === 0 ? 400 : 5) {
    for (let booked = bookSlot(now, next, spacingMs, catchUpMs); booked.at <= now; booked = bookSlot(now, next, spacingMs, catchUpMs)) {
      sent.push(now);
      next = booked.next;
    }
  }
  let most = 0;
  for (let first = 0, last = 0; last < sent.length; last++) {
    while (sent[last]! - sent[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return { sent: sent.length, most };
}
