import { z } from 'zod';
import type { Page } from '../../../src/domain/connector.js';
import { graphAll, graphGet, odataFilter, odataString, session, type M365Runtime } from '../graph.js';
import { appRoleAssignmentSchema, appRoleValues, normaliseDirectory, oauth2PermissionGrantSchema, type AppRoleAssignment, type OAuth2PermissionGrant } from '../normalise.js';
import { PERMISSIONS } from '../options.js';
import { servicePrincipalsPage } from './service-principals.js';

/**
 * Stream `grants`: a page of service principals; for each third-party one, its delegated
 * permission grants (user and admin consents) and its application permissions (app role
 * assignments), with consenting users and app role values resolved and cached for the scan.
 * Requests run one after another; a failure fails the whole page (no partial page).
 */

const appRolesSchema = z.looseObject({ appRoles: z.array(z.looseObject({ id: z.string(), value: z.string().nullish() })).nullish() });
const userNameSchema = z.looseObject({ userPrincipalName: z.string().nullish() });

async function userName(runtime: M365Runtime, id: string): Promise<string | null> {
  const cache = session(runtime).userNames;
  if (!cache.has(id)) {
    const user = await graphGet(runtime, `/users/${encodeURIComponent(id)}?$select=userPrincipalName`, userNameSchema, [PERMISSIONS.userNames], { allowNotFound: true });
    cache.set(id, user?.userPrincipalName?.trim() || null);
  }
  return cache.get(id) ?? null;
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
  const grants: OAuth2PermissionGrant[] = [];
  const assignments: AppRoleAssignment[] = [];
  for (const sp of page.thirdParty) {
    const filter = odataFilter(`clientId eq ${odataString(sp.id)}`);
    grants.push(...(await graphAll(runtime, `/oauth2PermissionGrants?$filter=${filter}`, oauth2PermissionGrantSchema, [PERMISSIONS.grants])));
    assignments.push(...(await graphAll(runtime, `/servicePrincipals/${encodeURIComponent(sp.id)}/appRoleAssignments`, appRoleAssignmentSchema, [PERMISSIONS.servicePrincipals])));
  }
  // Resolve what the normaliser cannot know from the records themselves.
  const userNames = new Map<string, string | null>();
  for (const grant of grants) {
    const principalId = grant.principalId?.trim();
    if (grant.consentType === 'Principal' && principalId && !grant.userPrincipalName) userNames.set(principalId, await userName(runtime, principalId));
  }
  const roles = new Map<string, Map<string, string>>();
  for (const assignment of assignments) {
    if (!roles.has(assignment.resourceId.toLowerCase())) roles.set(assignment.resourceId.toLowerCase(), await appRoles(runtime, assignment.resourceId));
  }
  const { observations } = normaliseDirectory(
    { servicePrincipals: page.thirdParty, oauth2PermissionGrants: grants, appRoleAssignments: assignments },
    { tenantId: runtime.options.tenantId, lookups: { userNames, appRoles: roles } },
  );
  return { observations, next: page.next };
}
