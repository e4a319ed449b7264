import type { Command } from 'commander';

export function defineDb(db: Command): void {
  db.command('migrate')
    .description('bring the database schema up to date (embedded mode does this by itself)')
    .action(async () => (await import('../commands/db.js')).migrate());
}
