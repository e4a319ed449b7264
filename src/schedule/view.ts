import type { Db } from '../db/client.js';
import { lastScheduledRuns, listSchedules, type ScheduledRun, type ScheduleRow } from '../inventory/schedules.js';
import { describeCron, nextRuns } from './describe.js';

/** A schedule as the CLI, the API and the console show it: in words, with its next and last run. */
export interface ScheduleView {
  id: string;
  connectionId: string;
  connection: string;
  cron: string;
  timezone: string;
  paused: boolean;
  createdAt: string;
  /** "At 06:00, only on Monday (Europe/London)". */
  reading: string;
  /** When it runs next; null while paused. */
  nextRunAt: string | null;
  lastRun: ScheduledRun | null;
}

function nextRunOf(schedule: ScheduleRow, now: Date): string | null {
  if (schedule.paused) return null;
  try {
    return nextRuns(schedule.cron, schedule.timezone, now)[0]?.toISOString() ?? null;
  } catch {
    // node-cron accepted it when it was added; an expression cron-parser cannot follow has no date to show.
    return null;
  }
}

export async function scheduleViews(db: Db, now: Date = new Date()): Promise<ScheduleView[]> {
  const [rows, last] = await Promise.all([listSchedules(db), lastScheduledRuns(db)]);
  return rows.map(({ schedule, connection }) => ({
    id: schedule.id,
    connectionId: schedule.connectionId,
    connection,
    cron: schedule.cron,
    timezone: schedule.timezone,
    paused: schedule.paused,
    createdAt: schedule.createdAt.toISOString(),
    reading: describeCron(schedule.cron, schedule.timezone),
    nextRunAt: nextRunOf(schedule, now),
    lastRun: last.get(schedule.id) ?? null,
  }));
}

/** Each schedule's reading by id: what a scan's `schedule:<id>` trigger says in words. */
export async function scheduleReadings(db: Db): Promise<Map<string, string>> {
  return new Map((await listSchedules(db)).map(({ schedule }) => [schedule.id, describeCron(schedule.cron, schedule.timezone)]));
}
