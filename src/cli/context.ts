import { type Config, loadConfig } from '../config/index.js';
import { type Database, type OpenOptions, openDatabase } from '../db/client.js';
import { upgradeStoredSecrets } from '../inventory/secret-storage.js';
import { installOutboundGuard } from '../outbound/guard.js';
import type { Catalog } from '../domain/catalog.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';

/** What a command needs, opened once per process and closed on the way out. */
export interface CliContext {
  config: Config;
  log: Logger;
  database: Database;
  catalog: Catalog;
  matcher: Matcher;
}

/** The database with its stored secrets brought to the current form (when this process has the key). */
async function open(config: Config, options: OpenOptions = {}): Promise<Database> {
  const database = await openDatabase(config, options);
  if (config.secretKey) {
    try {
      await upgradeStoredSecrets(database.db, config.secretKey);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/** For a command that reads or changes a few rows and exits: the database opens brief (see OpenOptions). */
export async function withDatabase<T>(run: (database: Database, config: Config) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = { ...loadConfig(), ...overrides };
  installOutboundGuard(config.networkPolicy);
  const database = await open(config, { brief: true });
  try {
    return await run(database, config);
  } finally {
    await database.close();
  }
}

export async function withContext<T>(run: (context: CliContext) => Promise<T>, overrides: Partial<Config> = {}, options: OpenOptions = {}): Promise<T> {
  const config = { ...loadConfig(), ...overrides };
  // Every request this process makes (connectors, alerts) goes only where the operator allows.
  installOutboundGuard(config.networkPolicy);
  // Loaded here, not with this module: commands that only read the database (withDatabase) never need them.
  const [{ loadCatalog }, { compileMatcher }, { createLogger }] = await Promise.all([import('../catalog/load.js'), import('../matcher/index.js'), import('../log.js')]);
  // The catalog is checked before the database opens: a bad UNSHADOW_CATALOG fails fast.
  const catalog = loadCatalog(config.catalogPath ? { extraPath: config.catalogPath } : {});
  const matcher = compileMatcher(catalog);
  const database = await open(config, options);
  try {
    return await run({ config, log: createLogger(config), database, catalog, matcher });
  } finally {
    await database.close();
  }
}
