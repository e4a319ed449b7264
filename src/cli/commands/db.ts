import type { Command } from 'commander';
import { withDatabase } from '../context.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('bring the database schema up to date (embedded mode does this by itself)')
    .action(async () => {
      await withDatabase(async (database) => {
        process.stdout.write(`Database schema at ${database.location} is up to date.\n`);
      });
    });
}
