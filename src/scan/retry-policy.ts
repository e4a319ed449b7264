/**
 * How transient failures are retried, in the queue (BullMQ backoff) and in process alike:
 * exponential from one second, with jitter so that workers hit by the same outage do not
 * retry in lockstep. Rate limits wait what the source asks and do not count as attempts.
 */
export const RETRY = {
  attempts: 8,
  baseDelayMs: 1000,
  jitter: 0.5,
} as const;

/** Delay before attempt `attempt` (1-based) after a transient failure. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exponential = RETRY.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(exponential * (1 - RETRY.jitter * random()));
}
