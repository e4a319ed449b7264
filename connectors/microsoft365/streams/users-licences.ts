import type { Page } from '../../../src/domain/connector.js';
import { cursorLink, graphPage, type M365Runtime } from '../graph.js';
import { licenceHolderObservations, skuNames, userSchema } from '../normalise.js';
import { PERMISSIONS } from '../options.js';
import { subscribedSkus } from './subscribed-skus.js';

/**
 * Stream `licence-holders`: GET /users with assignedLicenses (app-only /users/{id}/licenseDetails
 * is not supported), paged by @odata.nextLink; one `licence` observation per (enabled user,
 * assigned SKU), the SKU named from /subscribedSkus.
 */
export function usersPath(pageSize: number): string {
  return `/users?$select=id,userPrincipalName,assignedLicenses,accountEnabled&$top=${Math.min(pageSize, 999)}`;
}

export async function fetchLicenceHoldersPage(runtime: M365Runtime, cursor: unknown): Promise<Page> {
  const link = cursorLink(cursor, 'licence-holders') ?? usersPath(runtime.options.pageSize);
  const page = await graphPage(runtime, link, userSchema, [PERMISSIONS.users]);
  const names = skuNames(await subscribedSkus(runtime));
  return { observations: licenceHolderObservations(page.items, names), next: page.next };
}
