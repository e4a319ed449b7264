import { asc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { connections, schedules } from '../db/schema.js';
import { UserError } from '../domain/errors.js';

export type ScheduleRow = typeof schedules.$inferSelect;

export async function addSchedule(db: Db, values: { connectionId: string; cron: string; timezone: string }): Promise<ScheduleRow> {
  const [row] = await db.insert(schedules).values(values).returning();
  return row!;
}

export async function listSchedules(db: Db) {
  return db
    .select({ schedule: schedules, connection: connections.name, kind: connections.kind })
    .from(schedules)
    .innerJoin(connections, eq(connections.id, schedules.connectionId))
    .orderBy(asc(connections.name), asc(schedules.createdAt));
}

/** By id or its first 8 characters, as `schedule list` shows it. */
export async function findSchedule(db: Db, idOrPrefix: string): Promise<ScheduleRow> {
  const rows = (await db.select().from(schedules)).filter((row) => row.id.startsWith(idOrPrefix.toLowerCase()));
  if (rows.length !== 1 || idOrPrefix.length < 4) throw new UserError(`no schedule with id '${idOrPrefix}'`, 'Run `unshadow schedule list` to see the ids.');
  return rows[0]!;
}

export async function setSchedulePaused(db: Db, id: string, paused: boolean): Promise<void> {
  await db.update(schedules).set({ paused }).where(eq(schedules.id, id));
}

export async function removeSchedule(db: Db, id: string): Promise<void> {
  await db.delete(schedules).where(eq(schedules.id, id));
}

export interface ScheduledRun {
  scanId: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

/** The last scan each schedule started (its trigger names the schedule), by schedule id. */
export async function lastScheduledRuns(db: Db): Promise<Map<string, ScheduledRun>> {
  const rows = await queryRows<{ trigger: string; id: string; status: string; started_at: string | Date; finished_at: string | Date | null }>(
    db,
    sql`select distinct on (trigger) trigger, id, status, started_at, finished_at from scans where trigger like 'schedule:%' order by trigger, started_at desc`,
  );
  return new Map(
    rows.map((row) => [
      row.trigger.slice('schedule:'.length),
      { scanId: row.id, status: row.status, startedAt: new Date(row.started_at).toISOString(), finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null },
    ]),
  );
}
