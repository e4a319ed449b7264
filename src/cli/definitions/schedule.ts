import type { Command } from 'commander';

const actions = () => import('../commands/schedule.js');

export function defineSchedule(schedule: Command): void {
  schedule
    .command('add <connection>')
    .description('scan a connection on a schedule: a preset (--preset weekly --at 06:00 --on monday) or a cron expression (--cron)')
    .option('--preset <preset>', 'daily, weekdays (Monday to Friday), weekly (with --on <weekday>) or monthly (with --on <day 1-28>)')
    .option('--at <time>', 'with --preset: the time of day, e.g. 06:00', '06:00')
    .option('--on <day>', 'with --preset weekly: monday … sunday; with monthly: a day of the month, 1 to 28')
    .option('--cron <expression>', 'instead of a preset: five cron fields, e.g. "0 3 * * *" for 03:00 every day')
    .option('--tz <zone>', "the time zone, e.g. Europe/Berlin (default: this machine's)")
    .action(async (name: string, flags: { preset?: string; at: string; on?: string; cron?: string; tz?: string }) => (await actions()).add(name, flags));
  schedule
    .command('list')
    .description('the schedules in words, with their next and last run')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).list(flags));
  schedule
    .command('pause <id>')
    .description('stop a schedule without removing it')
    .action(async (id: string) => (await actions()).change('pause', id));
  schedule
    .command('resume <id>')
    .description('start a paused schedule again')
    .action(async (id: string) => (await actions()).change('resume', id));
  schedule
    .command('remove <id>')
    .description('delete a schedule')
    .action(async (id: string) => (await actions()).change('remove', id));
}
