import { createRoute, z } from '@hono/zod-openapi';
import { UserError } from '../../domain/errors.js';
import { findConnection } from '../../inventory/connections.js';
import { addSchedule, findSchedule, removeSchedule, setSchedulePaused } from '../../inventory/schedules.js';
import { describeCron, nextRuns, presetCron, PRESETS, presetSchema, WEEKDAYS } from '../../schedule/describe.js';
import { validateSchedule } from '../../schedule/validate.js';
import { scheduleViews } from '../../schedule/view.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, idParam, noBody, ok } from '../openapi.js';

const admin = { ...access('admin'), middleware: requireRole('admin') };

/** When: a cron expression, or a preset with its time (and day); never both. */
const whenFields = {
  cron: z.string().min(1).max(200).optional(),
  preset: z.enum(PRESETS).optional(),
  at: z.string().max(5).optional(),
  weekday: z.enum(WEEKDAYS).optional(),
  dayOfMonth: z.coerce.number().int().optional(),
  timezone: z.string().min(1).max(100).default('UTC'),
};

/** The cron expression and zone a request names, checked: what would be stored. */
function resolveWhen(input: { cron?: string | undefined; preset?: string | undefined; at?: string | undefined; weekday?: string | undefined; dayOfMonth?: number | undefined; timezone: string }) {
  if ((input.cron === undefined) === (input.preset === undefined)) throw new UserError('give either a cron expression or a preset', `Presets: ${PRESETS.join(', ')}, each with a time ("at": "06:00").`);
  let cron = input.cron;
  if (cron === undefined) {
    const preset = presetSchema.safeParse({ preset: input.preset, at: input.at, weekday: input.weekday, dayOfMonth: input.dayOfMonth });
    if (!preset.success) throw new UserError(`invalid preset: ${preset.error.issues[0]?.message ?? 'malformed'}`, 'A preset needs a time such as 06:00; weekly also a weekday, monthly a day from 1 to 28.');
    cron = presetCron(preset.data);
  }
  return validateSchedule(cron, input.timezone);
}

/** The next three runs; none for an expression node-cron takes and cron-parser cannot follow (it still runs). */
function upcoming(cron: string, timezone: string): string[] {
  try {
    return nextRuns(cron, timezone, new Date(), 3).map((run) => run.toISOString());
  } catch {
    return [];
  }
}

const scheduleSchema = z
  .object({
    id: z.string(),
    connection: z.string(),
    cron: z.string(),
    timezone: z.string(),
    paused: z.boolean(),
    reading: z.string(),
    nextRunAt: z.string().nullable(),
    lastRun: z.object({ scanId: z.string(), status: z.string(), startedAt: z.string(), finishedAt: z.string().nullable() }).nullable(),
  })
  .passthrough()
  .openapi('Schedule');

/** Recurring scans: in words, with their next and last run; admins add them from a preset or a cron expression. */
export function scheduleRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/api/schedules', summary: 'Recurring scans, each in words with its next and last run', ...access('viewer'), responses: ok(z.object({ items: z.array(scheduleSchema) }), 'Schedules') }),
    async (c) => c.json({ items: await scheduleViews(deps.db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/schedules/preview',
      summary: 'What a schedule would be: its cron expression, its reading in words and its next runs (nothing is stored)',
      ...access('viewer'),
      request: { query: z.object(whenFields) },
      responses: ok(z.object({ cron: z.string(), timezone: z.string(), reading: z.string(), nextRuns: z.array(z.string()) }), 'The schedule in words'),
    }),
    async (c) => {
      const valid = resolveWhen(c.req.valid('query'));
      return c.json({ ...valid, reading: describeCron(valid.cron, valid.timezone), nextRuns: upcoming(valid.cron, valid.timezone) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/schedules',
      summary: 'Scan a connection on a schedule: a preset (daily, weekdays, weekly, monthly, with a time) or a cron expression',
      ...admin,
      request: { body: { content: { 'application/json': { schema: z.strictObject({ connection: z.string().min(1), ...whenFields }).openapi('NewSchedule') } }, required: true } },
      responses: ok(scheduleSchema, 'The schedule'),
    }),
    async (c) => {
      const input = c.req.valid('json');
      const valid = resolveWhen(input);
      const connection = await findConnection(deps.db, input.connection);
      const schedule = await addSchedule(deps.db, { connectionId: connection.id, cron: valid.cron, timezone: valid.timezone });
      await deps.scheduleChanged(schedule);
      const view = (await scheduleViews(deps.db)).find((row) => row.id === schedule.id)!;
      return c.json(view, 200);
    },
  );
  for (const verb of ['pause', 'resume'] as const) {
    app.openapi(createRoute({ method: 'post', path: `/api/schedules/{id}/${verb}`, summary: `${verb} a schedule`, ...admin, request: { params: idParam, ...noBody }, responses: { 204: { description: 'Done' } } }), async (c) => {
      const schedule = await findSchedule(deps.db, c.req.valid('param').id);
      await setSchedulePaused(deps.db, schedule.id, verb === 'pause');
      await deps.scheduleChanged({ ...schedule, paused: verb === 'pause' });
      return c.body(null, 204);
    });
  }
  app.openapi(createRoute({ method: 'delete', path: '/api/schedules/{id}', summary: 'Remove a schedule', ...admin, request: { params: idParam, ...noBody }, responses: { 204: { description: 'Removed' } } }), async (c) => {
    const schedule = await findSchedule(deps.db, c.req.valid('param').id);
    await removeSchedule(deps.db, schedule.id);
    await deps.scheduleChanged(schedule, true);
    return c.body(null, 204);
  });
}
