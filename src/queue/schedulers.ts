import type { Db } from '../db/client.js';
import { listSchedules, type ScheduleRow } from '../inventory/schedules.js';
import type { Queues } from './jobs.js';

/**
 * Schedules live in Postgres; in distributed mode each becomes a BullMQ job scheduler with a
 * deterministic id. However many workers upsert it, BullMQ produces one job per tick, which is
 * what makes "exactly one scan per tick" hold across processes and machines.
 */
export const schedulerId = (scheduleId: string) => `schedule_${scheduleId}`;

export async function syncScheduler(queues: Queues, schedule: ScheduleRow): Promise<void> {
  const queue = queues.get('scan');
  if (schedule.paused) {
    await queue.removeJobScheduler(schedulerId(schedule.id));
    return;
  }
  await queue.upsertJobScheduler(
    schedulerId(schedule.id),
    { pattern: schedule.cron, tz: schedule.timezone },
    { name: 'schedule.tick', data: { scheduleId: schedule.id }, opts: { attempts: 3, removeOnComplete: { count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } } },
  );
}

export async function removeScheduler(queues: Queues, scheduleId: string): Promise<void> {
  await queues.get('scan').removeJobScheduler(schedulerId(scheduleId));
}

/** Brings Redis in line with Postgres: after a Redis without persistence restarts, schedules come back. */
export async function syncAllSchedulers(db: Db, queues: Queues): Promise<number> {
  const rows = await listSchedules(db);
  const wanted = new Set(rows.filter((row) => !row.schedule.paused).map((row) => schedulerId(row.schedule.id)));
  for (const row of rows) await syncScheduler(queues, row.schedule);
  for (const existing of await queues.get('scan').getJobSchedulers()) {
    if (existing.key.startsWith('schedule_') && !wanted.has(existing.key)) await queues.get('scan').removeJobScheduler(existing.key);
  }
  return wanted.size;
}
