import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { queryRows } from '../../src/db/client.js';
import type { Observation } from '../../src/domain/observation.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importObservations } from '../../src/pipeline/import-observations.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';

const matcher = compileMatcher(loadCatalog());

const grant = (key: string, user: string): Observation => ({
  kind: 'oauth_grant',
  key,
  attributes: { provider: 'google', appName: 'ChatGPT', appId: '123-chatgpt.apps.googleusercontent.com', scopes: ['openid', 'email'], user },
});

/**
 * An export is imported in one transaction. On Postgres the AI systems it finds first are
 * created beside it, at once, so that scans finding them meanwhile do not wait for it: a failure
 * after its first batch must still leave none of them behind.
 */
describe.each(DIALECTS)('an export import that fails after its first batch (%s)', (dialect) => {
  it('leaves no observation and no AI system behind, and the audit log says what became of the system', async () => {
    const database = await freshDatabase(dialect);
    try {
      const { db } = database;
      // The database refuses one record of the second batch, as a full disk or a lost connection would.
      await db.execute(sql.raw(`create function refuse_boom() returns trigger language plpgsql as $$
          begin if new.key = 'boom' then raise exception 'disk full'; end if; return new; end $$`));
      await db.execute(sql.raw('create trigger refuse_boom before insert on observations for each row execute function refuse_boom()'));
      const observations = [...Array.from({ length: 1500 }, (_, i) => grant(`g${String(i).padStart(4, '0')}`, `user${i}@corp.example`)), grant('boom', 'last@corp.example')];
      const failure = await importObservations(database, matcher, { kind: 'google-workspace-export', connection: 'tokens', file: 'tokens.json', observations, problems: [] }).then(
        () => 'no error',
        // drizzle wraps the database's error; its message is the cause's
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
      expect(failure).toMatch(/disk full/);

      const [left] = await queryRows<{ observations: number; systems: number; events: number }>(
        db,
        sql`select (select count(*)::int from observations) as observations, (select count(*)::int from ai_systems) as systems, (select count(*)::int from events where type = 'ai_system.discovered') as events`,
      );
      expect(left).toEqual({ observations: 0, systems: 0, events: 0 });
      const history = await queryRows<{ action: string }>(db, sql`select action from audit_log where entity_type = 'ai_system' order by id`);
      // Postgres: created beside the import, then withdrawn with it. PGlite: created in the import's transaction, rolled back with it.
      expect(history.map((entry) => entry.action)).toEqual(dialect === 'postgres' ? ['discovered', 'withdrawn'] : []);
      const [scan] = await queryRows<{ status: string }>(db, sql`select status from scans`);
      expect(scan!.status).toBe('failed');
    } finally {
      await database.dispose();
    }
  });
});
