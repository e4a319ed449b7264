import type { Db } from '../db/client.js';
import type { Catalog } from '../domain/catalog.js';
import { UserError } from '../domain/errors.js';
import { applicableRequirements } from '../register/requirements.js';
import { suggestRoles } from '../register/roles.js';
import { suggestTier, triagePriority } from '../register/triage.js';
import { controlRecordMap } from './organisation.js';
import { registerEntries } from './register-entries.js';

/** What a reviewer needs to decide: the suggestions beside the decisions, and what ISO 42001 still asks for. */
export async function reviewSheet(db: Db, catalog: Catalog, id: string) {
  const [entry] = await registerEntries(db, catalog, [id]);
  if (!entry) throw new UserError(`no AI system with id '${id}'`, 'Run `unshadow review queue` to see the ids.');
  const roles = suggestRoles(entry);
  const decided = entry.roles ?? roles.roles;
  return { entry, suggestedRoles: roles, suggestedTier: suggestTier(entry), priority: triagePriority(entry), requirements: applicableRequirements(entry, decided, await controlRecordMap(db)) };
}

export type ReviewSheet = Awaited<ReturnType<typeof reviewSheet>>;
