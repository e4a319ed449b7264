import { z } from 'zod';
import type { ConnectorRuntime, Page } from '../../../src/domain/connector.js';
import { rateExtensionPermissions } from '../../../src/domain/extension-exposure.js';
import type { Observation } from '../../../src/domain/observation.js';
import { GoogleNotFoundError } from '../failures.js';
import { callGoogle } from '../http.js';
import { DEFAULT_API_ROOT, SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { type GoogleSession, sessionFor } from '../session.js';
import { parseCursor } from './cursor.js';

/**
 * `chrome-apps`: the extensions and apps installed in the domain's managed Chrome browsers, with
 * how many browsers (devices) and OS users have each, and which devices (Chrome Management API,
 * reports.countInstalledApps and reports.findInstalledAppDevices:
 * https://developers.google.com/chrome/management/reference/rest/v1/customers.reports).
 * One page = one countInstalledApps page (100 apps) and, for each extension or app some browser
 * has, the first page of the devices that have it. Themes are left out. Cursor: `{pageToken}`.
 */

export const CHROME_REPORTS_SCOPE = SCOPES.chromeReports;
const DEFAULT_CHROME_ROOT = 'https://chromemanagement.googleapis.com';
const PAGE_SIZE = 100;
/** Devices named on one observation: enough for reach and to find them, bounded for a database row. */
const LISTED_DEVICES = 100;

/** An int64 in JSON is a string; some doubles send numbers. */
const int64 = z.union([z.string(), z.number()]).nullish().transform((value) => (value === null || value === undefined ? 0 : Math.max(0, Number(value) || 0)));

const installedAppSchema = z.looseObject({
  appId: z.string().min(1),
  appType: z.string().nullish(),
  browserType: z.string().nullish(),
  appSource: z.string().nullish(),
  displayName: z.string().nullish(),
  appInstallType: z.string().nullish(),
  browserDeviceCount: int64,
  osUserCount: int64,
  disabled: z.boolean().nullish(),
  permissions: z.array(z.string()).nullish(),
});
export type InstalledApp = z.infer<typeof installedAppSchema>;
const countPageSchema = z.looseObject({ installedApps: z.array(installedAppSchema).nullish(), nextPageToken: z.string().nullish(), totalSize: z.number().nullish() });
const devicesPageSchema = z.looseObject({ devices: z.array(z.looseObject({ deviceId: z.string().nullish(), machine: z.string().nullish() })).nullish(), nextPageToken: z.string().nullish() });

const cursorSchema = z.object({ pageToken: z.string().min(1) }).nullish();

/** Kinds of installed item that can carry AI: extensions and apps, not themes. */
const KEPT = new Set(['EXTENSION', 'APP', 'HOSTED_APP', 'ANDROID_APP']);
const BROWSERS: Record<string, 'chrome' | 'edge' | 'firefox' | 'safari' | 'other'> = { CHROME: 'chrome' };

/** One `browser_extension` observation per installed extension or app. Pure. */
export function installedAppObservation(app: InstalledApp, devices: readonly string[]): Observation | undefined {
  if (app.appType && !KEPT.has(app.appType)) return undefined;
  const permissions = app.permissions ?? [];
  return {
    kind: 'browser_extension',
    key: `gws:chrome-app:${app.appId}`,
    attributes: {
      provider: 'google',
      browser: BROWSERS[app.browserType ?? 'CHROME'] ?? 'other',
      extensionId: app.appId,
      name: app.displayName?.trim() || app.appId,
      permissions,
      ...(app.appInstallType ? { installType: app.appInstallType.toLowerCase() } : {}),
      devices: app.browserDeviceCount,
      users: app.osUserCount,
      ...(devices.length ? { deviceIds: devices.slice(0, LISTED_DEVICES) } : {}),
      exposure: rateExtensionPermissions(permissions),
    },
  };
}

function chromeRoot(session: GoogleSession): string {
  return session.options.apiRoot === DEFAULT_API_ROOT ? DEFAULT_CHROME_ROOT : session.options.apiRoot;
}

/** A Chrome Management reports call; the customer may be `my_customer`. */
export async function chromeReport<T extends z.ZodType>(session: GoogleSession, runtime: ConnectorRuntime<GoogleWorkspaceOptions>, method: string, params: Record<string, string | number>, schema: T): Promise<z.infer<T>> {
  const signal = runtime.signal;
  const path = `/v1/customers/${encodeURIComponent(session.options.customer)}/reports:${method}`;
  return callGoogle(session, runtime, { request: `GET ${path}`, needs: [scopeName(CHROME_REPORTS_SCOPE)], schema, signal }, () =>
    session.auth([CHROME_REPORTS_SCOPE]).request({ url: `${chromeRoot(session)}${path}`, params, retry: false, timeout: 60_000, ...(signal ? { signal } : {}) }),
  );
}

const emptyOnNotFound =
  <T>(empty: T) =>
  (error: unknown): T => {
    if (error instanceof GoogleNotFoundError) return empty;
    throw error;
  };

export async function fetchChromeAppsPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown): Promise<Page> {
  const session = sessionFor(runtime);
  const state = parseCursor(cursorSchema, cursor, 'chrome-apps');
  // 404: no such report for this customer (no managed browsers): empty, not a failed scan.
  const page = await chromeReport(session, runtime, 'countInstalledApps', { pageSize: PAGE_SIZE, orderBy: 'app_id', ...(state?.pageToken ? { pageToken: state.pageToken } : {}) }, countPageSchema).catch(emptyOnNotFound<z.infer<typeof countPageSchema>>({}));
  const observations: Observation[] = [];
  for (const app of page.installedApps ?? []) {
    if (app.appType && !KEPT.has(app.appType)) continue;
    const devices =
      app.browserDeviceCount > 0
        ? ((await chromeReport(session, runtime, 'findInstalledAppDevices', { appId: app.appId, appType: app.appType ?? 'EXTENSION', pageSize: LISTED_DEVICES }, devicesPageSchema).catch(emptyOnNotFound<z.infer<typeof devicesPageSchema>>({}))).devices ?? [])
            .map((device) => device.machine?.trim() || device.deviceId?.trim() || '')
            .filter(Boolean)
        : [];
    const observation = installedAppObservation(app, devices);
    if (observation) observations.push(observation);
  }
  return { observations, next: page.nextPageToken ? { pageToken: page.nextPageToken } : null };
}

/**
 * A saved Chrome installed-apps report for `import`: the countInstalledApps answer
 * (`{"installedApps": [...]}` or a bare array), each app with the `devices` that
 * findInstalledAppDevices gave for it when the report has them. Throws one Error for a document
 * of another shape.
 */
export function normaliseChromeInstalledApps(json: unknown): Observation[] {
  const items = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { installedApps?: unknown }).installedApps) ? (json as { installedApps: unknown[] }).installedApps : undefined;
  if (!items) throw new Error('expected the reports:countInstalledApps response: {"installedApps": [installed apps]} or an array of them');
  const withDevices = installedAppSchema.extend({ devices: z.array(z.looseObject({ deviceId: z.string().nullish(), machine: z.string().nullish() })).nullish() });
  const observations: Observation[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = withDevices.safeParse(item);
    if (!parsed.success) throw new Error(`installedApps[${index}] is not an installed app: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
    const devices = (parsed.data.devices ?? []).map((d) => d.machine?.trim() || d.deviceId?.trim() || '').filter(Boolean);
    const observation = installedAppObservation(parsed.data, devices);
    if (observation) observations.push(observation);
  }
  return observations;
}
