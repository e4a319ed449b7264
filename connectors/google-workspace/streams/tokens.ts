import { z } from 'zod';
import { type ConnectorRuntime, type Page, PermanentSourceError } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { Semaphore } from '../concurrency.js';
import { runDeferring } from '../deferral.js';
import { GoogleNotFoundError } from '../failures.js';
import { callGoogle, getAdminJson } from '../http.js';
import { holderStatus, tokenObservation, tokenResourceSchema } from '../normalise.js';
import { callsInFlight, SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { sessionFor, type GoogleSession } from '../session.js';
import { parseCursor } from './cursor.js';
import { usersWithTokenEvents } from './token-activity.js';

/**
 * `tokens`: every OAuth token every user has granted, suspended and archived users included
 * (suspension does not revoke tokens; their grants are marked with `holderStatus`). One page =
 * one users.list page (500 users) + one tokens.list call per user, paced, with bounded
 * concurrency, a failed call repeated alone. A user whose call must wait out a long Retry-After
 * or backoff when nothing else of the page can go on is carried over to the next page (see
 * deferral.ts): a page returns the tokens of the users that answered, never half a user.
 * Cursor: `{pageToken?, done?, pending?}` — the next users.list page (the token is valid three
 * days), or `done` when the listing was read to the end, and the users carried over; null when
 * every user answered.
 *
 * Incremental listing: after a complete scan, and while the last full listing a complete scan
 * confirmed is younger than `fullListingDays`, the first page asks the Reports API which users
 * granted or revoked a token since the last complete scan (a day earlier, for events Google
 * reports late) and lists only them (`done` with them all `pending`, USERS_PER_PAGE a page),
 * vouching for every other user's grants as unchanged. What events do not say (a user suspended
 * or deleted since) waits for the next full listing. Without the Reports scope, every scan is a
 * full listing.
 */

export const TOKENS_SCOPES = [SCOPES.userRead, SCOPES.userSecurity];

const userSchema = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  suspended: z.boolean().nullish(),
  archived: z.boolean().nullish(),
});
/** https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/list */
const usersPageSchema = z.object({ users: z.array(userSchema).nullish(), nextPageToken: z.string().nullish() });
/** https://developers.google.com/workspace/admin/directory/reference/rest/v1/tokens/list — a user without tokens answers without `items`. */
const tokensListSchema = z.object({ items: z.array(tokenResourceSchema).nullish() });

const pendingSchema = z.object({ id: z.string().min(1), primaryEmail: z.string().min(1), suspended: z.boolean().optional(), archived: z.boolean().optional(), notBefore: z.number() });
export const tokensCursorSchema = z
  .strictObject({ pageToken: z.string().min(1).optional(), done: z.literal(true).optional(), pending: z.array(pendingSchema).optional() })
  .nullish();

type User = z.infer<typeof userSchema>;
type UsersPage = z.infer<typeof usersPageSchema>;

/** users.list's largest page, and the users an incremental page lists. */
const USERS_PER_PAGE = 500;
/** The item that remembers when a full listing was made (confirmed once its scan completes). */
const FULL_LISTING = 'full-listing';
/** How far before the last complete scan token events are read again: the Reports API can report an event hours late. */
const REPORTS_LAG_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

/** Key prefix of one user's grants (grantKey). */
const userPrefix = (email: string) => `gws:token:${email.trim().toLowerCase()}:`;

/**
 * The users with token events since the last complete scan, when this scan may list only them;
 * undefined when it must list everyone: no complete scan yet, no confirmed full listing in
 * `fullListingDays`, or no Reports API access.
 */
async function incrementalUsers(runtime: ConnectorRuntime<GoogleWorkspaceOptions>): Promise<string[] | undefined> {
  const days = runtime.options.fullListingDays;
  if (days === 0 || !runtime.lastCompleteScanAt) return undefined;
  const listing = runtime.known?.('tokens', FULL_LISTING);
  const listedAt = typeof listing?.state.at === 'string' ? Date.parse(listing.state.at) : Number.NaN;
  if (!listing?.confirmed || !(Date.now() - listedAt < days * DAY_MS)) return undefined;
  const since = new Date(Date.parse(runtime.lastCompleteScanAt) - REPORTS_LAG_MS).toISOString();
  try {
    return [...(await usersWithTokenEvents(runtime, since))].sort();
  } catch (error) {
    // A delegation without the Reports scope still lists everyone, as before it had one.
    if (error instanceof PermanentSourceError) return undefined;
    throw error;
  }
}

/**
 * The next users.list page, asked for while this page's tokens are read, so that a page does not
 * start with a round trip (or a throttled users.list waiting out its Retry-After). Kept per
 * session (one connection in this process), for the page token it answers.
 */
const ahead = new WeakMap<GoogleSession, { pageToken: string; users: Promise<UsersPage | undefined> }>();

function listUsers(session: GoogleSession, runtime: ConnectorRuntime<GoogleWorkspaceOptions>, pageToken: string | undefined): Promise<UsersPage> {
  const signal = runtime.signal;
  return callGoogle(
    session,
    runtime,
    { request: 'GET /admin/directory/v1/users', needs: [scopeName(SCOPES.userRead)], schema: usersPageSchema, signal },
    () =>
      session
        .directory(TOKENS_SCOPES)
        .users.list(
          { customer: runtime.options.customer, maxResults: USERS_PER_PAGE, projection: 'basic', fields: 'nextPageToken,users(id,primaryEmail,suspended,archived)', ...(pageToken ? { pageToken } : {}) },
          { signal },
        ),
  );
}

export async function fetchTokensPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown): Promise<Page> {
  let state = parseCursor(tokensCursorSchema, cursor, 'tokens');
  const session = sessionFor(runtime);
  const signal = runtime.signal;

  const vouched: Pick<Page, 'unchanged' | 'unchangedExcept' | 'items'> = {};
  if (!state) {
    const changed = await incrementalUsers(runtime);
    if (changed) {
      state = { done: true, pending: changed.map((email) => ({ id: email, primaryEmail: email, notBefore: 0 })) };
      vouched.unchanged = ['gws:token:'];
      vouched.unchangedExcept = changed.map(userPrefix);
    } else {
      vouched.items = [{ item: FULL_LISTING, state: { at: new Date().toISOString() } }];
    }
  }

  const waiting = state?.pending ?? [];
  const carried = waiting.slice(0, USERS_PER_PAGE).map(({ notBefore, ...user }) => ({ item: user, notBefore }));
  const later = waiting.slice(USERS_PER_PAGE);
  let listed: UsersPage = {};
  if (!state?.done) {
    const prefetched = ahead.get(session);
    ahead.delete(session);
    // A prefetch that failed is asked again here, where its failure is the page's.
    listed = (prefetched && prefetched.pageToken === state?.pageToken ? await prefetched.users : undefined) ?? (await listUsers(session, runtime, state?.pageToken));
    const next = listed.nextPageToken;
    if (next) ahead.set(session, { pageToken: next, users: listUsers(session, runtime, next).catch(() => undefined) });
  }
  const users = [...carried, ...(listed.users ?? []).map((user) => ({ item: user, notBefore: 0 }))];

  const gate = new Semaphore(callsInFlight(runtime.options));
  const auth = session.auth(TOKENS_SCOPES);
  const { results, deferred } = await runDeferring(users, { signal, canDefer: Boolean(listed.nextPageToken) || later.length > 0 }, async (user: User, control): Promise<Observation[]> => {
    let tokens;
    try {
      tokens = await callGoogle(
        session,
        runtime,
        { request: `GET /admin/directory/v1/users/${user.id}/tokens`, needs: [scopeName(SCOPES.userSecurity)], schema: tokensListSchema, signal: control.signal, gate, control },
        () => getAdminJson(session, auth, `/admin/directory/v1/users/${encodeURIComponent(user.id)}/tokens`, control.signal),
      );
    } catch (error) {
      // Deleted between users.list and tokens.list: nothing to report for them.
      if (error instanceof GoogleNotFoundError) return [];
      throw error;
    }
    const status = holderStatus(user);
    return (tokens.items ?? []).map((token) => tokenObservation(token, user.primaryEmail, status));
  });

  const pending = [...later, ...deferred.map(({ item, notBefore }) => ({ id: item.id, primaryEmail: item.primaryEmail, ...(item.suspended ? { suspended: true } : {}), ...(item.archived ? { archived: true } : {}), notBefore }))];
  const next = listed.nextPageToken ? { pageToken: listed.nextPageToken, ...(pending.length ? { pending } : {}) } : pending.length ? { done: true, pending } : null;
  return { observations: results.flat(), next, ...vouched };
}
