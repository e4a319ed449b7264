import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';
import { z } from 'zod';
import { UserError } from '../domain/errors.js';

/**
 * Schedules in words and in time: a plain reading of any cron expression (cronstrue, so every
 * form a person may type reads right, not only the presets), its next runs in its time zone
 * (cron-parser, the parser BullMQ's job schedulers use, so the next run shown is the one the
 * workers keep), and the presets the console offers.
 */

/** "At 06:00, only on Monday (Europe/London)". */
export function describeCron(cron: string, timezone: string): string {
  let text: string;
  try {
    text = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return `${cron} (${timezone})`;
  }
  // A time alone reads as if something were missing: say it is every day.
  if (/^At \d\d:\d\d$/.test(text)) text += ', every day';
  return `${text} (${timezone})`;
}

/** The next `count` runs after `from`, in the expression's time zone. */
export function nextRuns(cron: string, timezone: string, from: Date = new Date(), count = 1): Date[] {
  const expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: from });
  return expression.take(count).map((run) => run.toDate());
}

export const PRESETS = ['daily', 'weekdays', 'weekly', 'monthly'] as const;
export type Preset = (typeof PRESETS)[number];

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/**
 * A preset as the console's form and `schedule add --preset` give it. A monthly run stops at
 * the 28th, which every month has.
 */
export const presetSchema = z.strictObject({
  preset: z.enum(PRESETS),
  at: z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 06:00'),
  weekday: z.enum(WEEKDAYS).optional(),
  dayOfMonth: z.coerce.number().int().min(1, 'expected a day from 1 to 28').max(28, 'expected a day from 1 to 28 (every month has one)').optional(),
});
export type PresetInput = z.infer<typeof presetSchema>;

/** The cron expression of a preset: weekly on Monday 06:00 is "0 6 * * 1". */
export function presetCron(input: PresetInput): string {
  const [hour, minute] = input.at.split(':').map(Number) as [number, number];
  const time = `${minute} ${hour}`;
  switch (input.preset) {
    case 'daily':
      return `${time} * * *`;
    case 'weekdays':
      return `${time} * * 1-5`;
    case 'weekly':
      if (!input.weekday) throw new UserError('a weekly schedule needs the day of the week', 'Give one of: monday, tuesday, … sunday.');
      return `${time} * * ${WEEKDAYS.indexOf(input.weekday)}`;
    case 'monthly':
      if (!input.dayOfMonth) throw new UserError('a monthly schedule needs the day of the month', 'Give a day from 1 to 28.');
      return `${time} ${input.dayOfMonth} * *`;
  }
}
