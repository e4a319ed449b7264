import type { admin_directory_v1 } from '@googleapis/admin';
import { z } from 'zod';
import type { ConnectorRuntime, Page } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { callGoogle, GoogleNotFoundError, mapBounded, Semaphore, type CallStats } from '../http.js';
import { tokenObservation, tokenResourceSchema } from '../normalise.js';
import { SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { sessionFor, type GoogleSession } from '../session.js';

/**
 * `tokens`: every OAuth token every active user has granted. One page = one users.list page
 * (500 users) + one tokens.list call per active user, paced and with bounded concurrency. The
 * page's observations are returned only when every user of the page answered (nothing half-done).
 * Cursor: `{pageToken}` of users.list (valid three days), null when done.
 */

export const TOKENS_SCOPES = [SCOPES.userRead, SCOPES.userSecurity];

const userSchema = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  suspended: z.boolean().nullish(),
  archived: z.boolean().nullish(),
});
const usersPageSchema = z.object({ users: z.array(userSchema).nullish(), nextPageToken: z.string().nullish() });
const tokensListSchema = z.object({ items: z.array(tokenResourceSchema).nullish() });

export const tokensCursorSchema = z.object({ pageToken: z.string().min(1) }).nullish();

export function malformed(request: string, issues: readonly { path: PropertyKey[]; message: string }[]): Error {
  const issue = issues[0];
  return new Error(`${request} answered a malformed payload${issue ? `: ${issue.path.join('.') || '(body)'} ${issue.message}` : ''}`);
}

export function parseCursor<T>(schema: z.ZodType<T>, cursor: unknown, stream: string): T {
  const parsed = schema.safeParse(cursor ?? null);
  if (!parsed.success) throw new Error(`google-workspace ${stream}: unusable cursor ${JSON.stringify(cursor)}`);
  return parsed.data;
}

export async function fetchTokensPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown, stats?: CallStats): Promise<Page> {
  const start = parseCursor(tokensCursorSchema, cursor, 'tokens');
  const session = sessionFor(runtime);
  const directory = session.directory(TOKENS_SCOPES);
  // The first failure of the page cancels the rest of it (calls waiting for a slot or in flight).
  const page = new AbortController();
  const cancel = () => page.abort(runtime.signal?.reason);
  if (runtime.signal?.aborted) cancel();
  else runtime.signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await tokensPage(runtime, session, directory, start, page, stats);
  } finally {
    runtime.signal?.removeEventListener('abort', cancel);
  }
}

async function tokensPage(
  runtime: ConnectorRuntime<GoogleWorkspaceOptions>,
  session: GoogleSession,
  directory: admin_directory_v1.Admin,
  start: { pageToken: string } | null | undefined,
  controller: AbortController,
  stats?: CallStats,
): Promise<Page> {
  const { customer, concurrency } = runtime.options;
  const signal = controller.signal;

  const usersRequest = 'GET /admin/directory/v1/users';
  const usersResponse = await callGoogle(
    session.pacer,
    session.policy,
    session.context(usersRequest, [scopeName(SCOPES.userRead)], signal),
    () =>
      directory.users.list(
        { customer, maxResults: 500, projection: 'basic', fields: 'nextPageToken,users(id,primaryEmail,suspended,archived)', ...(start ? { pageToken: start.pageToken } : {}) },
        { signal },
      ),
    stats,
  );
  const users = usersPageSchema.safeParse(usersResponse.data);
  if (!users.success) throw malformed(usersRequest, users.error.issues);
  const active = (users.data.users ?? []).filter((user) => !user.suspended && !user.archived);

  const tokensRequest = 'GET /admin/directory/v1/users/{userKey}/tokens';
  // `concurrency` calls in flight; more users in progress, so a user waiting out a Retry-After
  // does not stall the others.
  const gate = new Semaphore(concurrency);
  const perUser = await mapBounded(active, concurrency * 4, async (user): Promise<Observation[]> => {
    let response;
    try {
      response = await callGoogle(
        session.pacer,
        session.policy,
        session.context(tokensRequest, [scopeName(SCOPES.userSecurity)], signal),
        () => directory.tokens.list({ userKey: user.id }, { signal }),
        stats,
        gate,
      );
    } catch (error) {
      // Deleted between users.list and tokens.list: nothing to report for them.
      if (error instanceof GoogleNotFoundError) return [];
      controller.abort(error);
      throw error;
    }
    const tokens = tokensListSchema.safeParse(response.data);
    if (!tokens.success) {
      const error = malformed(tokensRequest.replace('{userKey}', user.id), tokens.error.issues);
      controller.abort(error);
      throw error;
    }
    return (tokens.data.items ?? []).map((token) => tokenObservation(token, user.primaryEmail));
  });

  return { observations: perUser.flat(), next: users.data.nextPageToken ? { pageToken: users.data.nextPageToken } : null };
}
