import { z } from 'zod';
import { PermanentSourceError, type Connector, type Page, type PermissionCheck } from '../../src/domain/connector.js';
import { failedCheck } from '../../src/domain/connector-checks.js';
import { accessToken, graphGet, tokenUrl, type M365Runtime } from './graph.js';
import { microsoft365OptionsSchema, PERMISSIONS, type Microsoft365Options } from './options.js';
import { MICROSOFT365_PERMISSIONS } from './permissions.js';
import { fetchDetectedAppsPage } from './streams/detected-apps.js';
import { fetchGrantsPage } from './streams/grants.js';
import { fetchSkusPage } from './streams/subscribed-skus.js';
import { fetchLicenceHoldersPage } from './streams/users-licences.js';

export { microsoft365OptionsSchema, PERMISSIONS, type Microsoft365Options } from './options.js';
export { MICROSOFT365_PERMISSIONS } from './permissions.js';
export { normaliseDetectedApps } from './streams/detected-apps.js';
export {
  MICROSOFT_TENANT_IDS,
  normaliseDirectory,
  normaliseEntraExport,
  normaliseSubscribedSkus,
  type DirectoryLookups,
  type DirectoryRecords,
  type NormalisedDirectory,
} from './normalise.js';

/**
 * Microsoft 365 / Entra ID: subscribed SKUs (is Microsoft 365 Copilot bought, how many seats in
 * use), who holds which licence, and the third-party apps users or admins consented to, with
 * their delegated scopes and application permissions. App-only access (client credentials);
 * read-only application permissions listed in README.md.
 */
export const MICROSOFT365_STREAMS = ['skus', 'licence-holders', 'grants', 'detected-apps'] as const;
export type Microsoft365Stream = (typeof MICROSOFT365_STREAMS)[number];

/**
 * One cheap request per permission the streams need. User.ReadBasic.All has none of its own: no
 * request needs it but not User.Read.All, so a scan names it if it is missing.
 */
const CHECKS: { name: string; permission: string; path: string; streams: string }[] = [
  { name: PERMISSIONS.skus, permission: 'Organization.Read.All', path: '/subscribedSkus?$select=skuId', streams: 'skus' },
  { name: PERMISSIONS.users, permission: 'User.Read.All', path: '/users?$select=id,assignedLicenses&$top=1', streams: 'licence-holders' },
  { name: PERMISSIONS.servicePrincipals, permission: 'Application.Read.All', path: '/servicePrincipals?$select=id&$top=1', streams: 'grants' },
  { name: PERMISSIONS.grants, permission: 'DelegatedPermissionGrant.Read.All', path: '/oauth2PermissionGrants?$top=1', streams: 'grants' },
  { name: PERMISSIONS.devices, permission: 'DeviceManagementManagedDevices.Read.All', path: '/deviceManagement/detectedApps?$select=id&$top=1', streams: 'detected-apps' },
];

const anything = z.unknown();

async function test(runtime: M365Runtime): Promise<PermissionCheck[]> {
  try {
    await accessToken(runtime);
  } catch (error) {
    return [failedCheck(`app-only token from ${tokenUrl(runtime.options)}`, error), ...CHECKS.map((check) => ({ name: check.name, permission: check.permission, ok: false, skipped: true, detail: 'not checked: no token' }))];
  }
  const results: PermissionCheck[] = [{ name: `app-only token from ${tokenUrl(runtime.options)}`, ok: true }];
  for (const check of CHECKS) {
    try {
      await graphGet(runtime, check.path, anything, [check.name]);
      results.push({ name: check.name, permission: check.permission, ok: true, detail: `stream ${check.streams}` });
    } catch (error) {
      results.push({ ...failedCheck(check.name, error, `stream ${check.streams}`), permission: check.permission });
    }
  }
  return results;
}

export const microsoft365Connector: Connector<Microsoft365Options> = {
  kind: 'microsoft365',
  label: 'Microsoft 365',
  description: 'Microsoft 365 / Entra ID: subscribed SKUs (Copilot), licence holders, third-party app consents (OAuth grants) and the apps Intune discovered on managed devices, via Microsoft Graph',
  optionsSchema: microsoft365OptionsSchema,
  secretOptions: ['clientSecret'],
  secretFields: { clientSecret: { label: 'Client secret', help: 'A client secret of the app registration (Certificates & secrets); sent only to the sign-in URL', required: true } },
  permissions: MICROSOFT365_PERMISSIONS,
  streams: MICROSOFT365_STREAMS,
  test,
  async fetchPage(runtime, stream, cursor): Promise<Page> {
    switch (stream) {
      case 'skus':
        return fetchSkusPage(runtime);
      case 'licence-holders':
        return fetchLicenceHoldersPage(runtime, cursor);
      case 'grants':
        return fetchGrantsPage(runtime, cursor);
      case 'detected-apps':
        return fetchDetectedAppsPage(runtime, cursor);
      default:
        throw new PermanentSourceError(`microsoft365 has no stream ${JSON.stringify(stream)}; its streams are ${MICROSOFT365_STREAMS.join(', ')}`);
    }
  },
};
