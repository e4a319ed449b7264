import { removeScheduler, syncScheduler } from '../../queue/schedulers.js';
import type { Config } from '../../config/index.js';
import { findConnection } from '../../inventory/connections.js';
import { UserError } from '../../domain/errors.js';
import { SCAN_STATUS_LABELS, words } from '../../domain/words.js';
import { addSchedule, findSchedule, removeSchedule, setSchedulePaused } from '../../inventory/schedules.js';
import { describeCron, presetCron, presetSchema } from '../../schedule/describe.js';
import { validateSchedule } from '../../schedule/validate.js';
import { scheduleViews } from '../../schedule/view.js';
import { withDatabase } from '../context.js';
import { withQueues } from '../queues.js';
import { printJson, table } from '../output.js';

/** With Redis, the BullMQ job scheduler follows a change at once (withQueues); workers re-sync on start too. */
const whereItRuns = (config: Config) => (config.redisUrl ? 'the workers run it' : '`unshadow serve` runs it');

/** The cron expression a person asked for: a preset with its time and day, or the expression itself. */
function cronOf(flags: { preset?: string; at: string; on?: string; cron?: string }): string {
  if ((flags.preset === undefined) === (flags.cron === undefined)) throw new UserError('give either --preset or --cron', 'e.g. `--preset weekly --at 06:00 --on monday`, or `--cron "0 6 * * 1"`.');
  if (flags.cron !== undefined) return flags.cron;
  const day = flags.on?.trim().toLowerCase();
  const preset = presetSchema.safeParse({ preset: flags.preset, at: flags.at, ...(flags.preset === 'weekly' ? { weekday: day } : {}), ...(flags.preset === 'monthly' ? { dayOfMonth: day } : {}) });
  if (!preset.success) {
    const issue = preset.error.issues[0]!;
    const flag = { preset: '--preset', at: '--at', weekday: '--on', dayOfMonth: '--on' }[String(issue.path[0])] ?? '--preset';
    throw new UserError(`${flag}: ${issue.code === 'invalid_value' ? `expected one of ${(issue as { values?: unknown[] }).values?.join(', ')}` : issue.message}`, 'Presets: daily, weekdays, weekly (--on monday … sunday), monthly (--on 1 … 28), each with --at HH:MM.');
  }
  return presetCron(preset.data);
}

export async function add(name: string, flags: { preset?: string; at: string; on?: string; cron?: string; tz?: string }): Promise<void> {
  const valid = validateSchedule(cronOf(flags), flags.tz ?? localTimeZone());
  await withDatabase(async ({ db }, config) => {
    const connection = await findConnection(db, name);
    const schedule = await addSchedule(db, { connectionId: connection.id, cron: valid.cron, timezone: valid.timezone });
    await withQueues(config, (queues) => syncScheduler(queues, schedule));
    const next = (await scheduleViews(db)).find((view) => view.id === schedule.id)?.nextRunAt;
    process.stdout.write(
      `Schedule ${schedule.id.slice(0, 8)}: '${connection.name}' ${describeCron(schedule.cron, schedule.timezone)}${next ? `; next run ${when(new Date(next))}` : ''}; ${whereItRuns(config)}.\n`,
    );
  });
}

/** This machine's zone, as the console takes the browser's. */
function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "2026-12-07 06:00 UTC". */
const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export async function list(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const views = await scheduleViews(db);
    if (flags.json) return printJson(views);
    if (views.length === 0) return void process.stdout.write('No schedules yet. Add one with `unshadow schedule add <connection> --preset weekly --at 06:00 --on monday`.\n');
    process.stdout.write(
      `${table(
        ['ID', 'Connection', 'When', 'Next run', 'Last run', 'State'],
        views.map((view) => [
          view.id.slice(0, 8),
          view.connection,
          view.reading,
          view.nextRunAt ? when(new Date(view.nextRunAt)) : '—',
          view.lastRun ? `${words(SCAN_STATUS_LABELS, view.lastRun.status).toLowerCase()}, ${when(new Date(view.lastRun.startedAt))}` : 'not yet',
          view.paused ? 'paused' : 'active',
        ]),
      )}\n`,
    );
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
