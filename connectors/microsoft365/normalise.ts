import { z } from 'zod';
import type { Observation } from '../../src/domain/observation.js';
import { rateScopes } from '../../src/domain/scope-exposure.js';

/**
 * Pure normalisation of Microsoft Graph (Entra ID) records into observations. The live streams
 * and the offline imports (`unshadow import entra`, `unshadow import microsoft-skus`) both go
 * through these functions, so a record gets the same observation and key either way.
 */

/** Tenants that own Microsoft's first-party apps (Microsoft Services, Microsoft's corporate tenant). */
export const MICROSOFT_TENANT_IDS: ReadonlySet<string> = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value);

/** The all-zero app role id: "default access" (assigned to the app with no specific role). */
const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

// ---------------------------------------------------------------------------------------------
// Lenient schemas of what Graph sends: only the fields we read, everything else passes through.

const optionalText = z.string().nullish();
const id = z.string().trim().min(1);

export const subscribedSkuSchema = z.looseObject({
  skuId: id,
  skuPartNumber: optionalText,
  consumedUnits: z.number().int().nonnegative().nullish(),
  prepaidUnits: z.looseObject({ enabled: z.number().int().nonnegative().nullish() }).nullish(),
  capabilityStatus: optionalText,
});
export type SubscribedSku = z.infer<typeof subscribedSkuSchema>;

export const servicePrincipalSchema = z.looseObject({
  id,
  appId: id,
  displayName: optionalText,
  appDisplayName: optionalText,
  publisherName: optionalText,
  verifiedPublisher: z.looseObject({ displayName: optionalText }).nullish(),
  appOwnerOrganizationId: optionalText,
  servicePrincipalType: optionalText,
  tags: z.array(z.string()).nullish(),
  appRoles: z.array(z.looseObject({ id: z.string(), value: optionalText })).nullish(),
  /** Only assigned users and groups may sign in: its users are its appRoleAssignedTo, not its consents. */
  appRoleAssignmentRequired: z.boolean().nullish(),
});
export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

export const oauth2PermissionGrantSchema = z.looseObject({
  id,
  clientId: id,
  consentType: optionalText,
  principalId: optionalText,
  resourceId: optionalText,
  scope: optionalText,
  /** Not sent by Graph; accepted when an export joined the user in. */
  userPrincipalName: optionalText,
  principalDisplayName: optionalText,
});
export type OAuth2PermissionGrant = z.infer<typeof oauth2PermissionGrantSchema>;

export const appRoleAssignmentSchema = z.looseObject({
  id,
  appRoleId: z.string().nullish(),
  principalId: id,
  principalType: optionalText,
  principalDisplayName: optionalText,
  resourceId: id,
  resourceDisplayName: optionalText,
  /** Not sent by Graph; accepted when an export resolved the role's value. */
  appRoleValue: optionalText,
});
export type AppRoleAssignment = z.infer<typeof appRoleAssignmentSchema>;

export const userSchema = z.looseObject({
  id,
  userPrincipalName: optionalText,
  accountEnabled: z.boolean().nullish(),
  assignedLicenses: z.array(z.looseObject({ skuId: id })).nullish(),
});
export type GraphUser = z.infer<typeof userSchema>;

/** What a paged Graph collection response looks like. */
export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ value: z.array(item), '@odata.nextLink': z.string().nullish() });
}

/** "value[3].appId: expected string, received undefined" — the first problem of a failed parse. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('');
  return `${path || 'the document'}: ${issue.message}`;
}

/** A short description of a value for an error message: its type and a few keys. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    return keys.length ? `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : 'an empty object';
  }
  return typeof value === 'string' ? 'a string' : `${typeof value} ${String(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Licences

export function skuObservation(sku: SubscribedSku): Observation {
  const attributes: { provider: string; skuId: string; skuName: string; seats?: number; consumed?: number } = {
    provider: 'microsoft',
    skuId: sku.skuId,
    skuName: sku.skuPartNumber?.trim() || sku.skuId,
  };
  if (typeof sku.prepaidUnits?.enabled === 'number') attributes.seats = sku.prepaidUnits.enabled;
  if (typeof sku.consumedUnits === 'number') attributes.consumed = sku.consumedUnits;
  return { kind: 'licence', key: `m365:sku:${sku.skuId}`, attributes };
}

/**
 * The /subscribedSkus response (`{"value": [...]}`) or a bare array of subscribedSku: one
 * `licence` observation per SKU. Throws one clear Error when the document is not of that shape.
 */
export function normaliseSubscribedSkus(json: unknown): Observation[] {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && 'value' in json ? (json as { value: unknown }).value : undefined;
  if (!Array.isArray(list)) {
    throw new Error(`expected the /subscribedSkus response: an object with a "value" array of SKUs, or a bare array; got ${describeValue(json)}`);
  }
  const parsed = z.array(subscribedSkuSchema).safeParse(list);
  if (!parsed.success) throw new Error(`expected subscribedSku objects with a skuId; ${describeIssue(parsed.error)}`);
  return parsed.data.map(skuObservation);
}

/** skuId → skuPartNumber, to name the SKUs users hold. */
export function skuNames(skus: readonly SubscribedSku[]): Map<string, string> {
  return new Map(skus.filter((sku) => sku.skuPartNumber?.trim()).map((sku) => [sku.skuId.toLowerCase(), sku.skuPartNumber!.trim()]));
}

/** One `licence` observation per (enabled user, assigned SKU). */
export function licenceHolderObservations(users: readonly GraphUser[], names: ReadonlyMap<string, string>): Observation[] {
  const observations: Observation[] = [];
  for (const user of users) {
    if (user.accountEnabled === false) continue;
    for (const licence of user.assignedLicenses ?? []) {
      observations.push({
        kind: 'licence',
        key: `m365:licence:${licence.skuId}:${user.id}`,
        attributes: {
          provider: 'microsoft',
          skuId: licence.skuId,
          skuName: names.get(licence.skuId.toLowerCase()) ?? licence.skuId,
          user: user.userPrincipalName?.trim() || user.id,
        },
      });
    }
  }
  return observations;
}

// ---------------------------------------------------------------------------------------------
// Service principals and their grants

/** Microsoft's own app (Microsoft 365 Copilot, Teams, Graph Explorer…). */
export function isFirstParty(sp: ServicePrincipal): boolean {
  const owner = sp.appOwnerOrganizationId?.toLowerCase();
  return Boolean(owner && MICROSOFT_TENANT_IDS.has(owner));
}

/**
 * Whether an app's grants are worth inventorying: third-party apps, and Microsoft's own
 * (first-party means "not a third-party consent", not "not AI": Microsoft 365 Copilot and
 * Copilot Studio are first-party apps, and the matcher decides which ones are AI). Not the
 * tenant's own app registrations, not managed identities.
 */
export function isInventoried(sp: ServicePrincipal, tenantId?: string): boolean {
  const owner = sp.appOwnerOrganizationId?.toLowerCase();
  if (owner && tenantId && isGuid(tenantId) && owner === tenantId.toLowerCase()) return false;
  return sp.servicePrincipalType !== 'ManagedIdentity';
}

export function splitScopes(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

function appAttributes(sp: ServicePrincipal) {
  const publisher = sp.verifiedPublisher?.displayName?.trim() || sp.publisherName?.trim() || undefined;
  return {
    provider: 'microsoft',
    appName: sp.displayName?.trim() || sp.appDisplayName?.trim() || sp.appId,
    appId: sp.appId,
    ...(publisher ? { publisher } : {}),
    ...(isFirstParty(sp) ? { firstParty: true } : {}),
  };
}

/** What the grant normaliser needs to know beyond the records themselves. */
export interface DirectoryLookups {
  /** User object id → userPrincipalName (null: looked up, not found). */
  userNames?: ReadonlyMap<string, string | null>;
  /** User object ids of disabled accounts: their grants are kept, marked. */
  disabledUsers?: ReadonlySet<string>;
  /** How many users the tenant has: the reach of a grant made for all of them. */
  tenantUsers?: number;
  /** Resource service principal id (lower case) → (app role id, lower case → role value). */
  appRoles?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** A user's name and account state, for a grant or assignment that names their object id. */
function holder(principalId: string | undefined, given: string | undefined, lookups: DirectoryLookups) {
  const user = given || (principalId ? lookups.userNames?.get(principalId) : undefined) || principalId;
  return { ...(user ? { user } : {}), ...(principalId && lookups.disabledUsers?.has(principalId) ? { holderStatus: 'disabled' as const } : {}) };
}

const tenantWide = (lookups: DirectoryLookups) => ({ allUsers: true, ...(lookups.tenantUsers !== undefined ? { audience: lookups.tenantUsers } : {}) });

/** A delegated permission grant (user or admin consent) of a third-party app. */
export function delegatedGrantObservation(sp: ServicePrincipal, grant: OAuth2PermissionGrant, lookups: DirectoryLookups = {}): Observation {
  const scopes = splitScopes(grant.scope);
  const allUsers = grant.consentType === 'AllPrincipals';
  const principalId = grant.principalId?.trim() || undefined;
  const who = allUsers ? tenantWide(lookups) : holder(principalId, grant.userPrincipalName?.trim() || undefined, { ...lookups, userNames: withDisplayName(lookups.userNames, principalId, grant.principalDisplayName) });
  return {
    kind: 'oauth_grant',
    key: `m365:grant:${grant.id}`,
    attributes: { ...appAttributes(sp), scopes, ...who, grantType: 'delegated', exposure: rateScopes(scopes) },
  };
}

/** A display name stands in for a user whose principal name could not be looked up. */
function withDisplayName(names: ReadonlyMap<string, string | null> | undefined, principalId: string | undefined, displayName: string | null | undefined) {
  const fallback = displayName?.trim();
  if (!principalId || !fallback || names?.get(principalId)) return names;
  return new Map([...(names ?? []), [principalId, fallback]]);
}

/**
 * A user or group assigned to an app that requires assignment: those people use it whether
 * or not anyone consented (admin consent plus assignment is how such apps are rolled out).
 */
export function assignmentObservation(sp: ServicePrincipal, assignment: AppRoleAssignment, lookups: DirectoryLookups = {}): Observation {
  const group = assignment.principalType === 'Group' ? assignment.principalDisplayName?.trim() || assignment.principalId : undefined;
  const who = group ? { group } : holder(assignment.principalId, undefined, { ...lookups, userNames: withDisplayName(lookups.userNames, assignment.principalId, assignment.principalDisplayName) });
  return {
    kind: 'oauth_grant',
    key: `m365:assigned:${assignment.id}`,
    attributes: { ...appAttributes(sp), scopes: [], ...who, grantType: 'assignment', exposure: rateScopes([]) },
  };
}

/**
 * An application permission (app role of an API such as Microsoft Graph assigned to the app):
 * app-only access to the whole tenant's data, no user involved.
 */
export function appRoleObservation(sp: ServicePrincipal, assignment: AppRoleAssignment, lookups: DirectoryLookups = {}): Observation {
  const roleId = assignment.appRoleId ?? DEFAULT_ACCESS_ROLE;
  const value = assignment.appRoleValue?.trim() || lookups.appRoles?.get(assignment.resourceId.toLowerCase())?.get(roleId.toLowerCase());
  const scopes = value ? [value] : roleId === DEFAULT_ACCESS_ROLE ? [] : [roleId];
  return {
    kind: 'oauth_grant',
    key: `m365:approle:${assignment.id}`,
    attributes: { ...appAttributes(sp), scopes, ...tenantWide(lookups), grantType: 'application', exposure: rateScopes(scopes) },
  };
}

/** app role id → value of a resource service principal's appRoles. */
export function appRoleValues(sp: Pick<ServicePrincipal, 'appRoles'>): Map<string, string> {
  return new Map((sp.appRoles ?? []).filter((role) => role.value?.trim()).map((role) => [role.id.toLowerCase(), role.value!.trim()]));
}

export interface DirectoryRecords {
  servicePrincipals: readonly ServicePrincipal[];
  oauth2PermissionGrants: readonly OAuth2PermissionGrant[];
  appRoleAssignments?: readonly AppRoleAssignment[];
}

export interface NormalisedDirectory {
  observations: Observation[];
  problems: string[];
}

/**
 * Observations for the grants of the inventoried service principals among `records` (third-party
 * and Microsoft's own, not the tenant's own): one per delegated grant, one per application
 * permission, one per user or group assigned to an app. Grants of skipped apps are dropped
 * silently; grants of apps not in the list are reported.
 */
export function normaliseDirectory(records: DirectoryRecords, options: { tenantId?: string; lookups?: DirectoryLookups } = {}): NormalisedDirectory {
  const problems: string[] = [];
  const byId = new Map(records.servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp]));
  const lookups: DirectoryLookups = { ...options.lookups };
  if (!lookups.appRoles) {
    // Offline: the resource APIs' app roles come from their own entries in the export.
    lookups.appRoles = new Map(records.servicePrincipals.filter((sp) => sp.appRoles?.length).map((sp) => [sp.id.toLowerCase(), appRoleValues(sp)]));
  }
  const observations: Observation[] = [];
  for (const grant of records.oauth2PermissionGrants) {
    const sp = byId.get(grant.clientId.toLowerCase());
    if (!sp) {
      problems.push(`oauth2PermissionGrant ${grant.id}: its client service principal ${grant.clientId} is not in servicePrincipals; skipped`);
      continue;
    }
    if (isInventoried(sp, options.tenantId)) observations.push(delegatedGrantObservation(sp, grant, lookups));
  }
  for (const assignment of records.appRoleAssignments ?? []) {
    if (assignment.principalType === 'User' || assignment.principalType === 'Group') {
      // A person or group assigned to the app (the resource side of the assignment).
      const app = byId.get(assignment.resourceId.toLowerCase());
      if (app && isInventoried(app, options.tenantId)) observations.push(assignmentObservation(app, assignment, lookups));
      continue;
    }
    const sp = byId.get(assignment.principalId.toLowerCase());
    if (!sp) {
      problems.push(`appRoleAssignment ${assignment.id}: its service principal ${assignment.principalId} is not in servicePrincipals; skipped`);
      continue;
    }
    if (!isInventoried(sp, options.tenantId)) continue;
    const observation = appRoleObservation(sp, assignment, lookups);
    if (observation.kind === 'oauth_grant' && assignment.appRoleId && observation.attributes.scopes.includes(assignment.appRoleId)) {
      problems.push(`appRoleAssignment ${assignment.id}: app role ${assignment.appRoleId} of ${assignment.resourceDisplayName ?? assignment.resourceId} is unknown (its service principal with appRoles is not in the export); kept the role id as the scope`);
    }
    observations.push(observation);
  }
  return { observations, problems };
}

const entraExportSchema = z.looseObject({
  servicePrincipals: z.array(z.unknown()),
  oauth2PermissionGrants: z.array(z.unknown()),
  appRoleAssignments: z.array(z.unknown()).nullish(),
  users: z.array(z.unknown()).nullish(),
});

/** Parses each item on its own: a bad item is a problem, not the end of the import. */
function parseItems<T extends z.ZodType>(items: readonly unknown[], schema: T, what: string, problems: string[]): z.infer<T>[] {
  const parsed: z.infer<T>[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) parsed.push(result.data);
    else problems.push(`${what}[${index}] skipped: ${describeIssue(result.error)}`);
  });
  return parsed;
}

/**
 * An Entra ID export — `{"servicePrincipals": [...], "oauth2PermissionGrants": [...],
 * "appRoleAssignments"?: [...], "users"?: [...]}`, each the `value` array Graph returns — into
 * `oauth_grant` observations. Principal ids stay as the user unless the grant carries a
 * userPrincipalName or the export has a `users` array to resolve them. Throws one clear Error
 * when the document is not of that shape; bad items are reported in `problems` and skipped.
 */
export function normaliseEntraExport(json: unknown, tenantId?: string): NormalisedDirectory {
  const top = entraExportSchema.safeParse(json);
  if (!top.success) {
    throw new Error(
      `expected an Entra export: an object with servicePrincipals and oauth2PermissionGrants arrays (the "value" arrays of GET /servicePrincipals and GET /oauth2PermissionGrants), optionally appRoleAssignments and users; got ${describeValue(json)}${json && typeof json === 'object' && !Array.isArray(json) ? ` (${describeIssue(top.error)})` : ''}`,
    );
  }
  const problems: string[] = [];
  const servicePrincipals = parseItems(top.data.servicePrincipals, servicePrincipalSchema, 'servicePrincipals', problems);
  const oauth2PermissionGrants = parseItems(top.data.oauth2PermissionGrants, oauth2PermissionGrantSchema, 'oauth2PermissionGrants', problems);
  const appRoleAssignments = parseItems(top.data.appRoleAssignments ?? [], appRoleAssignmentSchema, 'appRoleAssignments', problems);
  const users = parseItems(top.data.users ?? [], userSchema, 'users', problems);
  const userNames = new Map(users.filter((user) => user.userPrincipalName).map((user) => [user.id, user.userPrincipalName!]));
  const disabledUsers = new Set(users.filter((user) => user.accountEnabled === false).map((user) => user.id));
  // An export with the users list knows how many there are: the reach of a tenant-wide consent.
  const lookups: DirectoryLookups = { userNames, disabledUsers, ...(users.length ? { tenantUsers: users.length } : {}) };
  const result = normaliseDirectory({ servicePrincipals, oauth2PermissionGrants, appRoleAssignments }, { ...(tenantId ? { tenantId } : {}), lookups });
  return { observations: result.observations, problems: [...problems, ...result.problems] };
}
