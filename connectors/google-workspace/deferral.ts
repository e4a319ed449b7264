import { delay } from '../../src/domain/request-retry.js';

/**
 * The per-user calls of one page, where a call that must wait (a Retry-After, a backoff) does not
 * hold the page back. A page of 500 users ends when its last user answers; with a few percent of
 * 429s, the last ones are usually waiting out a Retry-After, and every page would idle for it
 * while the quota goes unused. So when nothing of the page is in flight, the items that would
 * wait longer than `DEFER_AFTER_MS` are deferred: the page returns what it has, and they come
 * first in the next page, not before the time they were asked to wait until.
 */

/** Shorter waits are waited out: a page boundary costs the runner a few writes. */
export const DEFER_AFTER_MS = 50;

export interface Deferred<I> {
  item: I;
  /** Epoch ms before which the item's call must not be made again. */
  notBefore: number;
}

/** What a call tells the page about itself. */
export interface CallControl {
  /** Aborted when the page fails or the call is deferred. */
  signal: AbortSignal;
  /** An attempt starts (it waits for a slot, then for the answer). */
  attempt(): void;
  /** The attempt failed; the next starts in `ms`. */
  wait(ms: number): void;
}

interface State {
  controller: AbortController;
  /** Epoch ms the item waits until; undefined while it is in flight or queued. */
  wakeAt?: number | undefined;
  done: boolean;
}

const DEFER = Symbol('deferred to the next page');

/**
 * Runs `work` for every item at once (the work bounds its own concurrency), the ones carried over
 * first. Items are deferred only when `canDefer` (there is a next page whose work can go on
 * meanwhile; on the last page deferring would only spin). The first failure that is not a
 * deferral aborts the rest and is thrown once they settle.
 */
export async function runDeferring<I, O>(
  items: readonly Deferred<I>[],
  options: { signal?: AbortSignal | undefined; canDefer: boolean },
  work: (item: I, control: CallControl) => Promise<O>,
): Promise<{ results: O[]; deferred: Deferred<I>[] }> {
  const page = options.signal;
  const states: State[] = items.map(() => ({ controller: new AbortController(), done: false }));
  const failed = new AbortController();
  const signalFor = (state: State) => AbortSignal.any([...(page ? [page] : []), failed.signal, state.controller.signal]);
  // When nothing of the page is in flight, the calls that would keep it waiting long go to the next page.
  const defer = () => {
    if (!options.canDefer || states.some((state) => !state.done && state.wakeAt === undefined)) return;
    const later = Date.now() + DEFER_AFTER_MS;
    for (const state of states) if (!state.done && state.wakeAt! > later) state.controller.abort(DEFER);
  };

  const results: O[] = [];
  const deferred: Deferred<I>[] = [];
  let failure: { error: unknown } | undefined;
  await Promise.all(
    items.map(async ({ item, notBefore }, index) => {
      const state = states[index]!;
      const signal = signalFor(state);
      const control: CallControl = {
        signal,
        attempt: () => {
          state.wakeAt = undefined;
        },
        wait: (ms) => {
          state.wakeAt = Date.now() + ms;
          defer();
        },
      };
      try {
        if (notBefore > Date.now()) {
          control.wait(notBefore - Date.now());
          await delay(notBefore - Date.now(), signal);
        }
        control.attempt();
        results.push(await work(item, control));
      } catch (error) {
        if (state.controller.signal.reason === DEFER) {
          deferred.push({ item, notBefore: state.wakeAt ?? Date.now() });
        } else if (!failure) {
          failure = { error };
          failed.abort(error);
        }
      } finally {
        state.done = true;
        state.wakeAt = undefined;
        defer();
      }
    }),
  );
  if (failure) throw failure.error;
  return { results, deferred };
}
