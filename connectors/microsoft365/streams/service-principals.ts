import { cursorLink, graphPage, type GraphPage, type M365Runtime } from '../graph.js';
import { isThirdParty, servicePrincipalSchema, type ServicePrincipal } from '../normalise.js';
import { PERMISSIONS } from '../options.js';

export const SERVICE_PRINCIPAL_FIELDS = 'id,appId,displayName,appDisplayName,publisherName,verifiedPublisher,appOwnerOrganizationId,servicePrincipalType,tags';
/**
 * Service principals per page of the grants stream. Each third-party one costs two or more
 * further requests, so pages are smaller than Graph's 999: a throttled page is retried whole.
 */
export const MAX_SERVICE_PRINCIPALS_PER_PAGE = 100;

export function servicePrincipalsPath(pageSize: number): string {
  return `/servicePrincipals?$select=${SERVICE_PRINCIPAL_FIELDS}&$top=${Math.min(pageSize, MAX_SERVICE_PRINCIPALS_PER_PAGE)}`;
}

/** One page of service principals (all of them, and the third-party ones among them). */
export async function servicePrincipalsPage(runtime: M365Runtime, cursor: unknown): Promise<GraphPage<ServicePrincipal> & { thirdParty: ServicePrincipal[] }> {
  const link = cursorLink(cursor, 'grants') ?? servicePrincipalsPath(runtime.options.pageSize);
  const page = await graphPage(runtime, link, servicePrincipalSchema, [PERMISSIONS.servicePrincipals]);
  return { ...page, thirdParty: page.items.filter((sp) => isThirdParty(sp, runtime.options.tenantId)) };
}
