import { z } from 'zod';
import type { Page } from '../../../src/domain/connector.js';
import { mapConcurrent } from '../../../src/domain/map-concurrent.js';
import { graphAll, graphGet, odataFilter, odataString, session, type DirectoryUser, type M365Runtime } from '../graph.js';
import {
  appRoleAssignmentSchema,
  appRoleValues,
  isInventoried,
  normaliseDirectory,
  oauth2PermissionGrantSchema,
  type AppRoleAssignment,
  type OAuth2PermissionGrant,
} from '../normalise.js';
import { PERMISSIONS } from '../options.js';
import { servicePrincipalsPage } from './service-principals.js';

/**
 * Stream `grants`: a page of service principals; for each inventoried one (third-party apps and
 * Microsoft's own, not the tenant's own), its delegated permission grants (user and admin
 * consents), its application permissions, and — for apps that require assignment — the users
 * and groups assigned to it. Consenting users are resolved to names and account states; a
 * tenant-wide grant carries the tenant's user count. Each request that fails is repeated alone
 * (graphGet), so the page completes without re-sending the ones that worked.
 */

const appRolesSchema = z.looseObject({ appRoles: z.array(z.looseObject({ id: z.string(), value: z.string().nullish() })).nullish() });
const userSchema = z.looseObject({ userPrincipalName: z.string().nullish(), accountEnabled: z.boolean().nullish() });
const directorySchema = z.looseObject({ id: z.string(), userPrincipalName: z.string().nullish(), accountEnabled: z.boolean().nullish() });

/**
 * Above this many users to name, one paged listing of the directory (999 a request) is cheaper
 * than one lookup each; it is kept for the rest of the scan job.
 */
export const DIRECTORY_LISTING_THRESHOLD = 50;

/**
 * Apps whose grants are read at once, each app's grants and application permissions at the same
 * time: sixty requests, three JSON batches in flight (graph.ts), so that a slow answer to one
 * does not leave the connection idle. One request at a time, 10,000 apps took 40 minutes of
 * round trips. Graph's identity limit for a large tenant (8,000 resource units per 10 s, each
 * request here costing 2) counts each member; three batches of twenty at real round trips of
 * 200-400 ms stay well below it, and a throttled member is repeated alone.
 */
const APPS_AT_ONCE = 30;

const BATCHED = { batch: true } as const;

/** Users looked up at once when too few are needed to list the directory: one batch. */
const USERS_AT_ONCE = 20;

const toDirectoryUser = (user: { userPrincipalName?: string | null | undefined; accountEnabled?: boolean | null | undefined }): DirectoryUser => ({
  userPrincipalName: user.userPrincipalName?.trim() || null,
  enabled: user.accountEnabled !== false,
});

async function loadDirectory(runtime: M365Runtime): Promise<Map<string, DirectoryUser>> {
  const current = session(runtime);
  if (!current.directory) {
    const users = await graphAll(runtime, '/users?$select=id,userPrincipalName,accountEnabled&$top=999', directorySchema, [PERMISSIONS.userNames]);
    current.directory = new Map(users.map((user) => [user.id, toDirectoryUser(user)]));
    current.userCount = current.directory.size;
  }
  return current.directory;
}

/** The users behind principal ids: from the directory listing, or looked up one by one when few. */
async function users(runtime: M365Runtime, ids: Set<string>): Promise<Map<string, DirectoryUser | null>> {
  const current = session(runtime);
  const unknown = [...ids].filter((id) => !current.userNames.has(id) && !current.directory?.has(id));
  if (current.directory || unknown.length > DIRECTORY_LISTING_THRESHOLD) {
    const directory = await loadDirectory(runtime);
    return new Map([...ids].map((id) => [id, directory.get(id) ?? null]));
  }
  await mapConcurrent(
    [...ids].filter((id) => !current.userNames.has(id)),
    USERS_AT_ONCE,
    async (id) => {
      const user = await graphGet(runtime, `/users/${encodeURIComponent(id)}?$select=userPrincipalName,accountEnabled`, userSchema, [PERMISSIONS.userNames], { allowNotFound: true, batch: true });
      current.userNames.set(id, user ? (user.userPrincipalName?.trim() || null) : null);
      if (user?.accountEnabled === false) current.disabledUsers.add(id);
    },
  );
  const found = new Map<string, DirectoryUser | null>();
  for (const id of ids) {
    const name = current.userNames.get(id) ?? null;
    found.set(id, name === null && !current.disabledUsers.has(id) ? null : { userPrincipalName: name, enabled: !current.disabledUsers.has(id) });
  }
  return found;
}

/** How many users the tenant has: the reach of a consent made for all of them. */
async function tenantUsers(runtime: M365Runtime): Promise<number> {
  const current = session(runtime);
  current.userCount ??= await graphGet(runtime, '/users/$count', z.coerce.number().int().nonnegative(), [PERMISSIONS.userNames], { headers: { ConsistencyLevel: 'eventual' } });
  return current.userCount;
}

async function appRoles(runtime: M365Runtime, resourceId: string): Promise<Map<string, string>> {
  const cache = session(runtime).appRoles;
  const key = resourceId.toLowerCase();
  let roles = cache.get(key);
  if (!roles) {
    const resource = await graphGet(runtime, `/servicePrincipals/${encodeURIComponent(resourceId)}?$select=id,appRoles`, appRolesSchema, [PERMISSIONS.servicePrincipals], { allowNotFound: true });
    roles = appRoleValues({ appRoles: resource?.appRoles ?? [] });
    cache.set(key, roles);
  }
  return roles;
}

export async function fetchGrantsPage(runtime: M365Runtime, cursor: unknown): Promise<Page> {
  const page = await servicePrincipalsPage(runtime, cursor);
  const apps = page.items.filter((sp) => isInventoried(sp, runtime.options.tenantId));
  const perApp = await mapConcurrent(apps, APPS_AT_ONCE, async (sp) => {
    const filter = odataFilter(`clientId eq ${odataString(sp.id)}`);
    const [appGrants, appAssignments, assignedTo] = await Promise.all([
      graphAll(runtime, `/oauth2PermissionGrants?$filter=${filter}`, oauth2PermissionGrantSchema, [PERMISSIONS.grants], BATCHED),
      graphAll(runtime, `/servicePrincipals/${encodeURIComponent(sp.id)}/appRoleAssignments`, appRoleAssignmentSchema, [PERMISSIONS.servicePrincipals], BATCHED),
      // Apps that require assignment list their people here, whatever the consents say.
      sp.appRoleAssignmentRequired ? graphAll(runtime, `/servicePrincipals/${encodeURIComponent(sp.id)}/appRoleAssignedTo`, appRoleAssignmentSchema, [PERMISSIONS.servicePrincipals], BATCHED) : [],
    ]);
    return { appGrants, appAssignments: [...appAssignments, ...assignedTo] };
  });
  const grants: OAuth2PermissionGrant[] = perApp.flatMap((app) => app.appGrants);
  const assignments: AppRoleAssignment[] = perApp.flatMap((app) => app.appAssignments);
  // Resolve what the normaliser cannot know from the records themselves.
  const principals = new Set<string>();
  for (const grant of grants) if (grant.consentType === 'Principal' && grant.principalId?.trim() && !grant.userPrincipalName) principals.add(grant.principalId.trim());
  for (const assignment of assignments) if (assignment.principalType === 'User') principals.add(assignment.principalId);
  const people = await users(runtime, principals);
  const userNames = new Map([...people].map(([id, user]) => [id, user?.userPrincipalName ?? null]));
  const disabledUsers = new Set([...people].filter(([, user]) => user && !user.enabled).map(([id]) => id));
  const roles = new Map<string, Map<string, string>>();
  for (const assignment of assignments) {
    if (assignment.principalType === 'User' || assignment.principalType === 'Group') continue;
    if (!roles.has(assignment.resourceId.toLowerCase())) roles.set(assignment.resourceId.toLowerCase(), await appRoles(runtime, assignment.resourceId));
  }
  const tenantWide = grants.some((grant) => grant.consentType === 'AllPrincipals') || assignments.some((a) => a.principalType === 'ServicePrincipal');
  const { observations } = normaliseDirectory(
    { servicePrincipals: apps, oauth2PermissionGrants: grants, appRoleAssignments: assignments },
    { tenantId: runtime.options.tenantId, lookups: { userNames, disabledUsers, appRoles: roles, ...(tenantWide ? { tenantUsers: await tenantUsers(runtime) } : {}) } },
  );
  return { observations, next: page.next };
}
