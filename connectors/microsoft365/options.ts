import { z } from 'zod';

/**
 * Options of a Microsoft 365 connection (`connections add microsoft365 ...`). The endpoints are
 * options so national clouds (graph.microsoft.us, microsoftgraph.chinacloudapi.cn, ...) and local
 * test doubles work the same way as the public cloud.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const rootUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://graph.microsoft.com' })
    .refine((value) => !/[?#]/.test(value), 'expected a root URL without query or fragment')
    .default(fallback);

/** Titles and descriptions are the labels and help of the console's form and of `connections add microsoft365 --help`. */
export const microsoft365OptionsSchema = z.strictObject({
  tenantId: z
    .string()
    .trim()
    .refine((value) => GUID.test(value) || DOMAIN.test(value), 'expected the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com')
    .describe('The directory (tenant) id, a GUID, or one of its verified domains (contoso.onmicrosoft.com)')
    .meta({ title: 'Tenant ID' }),
  clientId: z.string().trim().min(1, 'expected the application (client) id of the app registration').describe('The application (client) id of the app registration').meta({ title: 'Client ID' }),
  graphUrl: rootUrl('https://graph.microsoft.com').describe('Microsoft Graph root: another for a national cloud (https://graph.microsoft.us) or a test double').meta({ title: 'Microsoft Graph URL' }),
  authorityUrl: rootUrl('https://login.microsoftonline.com').describe('Where app-only tokens come from: another for a national cloud (https://login.microsoftonline.us)').meta({ title: 'Sign-in (authority) URL' }),
  pageSize: z.coerce.number().int().min(1).max(999).default(999).describe('Items per Graph page ($top); Graph caps it per endpoint (999 for users and service principals)').meta({ title: 'Page size' }),
  /**
   * Intune's device service limit: 2,000 requests per 20 seconds per app per tenant
   * (learn.microsoft.com/graph/throttling-limits, "Intune devices service limits"). The
   * detected-apps stream asks one request per app for its devices, tens of thousands in a large
   * tenant: paced below the limit they are never refused, where unpaced one in ten was.
   */
  intuneRequestsPerSecond: z.coerce.number().positive().max(1000).default(100).describe("Intune (device management) requests a second at most: Microsoft's limit is 2,000 per 20 seconds per app and tenant").meta({ title: 'Intune requests per second' }),
});

export type Microsoft365Options = z.infer<typeof microsoft365OptionsSchema>;

/** The application permissions each request needs (named in a 403's message). */
export const PERMISSIONS = {
  skus: 'Organization.Read.All',
  users: 'User.Read.All',
  servicePrincipals: 'Application.Read.All',
  grants: 'DelegatedPermissionGrant.Read.All (or Directory.Read.All)',
  userNames: 'User.ReadBasic.All (or User.Read.All)',
  devices: 'DeviceManagementManagedDevices.Read.All',
} as const;
