import { z } from 'zod';
import type { ConnectorRuntime, Page } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { callGoogle } from '../http.js';
import { grantObservation } from '../normalise.js';
import { SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { sessionFor } from '../session.js';
import { parseCursor } from './cursor.js';

/**
 * `token-activity`: OAuth consents (`authorize` events of the Reports API `token` application)
 * since the last complete scan, so a grant made and revoked between two scans is still seen.
 * Same key as the `tokens` stream (`gws:token:<email>:<clientId>`): a grant seen both ways is one
 * observation. Runs only incrementally: without `lastCompleteScanAt` the `tokens` stream already
 * has the full picture, and the page is empty. Cursor: `{startTime, pageToken?}`.
 */

export const TOKEN_ACTIVITY_SCOPES = [SCOPES.reports];

const parameterSchema = z.object({ name: z.string().nullish(), value: z.string().nullish(), multiValue: z.array(z.string()).nullish() }).loose();
const activitySchema = z.object({
  actor: z.object({ email: z.string().nullish(), profileId: z.string().nullish() }).nullish(),
  events: z.array(z.object({ name: z.string().nullish(), parameters: z.array(parameterSchema).nullish() })).nullish(),
});
/** https://developers.google.com/workspace/admin/reports/reference/rest/v1/activities/list */
const activitiesPageSchema = z.object({ items: z.array(activitySchema).nullish(), nextPageToken: z.string().nullish() });
const cursorSchema = z.object({ startTime: z.string().min(1), pageToken: z.string().min(1).nullish() }).nullish();

function listActivities(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, eventName: 'authorize' | 'revoke', startTime: string, pageToken: string | undefined) {
  const session = sessionFor(runtime);
  const signal = runtime.signal;
  return callGoogle(
    session,
    runtime,
    { request: 'GET /admin/reports/v1/activity/users/all/applications/token', needs: [scopeName(SCOPES.reports)], schema: activitiesPageSchema, signal },
    () =>
      session.reports(TOKEN_ACTIVITY_SCOPES).activities.list(
        {
          userKey: 'all',
          applicationName: 'token',
          eventName,
          startTime,
          maxResults: 1000,
          ...(runtime.options.customer !== 'my_customer' ? { customerId: runtime.options.customer } : {}),
          ...(pageToken ? { pageToken } : {}),
        },
        { signal },
      ),
  );
}

/**
 * The users (e-mail, lower case) with a token granted or revoked since `startTime`: the ones an
 * incremental listing of tokens reads again. Two event names, because the token application
 * also logs every API call an app makes with its token (`activity`), which is far more.
 */
export async function usersWithTokenEvents(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, startTime: string): Promise<Set<string>> {
  const users = new Set<string>();
  for (const eventName of ['authorize', 'revoke'] as const) {
    let pageToken: string | undefined;
    do {
      const page = await listActivities(runtime, eventName, startTime, pageToken);
      for (const activity of page.items ?? []) {
        const email = activity.actor?.email?.trim().toLowerCase();
        if (email) users.add(email);
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
  }
  return users;
}

export async function fetchTokenActivityPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown): Promise<Page> {
  const state = parseCursor(cursorSchema, cursor, 'token-activity') ?? (runtime.lastCompleteScanAt ? { startTime: runtime.lastCompleteScanAt, pageToken: undefined } : undefined);
  if (!state) return { observations: [], next: null };
  const page = await listActivities(runtime, 'authorize', state.startTime, state.pageToken ?? undefined);
  const observations: Observation[] = [];
  for (const activity of page.items ?? []) {
    const email = activity.actor?.email?.trim();
    if (!email) continue;
    for (const event of activity.events ?? []) {
      if (event.name !== 'authorize') continue;
      const parameter = (name: string) => event.parameters?.find((candidate) => candidate.name === name);
      const clientId = parameter('client_id')?.value?.trim();
      if (!clientId) continue;
      const scope = parameter('scope');
      observations.push(grantObservation({ clientId, appName: parameter('app_name')?.value, scopes: scope?.multiValue ?? (scope?.value ? scope.value.split(/\s+/) : []), userEmail: email }));
    }
  }
  return { observations, next: page.nextPageToken ? { startTime: state.startTime, pageToken: page.nextPageToken } : null };
}
