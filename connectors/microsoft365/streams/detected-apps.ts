import { z } from 'zod';
import type { Observation } from '../../../src/domain/observation.js';
import type { Page } from '../../../src/domain/connector.js';
import { mapConcurrent } from '../../../src/domain/map-concurrent.js';
import { collectionSchema } from '../normalise.js';
import { cursorLink, graphGet, graphPage, type M365Runtime } from '../graph.js';
import { PERMISSIONS } from '../options.js';

/**
 * Stream `detected-apps`: the apps Intune discovered on managed devices, and which devices have
 * each. Graph v1.0 `detectedApp` (https://learn.microsoft.com/en-us/graph/api/intune-devices-detectedapp-list):
 * id, displayName, version, sizeInByte, deviceCount, publisher, platform; the devices of one app
 * from `detectedApps/{id}/managedDevices` (https://learn.microsoft.com/en-us/graph/api/intune-devices-detectedapp-list-manageddevices).
 * Both need DeviceManagementManagedDevices.Read.All.
 */

export const DETECTED_APPS_PATH = '/deviceManagement/detectedApps?$select=id,displayName,version,deviceCount,publisher,platform&$top=100';

/** Devices named on one observation: enough for reach and to find them, bounded for a database row. */
const LISTED_DEVICES = 100;

const detectedAppSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  version: z.string().nullish(),
  deviceCount: z.number().int().nonnegative().nullish(),
  publisher: z.string().nullish(),
  platform: z.string().nullish(),
});
export type DetectedApp = z.infer<typeof detectedAppSchema>;

const managedDeviceSchema = z.looseObject({ id: z.string().min(1), deviceName: z.string().nullish(), userPrincipalName: z.string().nullish() });
type ManagedDevice = z.infer<typeof managedDeviceSchema>;

/** Intune's platform enum (detectedAppPlatformType) in the observation's words. */
const PLATFORMS: Record<string, 'windows' | 'macos' | 'ios' | 'android' | 'chromeos' | 'other'> = {
  windows: 'windows', windowsmobile: 'windows', windowsholographic: 'windows', macos: 'macos', ios: 'ios', chromeos: 'chromeos',
  androidosp: 'android', androiddeviceadministrator: 'android', androidworkprofile: 'android', androiddedicatedandfullymanaged: 'android',
};

/** One `endpoint_app` observation per detected app (its id is per name, version and platform). Pure. */
export function detectedAppObservation(app: DetectedApp, devices: readonly ManagedDevice[]): Observation | undefined {
  const name = app.displayName?.trim();
  if (!name) return undefined;
  const users = [...new Set(devices.map((d) => d.userPrincipalName?.trim().toLowerCase()).filter((u): u is string => Boolean(u)))];
  return {
    kind: 'endpoint_app',
    key: `m365:detected-app:${app.id}`,
    attributes: {
      provider: 'microsoft',
      platform: PLATFORMS[(app.platform ?? '').toLowerCase()] ?? 'other',
      name,
      ...(app.publisher?.trim() ? { publisher: app.publisher.trim() } : {}),
      ...(app.version?.trim() ? { version: app.version.trim() } : {}),
      devices: Math.max(app.deviceCount ?? 0, devices.length),
      ...(devices.length ? { deviceIds: devices.slice(0, LISTED_DEVICES).map((d) => d.deviceName?.trim() || d.id) } : {}),
      ...(users.length ? { users: users.slice(0, LISTED_DEVICES) } : {}),
    },
  };
}

/**
 * Device lookups in flight at once: two JSON batches (graph.ts), one waiting for its turn at the
 * Intune pace while the other is answered, so that a round trip is not what holds the pace back.
 */
const DEVICE_LOOKUPS = 40;

/**
 * One page of detected apps, with the first page of devices of each app that has any (one
 * request per app: Graph has no way to ask for both at once on v1.0), batched, every request
 * paced by Intune's own limit.
 */
export async function fetchDetectedAppsPage(runtime: M365Runtime, cursor: unknown): Promise<Page> {
  const link = cursorLink(cursor, 'detected-apps') ?? DETECTED_APPS_PATH;
  // A tenant without Intune has no such collection: nothing to find there, not a failed scan.
  const page = await graphGet(runtime, link, collectionSchema(detectedAppSchema), [PERMISSIONS.devices], { allowNotFound: true, intune: true });
  if (!page) return { observations: [], next: null };
  const apps = page.value as DetectedApp[];
  const devices = await mapConcurrent(apps, DEVICE_LOOKUPS, async (app) =>
    (app.deviceCount ?? 0) > 0
      ? (await graphPage(runtime, `/deviceManagement/detectedApps/${encodeURIComponent(app.id)}/managedDevices?$select=id,deviceName,userPrincipalName&$top=${LISTED_DEVICES}`, managedDeviceSchema, [PERMISSIONS.devices], { intune: true, batch: true })).items
      : [],
  );
  const observations = apps.flatMap((app, i) => detectedAppObservation(app, devices[i]!) ?? []);
  return { observations, next: page['@odata.nextLink'] ?? null };
}

/**
 * An Intune export for `import`: the detectedApps collection as Graph returns it (`{"value": [...]}`
 * or a bare array), each app with its `managedDevices` when the export has them. Throws one Error
 * for a document of another shape; skips apps without a name.
 */
export function normaliseDetectedApps(json: unknown): Observation[] {
  const items = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value) ? (json as { value: unknown[] }).value : undefined;
  if (!items) throw new Error('expected the deviceManagement/detectedApps response: {"value": [detected apps]} or an array of them');
  const withDevices = detectedAppSchema.extend({ managedDevices: z.array(managedDeviceSchema).nullish() });
  const observations: Observation[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = withDevices.safeParse(item);
    if (!parsed.success) throw new Error(`value[${index}] is not a detected app: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
    const observation = detectedAppObservation(parsed.data, parsed.data.managedDevices ?? []);
    if (observation) observations.push(observation);
  }
  return observations;
}
