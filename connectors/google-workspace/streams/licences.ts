import { z } from 'zod';
import { PermanentSourceError, type ConnectorRuntime, type Page } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { GoogleNotFoundError } from '../failures.js';
import { callGoogle } from '../http.js';
import { GEMINI_PRODUCTS, SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { sessionFor, type GoogleSession } from '../session.js';
import { parseCursor } from './cursor.js';

/**
 * `licences`: who holds a Gemini for Workspace licence, from the Enterprise License Manager
 * (licenseAssignments.listForProduct for each Gemini product, 1000 per page). A product the
 * customer never bought answers 404 or "not available": that product is empty, not a failure.
 * Cursor: `{productIndex, pageToken?, customerId}`.
 */

const assignmentSchema = z.object({
  userId: z.string().min(1),
  productId: z.string().nullish(),
  productName: z.string().nullish(),
  skuId: z.string().min(1),
  skuName: z.string().nullish(),
});
/** https://developers.google.com/workspace/admin/licensing/v1/reference/licenseAssignments/listForProduct */
const assignmentsPageSchema = z.object({ items: z.array(assignmentSchema).nullish(), nextPageToken: z.string().nullish() });
/** users.list cut to `users(customerId)`. */
const customerIdSchema = z.object({ users: z.array(z.object({ customerId: z.string().nullish() })).nullish() });

const cursorSchema = z
  .object({ productIndex: z.number().int().min(0), pageToken: z.string().min(1).nullish(), customerId: z.string().min(1) })
  .nullish();

/** The Licensing API wants the customer id (C0123abcd), not `my_customer`: read it off any user. */
export async function resolveCustomerId(session: GoogleSession, runtime: ConnectorRuntime<GoogleWorkspaceOptions>): Promise<string> {
  const { customer, adminEmail } = session.options;
  if (customer !== 'my_customer') return customer;
  const signal = runtime.signal;
  const answer = await callGoogle(
    session,
    runtime,
    { request: 'GET /admin/directory/v1/users', needs: [scopeName(SCOPES.userRead)], schema: customerIdSchema, signal },
    () => session.directory([SCOPES.userRead]).users.list({ customer, maxResults: 1, fields: 'users(customerId)' }, { signal }),
  );
  // Older tenants: the Licensing API also takes the primary domain.
  return answer.users?.[0]?.customerId || adminEmail.split('@')[1]!;
}

const NOT_AVAILABLE = /not available|product[^.]*not (found|exist)|invalid product/i;

export async function listAssignments(
  session: GoogleSession,
  runtime: ConnectorRuntime<GoogleWorkspaceOptions>,
  productId: string,
  customerId: string,
  pageToken: string | undefined,
  maxResults: number,
): Promise<z.infer<typeof assignmentsPageSchema>> {
  const signal = runtime.signal;
  try {
    return await callGoogle(
      session,
      runtime,
      { request: `GET /apps/licensing/v1/product/${productId}/users`, needs: [scopeName(SCOPES.licensing)], schema: assignmentsPageSchema, signal },
      () =>
        session.auth([SCOPES.licensing]).request({
          url: `${session.licensingRoot}/apps/licensing/v1/product/${encodeURIComponent(productId)}/users`,
          params: { customerId, maxResults, ...(pageToken ? { pageToken } : {}) },
          retry: false,
          timeout: 60_000,
          ...(signal ? { signal } : {}),
        }),
    );
  } catch (error) {
    // A product the customer has no subscription to: empty, not a failure. Only a refusal says
    // so: a 503 "service not available" is a failure to retry, never an empty product.
    if (error instanceof GoogleNotFoundError || (error instanceof PermanentSourceError && NOT_AVAILABLE.test(error.message))) {
      return { items: [], nextPageToken: undefined };
    }
    throw error;
  }
}

export async function fetchLicencesPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown): Promise<Page> {
  const session = sessionFor(runtime);
  const parsed = parseCursor(cursorSchema, cursor, 'licences');
  const state = parsed ?? { productIndex: 0, pageToken: undefined, customerId: await resolveCustomerId(session, runtime) };
  const productId = GEMINI_PRODUCTS[state.productIndex];
  if (!productId) return { observations: [], next: null };
  const page = await listAssignments(session, runtime, productId, state.customerId, state.pageToken ?? undefined, 1000);
  const observations: Observation[] = (page.items ?? []).map((item) => {
    const user = item.userId.trim().toLowerCase();
    const product = item.productId?.trim() || productId;
    return {
      kind: 'licence',
      key: `gws:licence:${product}:${item.skuId}:${user}`,
      attributes: { provider: 'google', skuId: item.skuId, skuName: item.skuName?.trim() || item.productName?.trim() || item.skuId, user },
    };
  });
  const next = page.nextPageToken
    ? { productIndex: state.productIndex, pageToken: page.nextPageToken, customerId: state.customerId }
    : state.productIndex + 1 < GEMINI_PRODUCTS.length
      ? { productIndex: state.productIndex + 1, customerId: state.customerId }
      : null;
  return { observations, next };
}
