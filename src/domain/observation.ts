import { z } from 'zod';
import { EXPOSURE_LEVELS } from './scope-exposure.js';
import { ecosystemSchema } from './taxonomy.js';

/**
 * Observations: one normalised record from a source, the matcher's only input. Attribute
 * names are fixed by DESIGN.md; every connector maps its provider's shape onto these.
 */

const text = z.string().trim().min(1);

export const expenseAttributesSchema = z.object({
  merchant: text,
  /** Major units, two decimals at most for most currencies; negative for credits and refunds. */
  amount: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** ISO calendar date, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  employee: text.optional(),
  category: text.optional(),
  memo: text.optional(),
});

export const exposureSchema = z.object({ level: z.enum(EXPOSURE_LEVELS), reasons: z.array(z.string()) });

export const oauthGrantAttributesSchema = z.object({
  provider: text,
  appName: text,
  appId: text,
  publisher: text.optional(),
  scopes: z.array(z.string()).default([]),
  /** The user who consented; absent for an admin consent on behalf of all users (`allUsers`). */
  user: text.optional(),
  allUsers: z.boolean().optional(),
  /** How many people a tenant-wide grant reaches: the tenant's users when the scan counted them. */
  audience: z.number().int().nonnegative().optional(),
  /** A group assigned to an app that requires assignment: its members use it. */
  group: text.optional(),
  /** The holder's account state: grants of suspended or disabled accounts are not revoked, so they are kept. */
  holderStatus: z.enum(['active', 'suspended', 'disabled', 'archived']).optional(),
  /**
   * 'delegated' (a user's or admin's consent), 'application' (app-only permissions) or
   * 'assignment' (a user or group assigned to an app that requires assignment).
   */
  grantType: z.enum(['delegated', 'application', 'assignment']).optional(),
  /** The platform's own app (Microsoft's in Entra ID): not a third-party consent, but it may well be AI. */
  firstParty: z.boolean().optional(),
  /** Data exposure of the scopes, rated when the grant is normalised (rateScopes). */
  exposure: exposureSchema.optional(),
});

export const licenceAttributesSchema = z.object({
  provider: text,
  skuId: text,
  skuName: text,
  /** Who sells the seats, where the provider is not the seller itself (AI vendors' own seat lists: provider `other`). */
  vendor: text.optional(),
  /** Seats bought (a subscription observation). */
  seats: z.number().int().nonnegative().optional(),
  /** Seats in use. */
  consumed: z.number().int().nonnegative().optional(),
  /** The person holding the licence (an assignment observation). */
  user: text.optional(),
});

export const dependencyAttributesSchema = z.object({
  ecosystem: ecosystemSchema,
  name: text,
  version: text.optional(),
  manifest: text.optional(),
  repo: text.optional(),
});

export const appInstallAttributesSchema = z.object({
  provider: text,
  slug: text,
  name: text,
  permissions: z.record(z.string(), z.string()).optional(),
});

export const repoArtefactAttributesSchema = z.object({
  repo: text,
  path: text,
  type: z.enum(['assistant_config', 'mcp_server']),
  name: text,
  command: text.optional(),
});

/** What a proxy, DNS or firewall did with a request: a blocked one is still attempted use. */
export const NETWORK_ACTIONS = ['allowed', 'blocked'] as const;
const count = z.number().int().nonnegative();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Matched traffic of one user (or device) to one AI system on one day, summed over a log file.
 * Host names only: a URL's path or query string never reaches an observation.
 */
export const networkAttributesSchema = z.object({
  /** The most requested host of the aggregate, subdomain included (api.openai.com). */
  host: text,
  /** Its registrable domain under the public suffix list (openai.com). */
  domain: text,
  /** Other hosts of the same AI system in the aggregate, at most a handful. */
  hosts: z.array(z.string()).optional(),
  day: isoDay,
  requests: count,
  bytesOut: count,
  bytesIn: count,
  action: z.enum(NETWORK_ACTIONS),
  user: text.optional(),
  /** A device name or address, where the log names no user. */
  device: text.optional(),
  /** The log format the records came from (zscaler-nss, squid, …). */
  format: text,
});

export const BROWSERS = ['chrome', 'edge', 'firefox', 'safari', 'other'] as const;
export const APP_PLATFORMS = ['windows', 'macos', 'linux', 'ios', 'android', 'chromeos', 'other'] as const;

/** One browser extension (or browser app) installed in an organisational unit or tenant. */
export const browserExtensionAttributesSchema = z.object({
  provider: text,
  browser: z.enum(BROWSERS),
  extensionId: text,
  name: text,
  version: text.optional(),
  /** Permissions and host permissions from the manifest (`<all_urls>`, `clipboardRead`, …). */
  permissions: z.array(z.string()).default([]),
  /** Where it is installed (a Chrome organisational unit), when the source says. */
  orgUnit: text.optional(),
  /** How it got there: admin-forced, user-installed, … (the source's own word). */
  installType: text.optional(),
  /** How many browsers (devices) and OS users have it. */
  devices: count.optional(),
  users: count.optional(),
  /** Which devices have it, as far as the source lists them (bounded). */
  deviceIds: z.array(z.string()).optional(),
  /** Exposure of its permissions, rated when it is normalised (rateExtensionPermissions). */
  exposure: exposureSchema.optional(),
});

/** One desktop or mobile app found on managed devices (Intune discovered apps). */
export const endpointAppAttributesSchema = z.object({
  provider: text,
  platform: z.enum(APP_PLATFORMS),
  name: text,
  publisher: text.optional(),
  /** macOS bundle id, Windows package family name, Android package: whichever the source has. */
  bundleId: text.optional(),
  version: text.optional(),
  /** How many devices have it, and which (bounded). */
  devices: count,
  deviceIds: z.array(z.string()).optional(),
  /** Primary users of those devices, when the source names them (bounded). */
  users: z.array(z.string()).optional(),
});

export const observationSchemas = {
  expense: expenseAttributesSchema,
  oauth_grant: oauthGrantAttributesSchema,
  licence: licenceAttributesSchema,
  dependency: dependencyAttributesSchema,
  app_install: appInstallAttributesSchema,
  repo_artefact: repoArtefactAttributesSchema,
  network: networkAttributesSchema,
  browser_extension: browserExtensionAttributesSchema,
  endpoint_app: endpointAppAttributesSchema,
} as const;

export type ObservationKind = keyof typeof observationSchemas;
export const OBSERVATION_KINDS = Object.keys(observationSchemas) as ObservationKind[];
export const observationKindSchema = z.enum(OBSERVATION_KINDS as [ObservationKind, ...ObservationKind[]]);

export type ExpenseAttributes = z.infer<typeof expenseAttributesSchema>;
export type OauthGrantAttributes = z.infer<typeof oauthGrantAttributesSchema>;
export type LicenceAttributes = z.infer<typeof licenceAttributesSchema>;
export type DependencyAttributes = z.infer<typeof dependencyAttributesSchema>;
export type AppInstallAttributes = z.infer<typeof appInstallAttributesSchema>;
export type RepoArtefactAttributes = z.infer<typeof repoArtefactAttributesSchema>;
export type NetworkAttributes = z.infer<typeof networkAttributesSchema>;
export type BrowserExtensionAttributes = z.infer<typeof browserExtensionAttributesSchema>;
export type EndpointAppAttributes = z.infer<typeof endpointAppAttributesSchema>;

export type AttributesOf<K extends ObservationKind> = z.infer<(typeof observationSchemas)[K]>;

/** A normalised record with its stable key: the same source record gets the same key every scan. */
export type Observation = {
  [K in ObservationKind]: { kind: K; key: string; attributes: AttributesOf<K> };
}[ObservationKind];

/**
 * What the matcher reads: only the attributes it uses are required, so `unshadow match` accepts
 * partial records from scripts ({"merchant": "OPENAI *CHATGPT"} is enough). Every stored
 * observation satisfies these.
 */
const optionalText = z.string().trim().optional();
export const matchInputSchemas = {
  // Category and amount corroborate or contradict a name that other businesses share.
  expense: z.object({ merchant: text, memo: optionalText, category: optionalText, amount: z.number().finite().optional() }),
  oauth_grant: z.object({ appName: text, appId: optionalText, provider: optionalText, publisher: optionalText, scopes: z.array(z.string()).default([]) }),
  licence: z
    .object({ skuId: optionalText, skuName: optionalText, provider: optionalText, vendor: optionalText })
    .refine((v) => Boolean(v.skuId || v.skuName), 'a licence needs skuId or skuName'),
  dependency: z.object({ ecosystem: ecosystemSchema, name: text }),
  app_install: z
    .object({ slug: optionalText, name: optionalText, provider: optionalText, permissions: z.record(z.string(), z.string()).optional() })
    .refine((v) => Boolean(v.slug || v.name), 'an app install needs slug or name'),
  repo_artefact: z
    .object({ repo: optionalText, path: optionalText, name: optionalText, type: z.enum(['assistant_config', 'mcp_server']).optional(), command: optionalText })
    .refine((v) => Boolean(v.path || v.name), 'a repository artefact needs path or name'),
  network: z.object({ host: text, user: optionalText, device: optionalText }),
  browser_extension: z
    .object({ extensionId: optionalText, name: optionalText, browser: z.enum(BROWSERS).optional(), permissions: z.array(z.string()).default([]) })
    .refine((v) => Boolean(v.extensionId || v.name), 'a browser extension needs extensionId or name'),
  endpoint_app: z
    .object({ name: optionalText, bundleId: optionalText, publisher: optionalText, platform: z.enum(APP_PLATFORMS).optional() })
    .refine((v) => Boolean(v.name || v.bundleId), 'an endpoint app needs name or bundleId'),
} as const satisfies Record<ObservationKind, z.ZodType>;

export type MatchInputOf<K extends ObservationKind> = z.input<(typeof matchInputSchemas)[K]>;
export type MatchInput = {
  [K in ObservationKind]: { kind: K; attributes: MatchInputOf<K> };
}[ObservationKind];
