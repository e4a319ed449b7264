import cron from 'node-cron';
import { UserError } from '../domain/errors.js';

/** A cron expression and time zone a person typed, checked before anything is stored. */
export function validateSchedule(expression: string, timezone: string): { cron: string; timezone: string } {
  const trimmed = expression.trim().replace(/\s+/g, ' ');
  if (!cron.validate(trimmed)) {
    throw new UserError(
      `'${expression}' is not a valid cron expression`,
      'Use five fields (minute hour day-of-month month day-of-week), optionally a leading seconds field: "0 3 * * *" is every day at 03:00.',
    );
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new UserError(`'${timezone}' is not a known time zone`, 'Use an IANA name such as UTC, Europe/Berlin or America/New_York.');
  }
  return { cron: trimmed, timezone };
}
