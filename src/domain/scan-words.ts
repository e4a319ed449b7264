import { COUNT_LABELS } from './words.js';

/**
 * A scan in the words people read, for the CLI, the API (which hands them to the console) and
 * alerts alike: what it counted, what started it, how its retries stand, how long things take.
 * Pure; the clock is a parameter.
 */

const number = new Intl.NumberFormat('en');

/**
 * "3 new AI systems, 1,200 records, 34 flagged as AI": known counts in their order, others after,
 * spelt out. Zero counts are left out, except new AI systems, which are said even when none.
 */
export function countsWords(counts: Record<string, unknown>): string {
  const said = (key: string) => typeof counts[key] === 'number' && (counts[key] !== 0 || key === 'systemsNew');
  const known = Object.keys(COUNT_LABELS).filter(said);
  const other = Object.keys(counts)
    .filter((key) => said(key) && !(key in COUNT_LABELS))
    .sort();
  return [...known, ...other]
    .map((key) => {
      const n = counts[key] as number;
      const label = COUNT_LABELS[key];
      const words = label ? (n === 1 ? label.one : label.many) : key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      return `${number.format(n)} ${words}`;
    })
    .join(', ');
}

/**
 * What started a scan: `schedule:<id>` as the schedule's reading ("scheduled: Mondays at 06:00,
 * Europe/London"), `api:<name>` and `cli:<name>` as the person, never an id.
 */
export function triggerWords(trigger: string, schedules: ReadonlyMap<string, string> = new Map()): string {
  const [kind, ...rest] = trigger.split(':');
  const name = rest.join(':');
  switch (kind) {
    case 'schedule': {
      const reading = schedules.get(name);
      return reading ? `scheduled: ${reading}` : 'scheduled (the schedule was removed since)';
    }
    case 'api':
      return name ? `started by ${name}` : 'started from the API';
    case 'cli':
      return name ? `started by ${name} (command line)` : 'started from the command line';
    case 'import':
      return 'file import';
    case 'manual':
      return 'started by hand';
    default:
      return trigger.replace(/_/g, ' ');
  }
}

/** 10 → "10 s", 75 → "1 min 15 s", 7200 → "2 h": a wait as people read it. */
export function waitWords(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export interface RetryState {
  attempt: number;
  attempts: number;
  nextAt: string;
  cause: string;
}

/**
 * "retrying, attempt 4 of 8, next in 10 s" while the wait lasts, "retrying, attempt 4 of 8"
 * once the attempt runs; nothing for a scan that is not waiting on a retry.
 */
export function retryWords(retry: RetryState | null | undefined, status: string, now: Date = new Date()): string | undefined {
  if (!retry || status !== 'running') return undefined;
  const left = Date.parse(retry.nextAt) - now.getTime();
  return `retrying, attempt ${retry.attempt} of ${retry.attempts}${left > 500 ? `, next in ${waitWords(left)}` : ''}`;
}

/** An alert rule's cooldown: "24 hours", "7 days", "none". */
export function cooldownWords(seconds: number): string {
  if (!seconds) return 'none';
  const unit = (n: number, one: string) => `${number.format(n)} ${one}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0 && seconds >= 2 * 86_400) return unit(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}
