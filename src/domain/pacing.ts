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
