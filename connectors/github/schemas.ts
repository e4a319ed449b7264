import { z } from 'zod';

/**
 * The documented shapes of the GitHub answers the connector reads (lenient: extra fields pass,
 * only what is used is required). An answer that does not fit — a body cut off, `""`, an HTML
 * error page — is a failed request, retried, never an empty listing.
 * https://docs.github.com/en/rest (the pages are named above each schema).
 */

const login = z.looseObject({ login: z.string() });

/** GET /orgs/{org}/repos — https://docs.github.com/en/rest/repos/repos#list-organization-repositories */
export const repoSchema = z.looseObject({
  name: z.string(),
  full_name: z.string(),
  owner: login,
  archived: z.boolean().optional(),
  default_branch: z.string().nullish(),
  pushed_at: z.string().nullish(),
});
export const reposSchema = z.array(repoSchema);
export type Repo = z.infer<typeof repoSchema>;

/** GET /orgs/{org}/installations — https://docs.github.com/en/rest/orgs/orgs#list-app-installations-for-an-organization */
export const installationsSchema = z.looseObject({
  total_count: z.number().optional(),
  installations: z.array(
    z.looseObject({
      id: z.number(),
      app_slug: z.string().nullish(),
      app_name: z.string().nullish(),
      permissions: z.record(z.string(), z.unknown()).nullish(),
    }),
  ),
});

/** GET /orgs/{org}/copilot/billing — https://docs.github.com/en/rest/copilot/copilot-user-management */
export const copilotBillingSchema = z.looseObject({
  plan_type: z.string().nullish(),
  seat_breakdown: z.looseObject({ total: z.number().nullish(), active_this_cycle: z.number().nullish() }).nullish(),
});

/** GET /orgs/{org}/copilot/billing/seats */
export const copilotSeatsSchema = z.looseObject({
  total_seats: z.number().optional(),
  seats: z.array(z.looseObject({ plan_type: z.string().nullish(), assignee: z.looseObject({ login: z.string().nullish() }).nullish() })),
});

/** GET /repos/{owner}/{repo}/dependency-graph/sbom — https://docs.github.com/en/rest/dependency-graph/sboms */
export const sbomSchema = z.looseObject({
  sbom: z.looseObject({
    name: z.string().optional(),
    packages: z.array(
      z.looseObject({
        SPDXID: z.string().optional(),
        name: z.string().optional(),
        versionInfo: z.string().optional(),
        externalRefs: z.array(z.looseObject({ referenceType: z.string().optional(), referenceLocator: z.string().optional() })).optional(),
      }),
    ),
    relationships: z.array(z.looseObject({ relationshipType: z.string().optional(), spdxElementId: z.string().optional(), relatedSpdxElement: z.string().optional() })).optional(),
  }),
});

/** GET /repos/{owner}/{repo}/git/trees/{sha}?recursive=1 — https://docs.github.com/en/rest/git/trees */
export const treeSchema = z.looseObject({
  tree: z.array(z.looseObject({ path: z.string().optional(), type: z.string().optional() })),
  truncated: z.boolean().optional(),
});

/** GET /repos/{owner}/{repo}/contents/{path} — a file (a folder answers a list). */
export const contentSchema = z.union([
  z.looseObject({ type: z.string(), encoding: z.string().nullish(), content: z.string().nullish() }),
  z.array(z.unknown()),
]);
