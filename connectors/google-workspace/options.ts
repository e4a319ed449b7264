import { z } from 'zod';
import { catchUpWithin } from '../../src/domain/pacing.js';

/** Options of a google-workspace connection, as `connections add` takes them (camelCase); titles and descriptions are the labels and help of the console's form and of `connections add google-workspace --help`. */
export const DEFAULT_API_ROOT = 'https://admin.googleapis.com';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Licensing lives on its own host; with a non-default apiRoot it goes to apiRoot like every other call. */
export const DEFAULT_LICENSING_ROOT = 'https://licensing.googleapis.com';

/** The Directory API's default quota: 2,400 queries a minute (see requestsPerSecond). */
export const DEFAULT_REQUESTS_PER_SECOND = 40;
/** A quarter second of calls at the highest pace requestsPerSecond takes. */
const MAX_CALLS_IN_FLIGHT = 250;
/** Google's exponential backoff tops out at 32 s (https://developers.google.com/workspace/admin/directory/v1/limits#backoff). */
export const RETRY_MAX_DELAY_MS = 32_000;
/**
 * Retries of one scan job, every call together (`retryRequest`'s budget). tokens.list is one call
 * per user: at the fault rates seen in practice (a 429 in twenty, a 5xx in fifty) a 20,000-user
 * domain needs over a thousand retries, and the shared default of 200 would end the job every
 * 3,000 users and read a page of 500 again. Spent, the page fails and the runner takes over.
 */
export const RETRY_BUDGET = 2_000;

const rootUrl = z
  .url({ protocol: /^https?$/ })
  .transform((value) => value.replace(/\/+$/, ''));

export const googleWorkspaceOptionsSchema = z.strictObject({
  /** `my_customer` (the admin's own account) or a customer id such as C0123abcd. */
  customer: z.string().trim().min(1).default('my_customer').describe("my_customer (the admin's own account) or a customer id such as C0123abcd").meta({ title: 'Customer' }),
  /** The super admin the service account impersonates (domain-wide delegation `sub`). */
  adminEmail: z.email('expected the e-mail address of a super admin').describe('The super admin the service account acts as (domain-wide delegation)').meta({ title: 'Admin e-mail' }),
  /** Replaces scheme and host of every Admin SDK call (national clouds, proxies, test doubles). */
  apiRoot: rootUrl.default(DEFAULT_API_ROOT).describe('Replaces scheme and host of every Admin SDK call (proxies, test doubles)').meta({ title: 'Admin SDK URL' }),
  /** Where the signed JWT assertion is exchanged for an access token. */
  tokenUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_TOKEN_URL).describe('Where the signed assertion is exchanged for an access token').meta({ title: 'Token URL' }),
  /**
   * Client-side pacing of every Admin SDK call (tokens.list is one call per user). The default
   * is the Directory API's documented default quota, 2,400 queries per minute per user (the
   * impersonated admin) per Cloud project = 40/s
   * (https://developers.google.com/workspace/admin/directory/v1/limits); the Reports API's
   * limits page gives no number (both are admin.googleapis.com, whose quotas are on the Admin
   * SDK API Quotas page of the project). A project whose quota was raised there can go higher;
   * the pacer finds a lower one by itself.
   */
  requestsPerSecond: z.coerce.number().positive().max(1000).default(DEFAULT_REQUESTS_PER_SECOND).describe('Admin SDK calls a second at most; the default is Google\'s default quota, and the pace slows down by itself when Google asks').meta({ title: 'Requests per second' }),
  /**
   * The window Google counts the quota over: a minute for the Directory API's 2,400 queries
   * (https://developers.google.com/workspace/admin/directory/v1/limits). A worker busy with other
   * work (matching, storing another scan's pages) sends its calls late; the slots it missed may
   * still go at once, 1 % of this window at most (catchUpWithin: 600 ms at a minute), and any
   * window then holds at most 0.97 × 1.01 of the quota. What 20 ms cost a scan, measured: the
   * connector README's Quotas section.
   */
  quotaWindowSeconds: z.coerce.number().positive().max(3600).default(60).describe('Seconds Google counts the quota over (60: per minute); calls a busy worker held back may go late by 1 % of it').meta({ title: 'Quota window (s)' }),
  /**
   * Calls in flight at once; by default a quarter second of calls at requestsPerSecond (see
   * callsInFlight). At 40 calls a second and 100–250 ms an answer, 4 would cap the pace at
   * 16–40/s; Google's Reports API limits page suggests starting with 10
   * (https://developers.google.com/workspace/admin/reports/v1/limits).
   */
  concurrency: z.coerce.number().int().min(1).max(MAX_CALLS_IN_FLIGHT).optional().describe('Calls in flight at once; by default enough for the pace (10 at 40 a second, a quarter second of calls above that)').meta({ title: 'Calls at once' }),
  /**
   * tokens.list is one call per user: 100,000 users are 100,000 calls, 42 minutes at the default
   * quota. Between full listings a scan reads the Reports API's token events (authorize, revoke)
   * since the last complete scan and lists again only the users they name; everyone else's
   * grants are vouched for as unchanged. A full listing every few days catches what events do not
   * say (a user suspended or deleted, events Google reported late). 0: every scan lists everyone.
   */
  fullListingDays: z.coerce.number().int().min(0).max(90).default(7).describe('Days between full listings of every user\'s tokens; scans in between list only the users with token events since the last scan (Reports API). 0 lists everyone every scan').meta({ title: 'Full token listing every (days)' }),
  /** Tries of one call, the first included, when Google says "slow down" or fails transiently. */
  retryAttempts: z.coerce.number().int().min(1).max(10).default(5).describe('Tries of one call, the first included, when Google says "slow down" or fails for a moment').meta({ title: 'Tries per call' }),
  /** First backoff when a call fails (or Google says "slow down" without Retry-After); doubles per attempt (capped at 32 s), with jitter. */
  retryBaseMs: z.coerce.number().int().min(0).max(60_000).default(1000).describe('Milliseconds before the first retry; doubles per attempt, up to 32 s').meta({ title: 'First retry after (ms)' }),
});

export type GoogleWorkspaceOptions = z.infer<typeof googleWorkspaceOptionsSchema>;

/** How late a slot a busy worker missed may still go: 1 % of the quota's window. */
export const quotaCatchUpMs = (options: Pick<GoogleWorkspaceOptions, 'quotaWindowSeconds'>): number => catchUpWithin(options.quotaWindowSeconds * 1000);

/**
 * Calls in flight: as set, or a quarter second of calls at the pace (10 at Google's default 40 a
 * second). A project whose quota was raised needs more in flight to use it: at 600 a second and
 * 20 ms an answer, 10 in flight held a scan to about 500 a second (bench:scale's Google double),
 * and 32 still held it to 1.26-1.36x its quota-bound minimum on a busy two-core machine, where
 * an answer waits behind the worker's other work; 150 gave 1.22x. At Google's real 100-250 ms an
 * answer, 32 would cap a raised quota at 130-320 calls a second.
 */
export const callsInFlight = (options: Pick<GoogleWorkspaceOptions, 'concurrency' | 'requestsPerSecond'>): number =>
  options.concurrency ?? Math.min(MAX_CALLS_IN_FLIGHT, Math.max(10, Math.ceil(options.requestsPerSecond / 4)));

export const SCOPES = {
  userRead: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  userSecurity: 'https://www.googleapis.com/auth/admin.directory.user.security',
  reports: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  licensing: 'https://www.googleapis.com/auth/apps.licensing',
  chromeReports: 'https://www.googleapis.com/auth/chrome.management.reports.readonly',
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
  'chrome-apps': [SCOPES.chromeReports],
} as const;

/** Gemini for Workspace products in the Enterprise License Manager (products table of the Licensing API). */
export const GEMINI_PRODUCTS = ['101047', '101068'] as const;
