import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
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
