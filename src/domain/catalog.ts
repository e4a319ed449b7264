import { z } from 'zod';
import { APP_PLATFORMS, BROWSERS } from './observation.js';
import { categorySchema, type Ecosystem, ecosystemSchema } from './taxonomy.js';

export { CATEGORIES, CATEGORY_LABELS, type Category, type Ecosystem } from './taxonomy.js';

/**
 * The fingerprint catalog's file format. Catalog files are reviewed in pull requests, so the
 * schema is strict: an unknown key is a typo, not an extension.
 */

/** The role using the product implies for the organisation (ISO/IEC 22989 terms). */
export const impliedRoleSchema = z.enum(['user', 'developer']);

const nonEmpty = z.string().trim().min(1);
/** The source of an entry learned from a review: the AI system the reviewer confirmed. */
export const REVIEW_SOURCE = /^unshadow:review\/[0-9a-f][0-9a-f-]{7,}$/;
const list = z.array(nonEmpty).default([]);

const skuSchema = z.strictObject({
  provider: z.enum(['microsoft', 'google', 'github', 'slack', 'zoom', 'salesforce', 'atlassian', 'other']),
  /** The vendor's identifier: a Microsoft skuId GUID, a Google productId/skuId, a part number. */
  id: nonEmpty.optional(),
  /** A machine name such as Microsoft's skuPartNumber (`Microsoft_365_Copilot`). */
  partNumber: nonEmpty.optional(),
  /** A display name such as "Gemini Business". */
  name: nonEmpty.optional(),
});

/** A browser extension of the product, by the id its store gives it (Chrome: 32 letters a–p). */
export const extensionFingerprintSchema = z.strictObject({
  browser: z.enum(BROWSERS),
  id: nonEmpty,
  /** Its name in the store, for people reading the catalog and for extensions seen by name only. */
  name: nonEmpty.optional(),
});

/** A desktop or mobile app of the product on one platform: its name as installed, and/or its bundle or package id. */
export const desktopAppFingerprintSchema = z
  .strictObject({
    platform: z.enum(APP_PLATFORMS),
    name: nonEmpty.optional(),
    /** macOS bundle id (com.openai.chat), Windows package family name, Android package name. */
    id: nonEmpty.optional(),
    publisher: nonEmpty.optional(),
    /**
     * The app is a host that offers the product as one feature (Raycast and Raycast AI): having it
     * installed is a weaker signal than having the product's own app.
     */
    feature: z.boolean().optional(),
  })
  .refine((app) => Boolean(app.name || app.id), 'a desktop app needs a name or an id');

export const fingerprintsSchema = z.strictObject({
  /** Card/expense merchant descriptors and aliases, as they appear on statements. */
  merchants: list,
  oauth: z
    .strictObject({
      /** App names shown on consent screens, any provider. */
      names: list,
      googleClientIds: list,
      entraAppIds: list,
      publishers: list,
      /** The product has no OAuth app of its own (a library, a card-only service): the lint stops asking for names. */
      none: z.boolean().optional(),
    })
    .default({ names: [], googleClientIds: [], entraAppIds: [], publishers: [] }),
  skus: z.array(skuSchema).default([]),
  packages: z.partialRecord(ecosystemSchema, z.array(nonEmpty)).default({}),
  githubApps: list,
  /** Names used by repository artefacts: assistant config files, MCP server packages. */
  artefacts: list,
  /**
   * Names of the product that ordinary businesses and products share ("JASPER", "Runway",
   * "Harvey"): as a card descriptor or an OAuth app name they identify the entry only when other
   * evidence agrees (an AI word, the publisher, the memo, the expense category), and the reason
   * names that evidence.
   */
  ambiguous: list,
  extensions: z.array(extensionFingerprintSchema).default([]),
  desktopApps: z.array(desktopAppFingerprintSchema).default([]),
});

export const hintsSchema = z.strictObject({
  processesPersonalData: z.boolean().default(true),
  /** true/false where the vendor's default is documented; absent when unknown. */
  trainsOnCustomerDataByDefault: z.boolean().optional(),
  hrEmploymentUse: z.boolean().default(false),
  impliedRole: impliedRoleSchema.default('user'),
});

export const catalogEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case kebab-case'),
  vendor: nonEmpty,
  product: nonEmpty,
  category: categorySchema,
  /** Web and API hosts (registrable domains or subdomains) the product is used at: network logs match on them. */
  domains: list,
  /**
   * The vendor's SaaS product this AI feature is sold inside (Freddy AI in Freshdesk): it is
   * used at that product's hosts, which say nothing about the AI, so it names no domains of its
   * own and network traffic to the host product is never read as use of the AI feature.
   */
  featureOf: nonEmpty.optional(),
  /**
   * Public pages the entry rests on (vendor site, registry page, marketplace listing): every
   * fingerprint is traceable. A learned entry names the review instead (`unshadow:review/<system id>`).
   */
  sources: z.array(z.union([z.url({ protocol: /^https?$/ }), z.string().regex(REVIEW_SOURCE, 'a review source is unshadow:review/<AI system id>')])).default([]),
  fingerprints: fingerprintsSchema.default({
    merchants: [],
    oauth: { names: [], googleClientIds: [], entraAppIds: [], publishers: [] },
    skus: [],
    packages: {},
    githubApps: [],
    artefacts: [],
    ambiguous: [],
    extensions: [],
    desktopApps: [],
  }),
  hints: hintsSchema.default({ processesPersonalData: true, hrEmploymentUse: false, impliedRole: 'user' }),
  /**
   * Learned from a reviewer who confirmed a "possible AI" candidate (`unshadow catalog learn`):
   * it rests on the review and on the evidence seen here, so the lint asks it for no public page,
   * web domain or consent-screen name.
   */
  reviewed: z.boolean().optional(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type CatalogEntryInput = z.input<typeof catalogEntrySchema>;

/**
 * A suppression: a name that looks like an AI product but is not one (ANTHROPOLOGIE, the
 * Gemini crypto exchange). It wins over any fingerprint with the same normalised name.
 */
export const notAiSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: nonEmpty,
  reason: nonEmpty,
  merchants: list,
  oauthNames: list,
  packages: z.partialRecord(ecosystemSchema, z.array(nonEmpty)).default({}),
  /**
   * Learned from a reviewer's "not AI" decision (`unshadow catalog suppressions`): it overrides
   * catalog fingerprints on purpose, so the lint does not report the overlap.
   */
  reviewed: z.boolean().optional(),
});
export type NotAiEntry = z.infer<typeof notAiSchema>;

/**
 * Endpoint fingerprints (browser extensions, desktop apps) for an entry another file defines:
 * they are added to that entry, with the pages they rest on, so one product's fingerprints can
 * be kept by the people who know each signal without copying the entry.
 */
export const endpointFingerprintsSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  sources: z.array(z.url({ protocol: /^https?$/ })).min(1),
  extensions: z.array(extensionFingerprintSchema).default([]),
  desktopApps: z.array(desktopAppFingerprintSchema).default([]),
});
export type EndpointFingerprints = z.infer<typeof endpointFingerprintsSchema>;

/**
 * A vendor that sells products that are not AI besides the AI ones the catalog lists (GitLab,
 * Freshworks, Sentry): a seat list, a consent or an invoice that names only the company is not
 * thereby its AI product; what was bought must name the AI product or say AI.
 */
export const vendorFactsSchema = z.strictObject({
  /** As the entries' `vendor` writes it. */
  name: nonEmpty,
  /** What it sells that is not AI, in a few words ("Freshdesk helpdesk and CRM"). */
  otherProducts: nonEmpty,
});
export type VendorFacts = z.infer<typeof vendorFactsSchema>;

export const catalogFileSchema = z.strictObject({
  entries: z.array(catalogEntrySchema).default([]),
  notAi: z.array(notAiSchema).default([]),
  vendors: z.array(vendorFactsSchema).default([]),
  endpoints: z.array(endpointFingerprintsSchema).default([]),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/**
 * The entries with the endpoint fingerprints of their id added (each fingerprint once, sources
 * appended). Fingerprints for an id no entry has are returned apart: a user catalog may have
 * dropped the entry, and the caller decides whether that is an error.
 */
export function withEndpointFingerprints(entries: readonly CatalogEntry[], additions: readonly EndpointFingerprints[]): { entries: CatalogEntry[]; orphans: string[] } {
  const byId = new Map(additions.map((a) => [a.id, [] as EndpointFingerprints[]]));
  for (const addition of additions) byId.get(addition.id)!.push(addition);
  const used = new Set<string>();
  const merged = entries.map((entry) => {
    const own = byId.get(entry.id);
    if (!own) return entry;
    used.add(entry.id);
    const unique = <T>(items: T[]) => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
    return {
      ...entry,
      sources: unique([...entry.sources, ...own.flatMap((a) => a.sources)]),
      fingerprints: {
        ...entry.fingerprints,
        extensions: unique([...entry.fingerprints.extensions, ...own.flatMap((a) => a.extensions)]),
        desktopApps: unique([...entry.fingerprints.desktopApps, ...own.flatMap((a) => a.desktopApps)]),
      },
    };
  });
  return { entries: merged, orphans: [...byId.keys()].filter((id) => !used.has(id)) };
}

/** The loaded catalog: built-in files plus the user's extension. */
export interface Catalog {
  /** Content hash of every file that went in, recorded on each match. */
  version: string;
  entries: CatalogEntry[];
  notAi: NotAiEntry[];
  /** Vendors that sell products that are not AI too (absent: none known). */
  vendors?: VendorFacts[];
  /** Packages no entry names whose registry description is about AI; the catalog speaks first. */
  registry?: RegistryIndex;
}

/**
 * Package names whose registry summary is about AI, with the AI terms the summary used (never
 * the summary itself). `lookup` reads the bundled list of an ecosystem on first use, which the
 * matcher asks for when it is compiled, so matching itself never reads a file. It answers
 * normalised names (as `normalisePackage` writes them), undefined for ecosystems it lacks.
 */
export interface RegistryIndex {
  lookup(ecosystem: Ecosystem): ((name: string) => string | undefined) | undefined;
}
