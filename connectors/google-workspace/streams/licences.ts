import { z } from 'zod';
import { RateLimitedError, type ConnectorRuntime, type Page } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';
import { callGoogle, GoogleNotFoundError, type CallStats } from '../http.js';
import { GEMINI_PRODUCTS, SCOPES, scopeName, type GoogleWorkspaceOptions } from '../options.js';
import { sessionFor, type GoogleSession } from '../session.js';
import { malformed, parseCursor } from './tokens.js';

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
const assignmentsPageSchema = z.object({ items: z.array(assignmentSchema).nullish(), nextPageToken: z.string().nullish() });

const cursorSchema = z
  .object({ productIndex: z.number().int().min(0), pageToken: z.string().min(1).nullish(), customerId: z.string().min(1) })
  .nullish();

/** The Licensing API wants the customer id (C0123abcd), not `my_customer`: read it off any user. */
export async function resolveCustomerId(session: GoogleSession, signal?: AbortSignal, stats?: CallStats): Promise<string> {
  const { customer, adminEmail } = session.options;
  if (customer !== 'my_customer') return customer;
  const request = 'GET /admin/directory/v1/users';
  const response = await callGoogle(
    session.pacer,
    session.policy,
    session.context(request, [scopeName(SCOPES.userRead)], signal),
    () => session.directory([SCOPES.userRead]).users.list({ customer, maxResults: 1, fields: 'users(customerId)' }, { signal }),
    stats,
  );
  const id = (response.data as { users?: { customerId?: unknown }[] } | undefined)?.users?.[0]?.customerId;
  // Older tenants: the Licensing API also takes the primary domain.
  return typeof id === 'string' && id ? id : adminEmail.split('@')[1]!;
}

const NOT_AVAILABLE = /not available|product[^.]*not (found|exist)|invalid product/i;

export async function listAssignments(session: GoogleSession, productId: string, customerId: string, pageToken: string | undefined, maxResults: number, signal?: AbortSignal, stats?: CallStats) {
  const request = `GET /apps/licensing/v1/product/${productId}/users`;
  let response;
  try {
    response = await callGoogle(
      session.pacer,
      session.policy,
      session.context(request, [scopeName(SCOPES.licensing)], signal),
      () =>
        session.auth([SCOPES.licensing]).request({
          url: `${session.licensingRoot}/apps/licensing/v1/product/${encodeURIComponent(productId)}/users`,
          params: { customerId, maxResults, ...(pageToken ? { pageToken } : {}) },
          retry: false,
          timeout: 60_000,
          ...(signal ? { signal } : {}),
        }),
      stats,
    );
  } catch (error) {
    // A product the customer has no subscription to: empty, not a failure.
    if (error instanceof GoogleNotFoundError || (!(error instanceof RateLimitedError) && NOT_AVAILABLE.test((error as Error).message))) return { items: [], nextPageToken: undefined };
    throw error;
  }
  const page = assignmentsPageSchema.safeParse(response.data);
  if (!page.success) throw malformed(request, page.error.issues);
  return page.data;
}

export async function fetchLicencesPage(runtime: ConnectorRuntime<GoogleWorkspaceOptions>, cursor: unknown, stats?: CallStats): Promise<Page> {
  const session = sessionFor(runtime);
  const parsed = parseCursor(cursorSchema, cursor, 'licences');
  const state = parsed ?? { productIndex: 0, pageToken: undefined, customerId: await resolveCustomerId(session, runtime.signal, stats) };
  const productId = GEMINI_PRODUCTS[state.productIndex];
  if (!productId) return { observations: [], next: null };
  const page = await listAssignments(session, productId, state.customerId, state.pageToken ?? undefined, 1000, runtime.signal, stats);
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
