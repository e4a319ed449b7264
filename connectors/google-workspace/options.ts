import { z } from 'zod';

/** Options of a google-workspace connection, as `connections add` takes them (camelCase). */
export const DEFAULT_API_ROOT = 'https://admin.googleapis.com';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Licensing lives on its own host; with a non-default apiRoot it goes to apiRoot like every other call. */
export const DEFAULT_LICENSING_ROOT = 'https://licensing.googleapis.com';

const rootUrl = z
  .url({ protocol: /^https?$/ })
  .transform((value) => value.replace(/\/+$/, ''));

export const googleWorkspaceOptionsSchema = z.strictObject({
  /** `my_customer` (the admin's own account) or a customer id such as C0123abcd. */
  customer: z.string().trim().min(1).default('my_customer'),
  /** The super admin the service account impersonates (domain-wide delegation `sub`). */
  adminEmail: z.email(),
  /** Replaces scheme and host of every Admin SDK call (national clouds, proxies, test doubles). */
  apiRoot: rootUrl.default(DEFAULT_API_ROOT),
  /** Where the signed JWT assertion is exchanged for an access token. */
  tokenUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_TOKEN_URL),
  /** Client-side pacing of Directory API calls (tokens.list is one call per user). */
  requestsPerSecond: z.coerce.number().positive().max(100).default(10),
  /** tokens.list calls in flight at once. */
  concurrency: z.coerce.number().int().min(1).max(32).default(4),
  /** Attempts per call inside a page when Google says "slow down" or fails transiently. */
  retryAttempts: z.coerce.number().int().min(1).max(10).default(5),
  /** First backoff when Google sends no Retry-After; doubles per attempt (capped at 32 s). */
  retryBaseMs: z.coerce.number().int().min(0).max(60_000).default(1000),
});

export type GoogleWorkspaceOptions = z.infer<typeof googleWorkspaceOptionsSchema>;

export const SCOPES = {
  userRead: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  userSecurity: 'https://www.googleapis.com/auth/admin.directory.user.security',
  reports: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  licensing: 'https://www.googleapis.com/auth/apps.licensing',
} as const;

/** Short scope names for messages ("admin.directory.user.security"). */
export function scopeName(scope: string): string {
  return scope.replace('https://www.googleapis.com/auth/', '');
}

/** The scopes each stream's access token carries (one token per scope set, so one missing scope fails only its stream). */
export const STREAM_SCOPES = {
  tokens: [SCOPES.userRead, SCOPES.userSecurity],
  licences: [SCOPES.userRead, SCOPES.licensing],
  'token-activity': [SCOPES.reports],
} as const;

/** Gemini for Workspace products in the Enterprise License Manager (products table of the Licensing API). */
export const GEMINI_PRODUCTS = ['101047', '101068'] as const;
