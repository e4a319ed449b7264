/**
 * The offline exports `unshadow import <format>` reads, in words: apart from their readers so
 * that a command's help lists them without loading the connectors that parse them.
 */
export const EXPORT_FORMATS = ['google-tokens', 'entra', 'microsoft-skus', 'seats', 'intune-detected-apps', 'chrome-installed-apps'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_DESCRIPTIONS: Record<ExportFormat, string> = {
  'google-tokens': 'import Google Workspace OAuth tokens: a JSON array of Directory API token resources with userKey, or the CSV of GAM `print tokens`',
  entra: 'import Entra ID consents: {"servicePrincipals": [...], "oauth2PermissionGrants": [...], "appRoleAssignments": [...]} as Graph returns them',
  'microsoft-skus': 'import Microsoft licences: the /subscribedSkus response as Graph returns it',
  seats: "import an AI vendor's own seat list (CSV or JSON: vendor, product or plan, seats, assigned users' e-mails)",
  'intune-detected-apps': 'import the apps Intune found on managed devices: the deviceManagement/detectedApps response as Graph returns it (with managedDevices expanded for who has them)',
  'chrome-installed-apps': "import Chrome's installed apps and extensions: the Chrome Management reports:countInstalledApps response ({\"installedApps\": [...]})",
};
