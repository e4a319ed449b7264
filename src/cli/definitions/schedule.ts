import type { Command } from 'commander';

const actions = () => import('../commands/schedule.js');

export function defineSchedule(schedule: Command): void {
  schedule
    .command('add <connection>')
    .description('scan a connection on a cron schedule')
    .requiredOption('--cron <expression>', 'when, e.g. "0 3 * * *" for 03:00 every day')
    .option('--tz <zone>', 'time zone of the expression, e.g. Europe/Berlin', 'UTC')
    .action(async (name: string, flags: { cron: string; tz: string }) => (await actions()).add(name, flags));
  schedule
    .command('list')
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
