import { z } from 'zod';
import type { Connector, ConnectorRuntime, Page, PermissionCheck } from '../../src/domain/connector.js';
import { failedCheck } from '../../src/domain/connector-checks.js';
import { callGoogle } from './http.js';
import { GEMINI_PRODUCTS, googleWorkspaceOptionsSchema, SCOPES, scopeName, type GoogleWorkspaceOptions } from './options.js';
import { GOOGLE_WORKSPACE_PERMISSIONS } from './permissions.js';
import { sessionFor, type GoogleSession } from './session.js';
import { chromeReport, fetchChromeAppsPage } from './streams/chrome-apps.js';
import { fetchLicencesPage, listAssignments, resolveCustomerId } from './streams/licences.js';
import { fetchTokenActivityPage } from './streams/token-activity.js';
import { fetchTokensPage } from './streams/tokens.js';

/**
 * Google Workspace: the OAuth tokens users granted to third-party apps (Directory API), new
 * consents since the last scan (Reports API), and Gemini licences (Licensing API), read with a
 * service account that impersonates a super admin (domain-wide delegation). See README.md.
 */

export { googleWorkspaceOptionsSchema, SCOPES, STREAM_SCOPES, GEMINI_PRODUCTS, type GoogleWorkspaceOptions } from './options.js';
export { parseGoogleTokensExport, type GoogleTokensImport } from './offline.js';
export { normaliseChromeInstalledApps } from './streams/chrome-apps.js';
export { tokenObservation, grantObservation, grantKey, type TokenResource } from './normalise.js';
export { resetGoogleWorkspaceSessions } from './session.js';
export { GOOGLE_WORKSPACE_PERMISSIONS } from './permissions.js';

export const GOOGLE_WORKSPACE_STREAMS = ['tokens', 'licences', 'token-activity', 'chrome-apps'] as const;
export type GoogleWorkspaceStream = (typeof GOOGLE_WORKSPACE_STREAMS)[number];

/** Each check probes the scope it is named after (permissions.ts). */
async function check(name: string, probe: () => Promise<unknown>): Promise<PermissionCheck> {
  try {
    await probe();
    return { name, permission: name, ok: true };
  } catch (error) {
    return { ...failedCheck(name, error), permission: name };
  }
}

/** One cheap call per scope, each with a token carrying only that scope, so each missing delegation is named on its own. */
async function testScopes(runtime: ConnectorRuntime<GoogleWorkspaceOptions>): Promise<PermissionCheck[]> {
  let session: GoogleSession;
  try {
    session = sessionFor(runtime);
  } catch (error) {
    return [failedCheck('service account key', error), ...GOOGLE_WORKSPACE_PERMISSIONS.map((p) => ({ name: p.name, permission: p.name, ok: false, skipped: true, detail: 'not checked: no usable key' }))];
  }
  const { customer, adminEmail } = runtime.options;
  const signal = runtime.signal;
  // Any JSON object proves the scope works; one retry at most, so a test answers quickly.
  const probeRuntime = { ...runtime, options: { ...runtime.options, retryAttempts: Math.min(2, runtime.options.retryAttempts) } };
  const probe = (scope: string, request: string, send: () => Promise<{ data: unknown }>) =>
    check(scopeName(scope), () => callGoogle(session, probeRuntime, { request, needs: [scopeName(scope)], schema: z.looseObject({}), signal }, send));

  const checks = await Promise.all([
    probe(SCOPES.userRead, 'GET /admin/directory/v1/users', () => session.directory([SCOPES.userRead]).users.list({ customer, maxResults: 1, fields: 'users(id)' }, { signal })),
    probe(SCOPES.userSecurity, `GET /admin/directory/v1/users/${adminEmail}/tokens`, () => session.directory([SCOPES.userSecurity]).tokens.list({ userKey: adminEmail }, { signal })),
    probe(SCOPES.reports, 'GET /admin/reports/v1/activity/users/all/applications/token', () =>
      session.reports([SCOPES.reports]).activities.list({ userKey: 'all', applicationName: 'token', maxResults: 1 }, { signal }),
    ),
    check(scopeName(SCOPES.licensing), async () => {
      const customerId = await resolveCustomerId(session, probeRuntime).catch(() => (customer === 'my_customer' ? adminEmail.split('@')[1]! : customer));
      await listAssignments(session, probeRuntime, GEMINI_PRODUCTS[0], customerId, undefined, 1);
    }),
    check(scopeName(SCOPES.chromeReports), () => chromeReport(session, probeRuntime, 'countInstalledApps', { pageSize: 1 }, z.looseObject({}))),
  ]);
  return checks;
}

export const googleWorkspaceConnector: Connector<GoogleWorkspaceOptions> = {
  kind: 'google-workspace',
  label: 'Google Workspace',
  description: 'Google Workspace: OAuth tokens granted to third-party apps, new consents (Reports API) and Gemini licences, via a service account with domain-wide delegation',
  optionsSchema: googleWorkspaceOptionsSchema,
  secretOptions: ['keyFile'],
  secretFields: { keyFile: { label: 'Service account key (JSON)', help: "The whole JSON key of the service account (client_email, private_key), as Google Cloud downloads it", required: true, multiline: true } },
  permissions: GOOGLE_WORKSPACE_PERMISSIONS,
  streams: GOOGLE_WORKSPACE_STREAMS,
  test: testScopes,
  async fetchPage(runtime, stream, cursor): Promise<Page> {
    switch (stream) {
      case 'tokens':
        return fetchTokensPage(runtime, cursor);
      case 'licences':
        return fetchLicencesPage(runtime, cursor);
      case 'token-activity':
        return fetchTokenActivityPage(runtime, cursor);
      case 'chrome-apps':
        return fetchChromeAppsPage(runtime, cursor);
      default:
        throw new Error(`google-workspace has no stream "${stream}" (streams: ${GOOGLE_WORKSPACE_STREAMS.join(', ')})`);
    }
  },
};
