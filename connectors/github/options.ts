import { z } from 'zod';

/**
 * Options of a GitHub connection (`connections add github --org O --token env:VAR [--api-url URL]`).
 * `apiUrl` is the REST root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.
 */
/** Titles and descriptions are the labels and help of the console's form and of `connections add github --help`. */
export const githubOptionsSchema = z.strictObject({
  org: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38})$/i, 'expected an organisation login such as northwind-analytics')
    .describe('The organisation login (github.com/<org>)')
    .meta({ title: 'Organisation' }),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.github.com or https://github.example.com/api/v3' })
    .refine((value) => !/[?#]/.test(value), 'expected a root URL without query or fragment')
    .default('https://api.github.com')
    .describe('The REST root: https://HOST/api/v3 for GitHub Enterprise Server')
    .meta({ title: 'API URL' }),
  // A real boolean: z.coerce.boolean() read the word 'false' as true (the CLI turns words into booleans).
  includeArchived: z.boolean().default(false).describe('Scan archived repositories too').meta({ title: 'Include archived repositories' }),
  maxRepos: z.coerce.number().int().min(1).optional().describe('Scan at most this many repositories (after archived ones are skipped)').meta({ title: 'Repository limit' }),
  perPage: z.coerce.number().int().min(1).max(100).default(100).describe('Items per page (per_page); GitHub caps it at 100').meta({ title: 'Page size' }),
  /**
   * Repositories of a page read at once. One at a time, a scan is bound by each request's round
   * trip, not by the rate limit: at GitHub's 5,000 requests an hour that is fine, but a GitHub
   * Enterprise Server with a higher limit (or none) is read no faster than the round trips allow.
   * GitHub allows 100 concurrent requests (its secondary limits); a few are plenty.
   */
  concurrency: z.coerce.number().int().min(1).max(20).default(4).describe('Repositories read at once').meta({ title: 'Repositories at once' }),
  appId: z.coerce.number().int().positive().optional().describe('A GitHub App installed on the organisation, instead of a token (with its installation ID and private key)').meta({ title: 'GitHub App ID' }),
  installationId: z.coerce.number().int().positive().optional().describe("The GitHub App's installation id on the organisation").meta({ title: 'Installation ID' }),
});

export type GithubOptions = z.infer<typeof githubOptionsSchema>;

/** What each request needs, named in a 403's message: classic scope / fine-grained permission. */
export const SCOPES = {
  org: 'read:org (fine-grained: Organization "Members: read" or any org permission)',
  copilot: 'manage_billing:copilot or read:org, as an org owner (fine-grained: Organization "GitHub Copilot Business: read")',
  apps: 'admin:org or read:org, as an org owner (fine-grained: Organization "Administration: read")',
  repos: 'repo for private repositories (fine-grained: Repository "Metadata: read")',
  sbom: 'repo (fine-grained: Repository "Contents: read"); the dependency graph must be enabled',
  contents: 'repo (fine-grained: Repository "Contents: read")',
} as const;
