import { loadCatalog } from '../catalog/load.js';
import { type Config, loadConfig } from '../config/index.js';
import { type Database, openDatabase } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { createLogger, type Logger } from '../log.js';
import { compileMatcher, type Matcher } from '../matcher/index.js';

/** What a command needs, opened once per process and closed on the way out. */
export interface CliContext {
  config: Config;
  log: Logger;
  database: Database;
  catalog: Catalog;
  matcher: Matcher;
}

export async function withDatabase<T>(run: (database: Database, config: Config) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = { ...loadConfig(), ...overrides };
  const database = await openDatabase(config);
  try {
    return await run(database, config);
  } finally {
    await database.close();
  }
}

export async function withContext<T>(run: (context: CliContext) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = { ...loadConfig(), ...overrides };
  // The catalog is checked before the database opens: a bad UNSHADOW_CATALOG fails fast.
  const catalog = loadCatalog(config.catalogPath ? { extraPath: config.catalogPath } : {});
  const matcher = compileMatcher(catalog);
  const database = await openDatabase(config);
  try {
    return await run({ config, log: createLogger(config), database, catalog, matcher });
  } finally {
    await database.close();
  }
}
