/**
 * What every client-side pace shares (Google's pacer, Intune's requests): how far under a quota
 * requests leave, and how late a slot may still be used.
 */

/**
 * Requests leave at most this share of the rate aimed at: timers fire a millisecond or two late
 * and requests arrive with jitter, so a client paced at exactly the quota overruns a sliding
 * one-second window about every other second.
 */
export const PACING_HEADROOM = 0.97;

/**
 * Slots missed by a late timer (a busy process) that may still go at once, at most: 2 % of a
 * second, within the headroom, so that what goes late at once never overruns a window, and the
 * lateness of a busy process does not add up to a slower scan.
 */
export const CATCH_UP_MS = 20;

/**
 * How late a slot may still be used under a limit counted over `windowMs`: 1 % of the window, a
 * third of the headroom, never less than CATCH_UP_MS. Any window then holds at most
 * rate × (window + catch-up) requests: 0.97 × 1.01 of the limit. A limit counted over 20 s
 * (Intune's) may catch up 200 ms: a busy moment or a page fetched between two pages of lookups
 * costs no slot it does not have to.
 */
export function catchUpWithin(windowMs: number): number {
  return Math.max(CATCH_UP_MS, windowMs / 100);
}

/**
 * Books the next slot of an even pace: `at` when the request may go (at once when it is not
 * after `now`), and the slot after it. A slot the pace passed while nobody asked, or while a late
 * timer held the process, may still be used up to `catchUpMs` late.
 */
export function bookSlot(now: number, next: number | undefined, spacingMs: number, catchUpMs: number): { at: number; next: number } {
  const at = Math.max(now - catchUpMs, next ?? now);
  return { at, next: at + spacingMs };
}
