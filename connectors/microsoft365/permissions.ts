import type { RequiredPermission } from '../../src/domain/connector.js';

/**
 * The Microsoft Graph application permissions the streams need (README.md, "Permissions"),
 * granted with admin consent. Read-only, least privilege: a broader alternative is named only
 * where a tenant may already have granted it.
 */
export const MICROSOFT365_PERMISSIONS: readonly RequiredPermission[] = [
  { name: 'Organization.Read.All', streams: ['skus'], purpose: 'Which licences (SKUs) the tenant buys and how many seats are used, Microsoft 365 Copilot among them' },
  { name: 'User.Read.All', streams: ['licence-holders'], purpose: 'Who holds which licence' },
  { name: 'Application.Read.All', streams: ['grants'], purpose: 'The third-party apps in the tenant and their application permissions' },
  { name: 'DelegatedPermissionGrant.Read.All', alternatives: ['Directory.Read.All'], streams: ['grants'], purpose: 'The delegated consents users and admins gave those apps' },
  { name: 'User.ReadBasic.All', alternatives: ['User.Read.All'], streams: ['grants'], purpose: 'The names of the people who consented' },
  { name: 'DeviceManagementManagedDevices.Read.All', streams: ['detected-apps'], purpose: 'The apps Intune discovered on managed devices (the tenant needs an Intune licence)' },
];
