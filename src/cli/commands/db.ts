import { withDatabase } from '../context.js';

export async function migrate(): Promise<void> {
  await withDatabase(async (database) => {
    process.stdout.write(`Database schema at ${database.location} is up to date.\n`);
  });
}
