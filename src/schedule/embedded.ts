import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/client.js';
import { listSchedules } from '../inventory/schedules.js';
import type { Logger } from '../log.js';

/**
 * Embedded mode (no Redis): the schedules of Postgres as node-cron tasks in this one process.
 * Reloaded every minute so that `schedule add|pause|remove` from another shell takes effect.
 */
export function runEmbeddedSchedules(db: Db, log: Logger, onTick: (scheduleId: string, connectionId: string) => Promise<void>): { stop(): void; reload(): Promise<void> } {
  const tasks = new Map<string, { task: ScheduledTask; signature: string }>();
  const reload = async () => {
    const rows = (await listSchedules(db)).filter((row) => !row.schedule.paused);
    const wanted = new Set(rows.map((row) => row.schedule.id));
    for (const [id, { task }] of tasks) {
      if (!wanted.has(id)) {
        task.stop();
        tasks.delete(id);
      }
    }
    for (const { schedule } of rows) {
      const signature = `${schedule.cron}|${schedule.timezone}`;
      if (tasks.get(schedule.id)?.signature === signature) continue;
      tasks.get(schedule.id)?.task.stop();
      const task = cron.schedule(
        schedule.cron,
        () => {
          onTick(schedule.id, schedule.connectionId).catch((error: unknown) => log.error({ err: error, scheduleId: schedule.id }, 'scheduled scan failed'));
        },
        { timezone: schedule.timezone, name: `schedule_${schedule.id}`, noOverlap: true },
      );
      tasks.set(schedule.id, { task, signature });
    }
  };
  void reload().catch((error: unknown) => log.error({ err: error }, 'could not load schedules'));
  const timer = setInterval(() => void reload().catch((error: unknown) => log.error({ err: error }, 'could not reload schedules')), 60_000);
  return {
    reload,
    stop() {
      clearInterval(timer);
      for (const { task } of tasks.values()) task.stop();
    },
  };
}
