import { removeScheduler, syncScheduler } from '../../queue/schedulers.js';
import type { Config } from '../../config/index.js';
import { findConnection } from '../../inventory/connections.js';
import { addSchedule, findSchedule, listSchedules, removeSchedule, setSchedulePaused } from '../../inventory/schedules.js';
import { validateSchedule } from '../../schedule/validate.js';
import { withDatabase } from '../context.js';
import { withQueues } from '../queues.js';
import { printJson, table } from '../output.js';

/** With Redis, the BullMQ job scheduler follows a change at once (withQueues); workers re-sync on start too. */
const whereItRuns = (config: Config) => (config.redisUrl ? 'the workers run it' : '`unshadow serve` runs it');

export async function add(name: string, flags: { cron: string; tz: string }): Promise<void> {
  const valid = validateSchedule(flags.cron, flags.tz);
  await withDatabase(async ({ db }, config) => {
    const connection = await findConnection(db, name);
    const schedule = await addSchedule(db, { connectionId: connection.id, cron: valid.cron, timezone: valid.timezone });
    await withQueues(config, (queues) => syncScheduler(queues, schedule));
    process.stdout.write(`Schedule ${schedule.id.slice(0, 8)}: '${connection.name}' at "${schedule.cron}" (${schedule.timezone}); ${whereItRuns(config)}.\n`);
  });
}

export async function list(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const rows = await listSchedules(db);
    if (flags.json) printJson(rows.map((r) => ({ ...r.schedule, connection: r.connection })));
    else process.stdout.write(`${table(['ID', 'Connection', 'Cron', 'Time zone', 'State'], rows.map((r) => [r.schedule.id.slice(0, 8), r.connection, r.schedule.cron, r.schedule.timezone, r.schedule.paused ? 'paused' : 'active']))}\n`);
  });
}

export async function change(verb: 'pause' | 'resume' | 'remove', id: string): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const schedule = await findSchedule(db, id);
    if (verb === 'remove') {
      await removeSchedule(db, schedule.id);
      await withQueues(config, (queues) => removeScheduler(queues, schedule.id));
    } else {
      const paused = verb === 'pause';
      await setSchedulePaused(db, schedule.id, paused);
      await withQueues(config, (queues) => syncScheduler(queues, { ...schedule, paused }));
    }
    process.stdout.write(`Schedule ${schedule.id.slice(0, 8)}: ${verb === 'remove' ? 'removed' : `${verb}d`}.\n`);
  });
}
