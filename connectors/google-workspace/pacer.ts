import { bookSlot, CATCH_UP_MS, PACING_HEADROOM } from '../../src/domain/pacing.js';

/**
 * Client-side pacing of every Google call of one connection: requests wait in line and leave
 * evenly spaced (a token bucket of capacity one, no bursts) at a rate that converges on the
 * source's quota by additive increase and multiplicative decrease, without mistaking 429s that
 * have nothing to do with our pace for the quota.
 *
 * Why the last part matters: Google (and whatever stands between us and it) also answers 429s
 * that no pace would avoid. Cutting the rate on each of them drove an earlier pacer to its floor,
 * a twentieth of the configured rate. One 429 cannot say which kind it is; what tells them apart
 * is whether slowing down makes them go away. So:
 *
 * - **Decrease** when the 429s among the last answers are more than the background share
 *   explains: the ceiling drops to what the source accepted in the last second (by 30 % at most,
 *   never below a twentieth of the configured rate) and the rate to 97 % of it.
 * - **Settle**: for one window after a cut the source still holds the overrun (its window is
 *   full of it), so the answers to requests sent meanwhile are not judged again. A source that
 *   still refuses most requests after that (a per-minute quota) holds every request until the
 *   Retry-After it gave.
 * - **Check** the cut on the next hundred answers: they are the background (429s that do not
 *   depend on our pace). The first cut, made before the background is known, is the experiment
 *   that measures it, and is taken back if the 429s did not become fewer after it. Later cuts
 *   stand: the test that made them allowed for the background already, and taking one back would
 *   restore a ceiling that jitter had pushed past the quota.
 * - **Increase** after each success: the ceiling rises by a fixed step (about 0.3 % of the rate
 *   a second just after a cut, faster the longer the source has not throttled), so a quota that
 *   went up again is found again and a quota that did not is touched rarely.
 * - Background 429s use none of the quota, so requests are sent that much faster (never faster
 *   than `requestsPerSecond`) and the source still accepts the rate aimed at.
 */

/**
 * The answers judged: those of the last second, and at least the last hundred, so that two
 * 429s at a low rate are not read as a flood.
 */
const WINDOW_MS = 1000;
const WINDOW_ANSWERS = 100;
/** One cut takes the rate down by 30 % at most: the answers already in flight report the same overrun. */
const DEEPEST_CUT = 0.7;
/** The ceiling never goes below this share of the configured rate. */
const FLOOR_SHARE = 1 / 20;
/** Ceiling increase per success (requests/s): about 0.3 % of the rate a second... */
const PROBE_STEP = 0.003;
/** ...and one step more for every ten seconds since the last cut. */
const PROBE_ACCELERATION_MS = 10_000;
/** Answers after the source settled that decide whether a cut helped. */
const CHECK_ANSWERS = 100;
/** A larger share of 429s is the source refusing us, never background. */
const MOST_REFUSED = 0.25;
/** The background remembers about this many answers, so that it follows a source that changes. */
const BACKGROUND_MEMORY = 5000;

interface Waiter {
  resolve(sentAt: number): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled');
}

interface Answer {
  at: number;
  sentAt: number;
  throttled: boolean;
}

interface Tally {
  answers: number;
  refused: number;
}

interface Cut {
  at: number;
  /** Requests sent from then on are judged again: the overrun has left the source's window. */
  settled: number;
  /** The ceiling before the cut, restored if the cut turns out not to have helped. */
  ceilingBefore: number;
  /** The answers that caused the cut, those to requests sent while the source settled, and after. */
  trigger: Tally;
  settling: Tally;
  after: Tally;
  checked: boolean;
}

export class Pacer {
  private max: number;
  private ceiling = Infinity;
  /** 429s that do not depend on our pace, out of the answers of every check (none yet: unknown). */
  private readonly background: Tally = { answers: 0, refused: 0 };
  private next = -Infinity;
  private holdUntil = -Infinity;
  private readonly recent: Answer[] = [];
  private cut: Cut | undefined;
  private readonly line: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param catchUpMs How late a slot a busy process missed may still go (catchUpWithin the
   *   window the source counts its quota over).
   */
  constructor(
    requestsPerSecond: number,
    private catchUpMs = CATCH_UP_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.max = requestsPerSecond * PACING_HEADROOM;
  }

  /** Requests a second the source is to accept. */
  get currentRate(): number {
    return Math.min(this.max, this.ceiling * PACING_HEADROOM);
  }

  /**
   * Requests a second sent: 429s of the background use none of the quota, so they are sent on
   * top, and the source still accepts `currentRate`; never more than `requestsPerSecond`, the
   * quota as the operator stated it.
   */
  get sendingRate(): number {
    const { answers, refused } = this.background;
    return Math.min(this.currentRate / (1 - (answers ? refused / answers : 0)), this.max / PACING_HEADROOM);
  }

  /** The connection's options changed: its stated rate and the catch-up its quota's window allows. */
  setLimits(requestsPerSecond: number, catchUpMs: number): void {
    this.max = requestsPerSecond * PACING_HEADROOM;
    this.catchUpMs = catchUpMs;
  }

  /** Books the next slot, evenly spaced at the sending rate, never within a hold (bookSlot). */
  reserve(now = this.now(), catchUpMs = 0): number {
    const { at, next } = bookSlot(now, Math.max(this.next, this.holdUntil), 1000 / this.sendingRate, catchUpMs);
    this.next = next;
    return at;
  }

  /**
   * Waits for this request's turn; returns the slot it left in, which its answer is reported
   * with. Requests wait in line and each slot is booked only when it comes, so a cut applies to
   * the very next request; a timer that fires late (a busy process) lets the slots it missed go
   * at once, up to `catchUpMs` of them, so that lateness does not add up.
   */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // After an idle spell the pace starts now, with nothing to catch up.
    if (!this.line.length && !this.timer) this.next = Math.max(this.next, this.now());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      waiter.onAbort = () => {
        const index = this.line.indexOf(waiter);
        if (index >= 0) this.line.splice(index, 1);
        // Nobody left to wait for (a page cancelled): no timer keeps the process up.
        if (!this.line.length && this.timer) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.line.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.line.length) {
      const now = this.now();
      const due = Math.max(now - this.catchUpMs, this.next, this.holdUntil);
      if (due > now) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, due - now);
        return;
      }
      const slot = this.reserve(now, this.catchUpMs);
      const waiter = this.line.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort!);
      waiter.resolve(slot);
    }
  }

  /** The source answered (anything but a rate limit): the request counted against its quota. */
  succeeded(sentAt: number): void {
    const now = this.now();
    this.record(now, sentAt, false);
    if (this.ceiling === Infinity || !this.cut) return;
    this.ceiling += PROBE_STEP * (1 + (now - this.cut.at) / PROBE_ACCELERATION_MS);
    if (this.ceiling * PACING_HEADROOM >= this.max) this.ceiling = Infinity;
  }

  /** The source said "slow down"; `retryAfterMs` is what it asked this request to wait. */
  throttled(sentAt: number, retryAfterMs: number): void {
    const now = this.now();
    this.record(now, sentAt, true);
    const settled = this.cut?.settled ?? -Infinity;
    if (sentAt < settled) return;
    const judged: Tally = { answers: 0, refused: 0 };
    for (const answer of this.recent) {
      if (answer.sentAt < settled) continue;
      judged.answers++;
      if (answer.throttled) judged.refused++;
    }
    if (!this.congested(judged)) return;
    // Still refused after the source settled: its window is still full (a quota per minute), so
    // nothing leaves before the Retry-After it gave.
    if (judged.refused / judged.answers > MOST_REFUSED) this.holdUntil = Math.max(this.holdUntil, now + retryAfterMs);
    // One cut at a time: the next waits until this one is known to have helped or not.
    if (this.cut && !this.cut.checked) return;
    this.decrease(now, judged);
  }

  /**
   * More 429s than the background share explains: by three standard deviations (the spread of
   * the count, and of the share itself while it rests on few answers), and one more.
   */
  private congested({ answers, refused }: Tally): boolean {
    const { answers: seen, refused: background } = this.background;
    const share = seen ? background / seen : 0;
    const expected = share * answers;
    const variance = expected * (1 - share) + (seen ? ((share * (1 - share)) / seen) * answers * answers : 0);
    return refused - expected > 3 * Math.sqrt(variance) + 1;
  }

  private decrease(now: number, trigger: Tally): void {
    const rate = this.currentRate;
    let accepted = 0;
    for (const answer of this.recent) if (!answer.throttled && answer.at > now - WINDOW_MS) accepted++;
    this.cut = {
      at: now,
      settled: Math.max(now, this.holdUntil) + WINDOW_MS,
      ceilingBefore: this.ceiling,
      trigger,
      settling: { answers: 0, refused: 0 },
      after: { answers: 0, refused: 0 },
      checked: false,
    };
    this.ceiling = Math.max((this.max / PACING_HEADROOM) * FLOOR_SHARE, rate * DEEPEST_CUT, Math.min(rate, accepted));
  }

  private record(now: number, sentAt: number, throttled: boolean): void {
    this.recent.push({ at: now, sentAt, throttled });
    let expired = 0;
    while (this.recent.length - expired > WINDOW_ANSWERS && this.recent[expired]!.at <= now - WINDOW_MS) expired++;
    if (expired) this.recent.splice(0, expired);
    const cut = this.cut;
    if (!cut || cut.checked || sentAt < cut.at) return;
    const tally = sentAt < cut.settled ? cut.settling : cut.after;
    tally.answers++;
    if (throttled) tally.refused++;
    if (cut.after.answers >= CHECK_ANSWERS) this.check(cut);
  }

  private check(cut: Cut): void {
    cut.checked = true;
    const { trigger, settling, after } = cut;
    if (after.refused / after.answers > MOST_REFUSED) return;
    const before = { answers: trigger.answers + settling.answers, refused: trigger.refused + settling.refused };
    // Made before the background was known, and the 429s did not become fewer: they were the
    // background, not our pace.
    const needed = this.background.answers > 0 || fewer(after, before);
    this.learn(after);
    if (!needed) this.ceiling = Math.max(this.ceiling, cut.ceilingBefore);
  }

  private learn({ answers, refused }: Tally): void {
    this.background.answers += answers;
    this.background.refused += refused;
    if (this.background.answers > BACKGROUND_MEMORY) {
      this.background.answers /= 2;
      this.background.refused /= 2;
    }
  }
}

/** Whether `a` has a clearly smaller share of 429s than `b` (a two-proportion test, z ≥ 2). */
function fewer(a: Tally, b: Tally): boolean {
  if (!a.answers || !b.answers) return false;
  const pooled = (a.refused + b.refused) / (a.answers + b.answers);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / a.answers + 1 / b.answers));
  return spread > 0 && (b.refused / b.answers - a.refused / a.answers) / spread >= 2;
}
