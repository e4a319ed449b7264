import { cursorLink, graphPage, type GraphPage, type M365Runtime } from '../graph.js';
import { servicePrincipalSchema, type ServicePrincipal } from '../normalise.js';
import { PERMISSIONS } from '../options.js';

export const SERVICE_PRINCIPAL_FIELDS = 'id,appId,displayName,appDisplayName,publisherName,verifiedPublisher,appOwnerOrganizationId,servicePrincipalType,tags,appRoleAssignmentRequired';
/**
 * Service principals per page of the grants stream. Each inventoried one costs two or more
 * further requests, so pages are smaller than Graph's 999: a page is what a job hands on at once.
 */
export const MAX_SERVICE_PRINCIPALS_PER_PAGE = 100;

export function servicePrincipalsPath(pageSize: number): string {
  return `/servicePrincipals?$select=${SERVICE_PRINCIPAL_FIELDS}&$top=${Math.min(pageSize, MAX_SERVICE_PRINCIPALS_PER_PAGE)}`;
}

/** One page of service principals. */
export async function servicePrincipalsPage(runtime: M365Runtime, cursor: unknown): Promise<GraphPage<ServicePrincipal>> {
  const link = cursorLink(cursor, 'grants') ?? servicePrincipalsPath(runtime.options.pageSize);
  return graphPage(runtime, link, servicePrincipalSchema, [PERMISSIONS.servicePrincipals]);
}
