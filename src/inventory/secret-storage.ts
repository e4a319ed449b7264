import { like, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alertRules, connections } from '../db/schema.js';
import { isLegacyCiphertext, upgradeCiphertext } from '../secrets/index.js';

/**
 * Ciphertexts written before secrets were salted and bound to their row (enc:v1) are rewritten
 * in the current form the first time a process with the key opens the database. Rows already
 * upgraded are not touched; the two tables are small.
 */
export async function upgradeStoredSecrets(db: Db, secretKey: string): Promise<number> {
  let upgraded = 0;
  for (const [name, table] of [['connections', connections], ['alert_rules', alertRules]] as const) {
    const rows = await db.select({ id: table.id, secrets: table.secrets }).from(table).where(like(sql`${table.secrets}::text`, '%enc:v1:%'));
    for (const row of rows) {
      const secrets = Object.fromEntries(Object.entries(row.secrets).map(([option, stored]) => [option, inCurrentForm(stored, secretKey, { table: name, id: row.id, option })]));
      await db.update(table).set({ secrets }).where(sql`${table.id} = ${row.id}`);
      upgraded++;
    }
  }
  return upgraded;
}

/** A value this key cannot decrypt stays as it is: using it says what to fix, this pass does not. */
function inCurrentForm(stored: string, secretKey: string, slot: { table: 'connections' | 'alert_rules'; id: string; option: string }): string {
  if (!isLegacyCiphertext(stored)) return stored;
  try {
    return upgradeCiphertext(stored, secretKey, slot);
  } catch {
    return stored;
  }
}
