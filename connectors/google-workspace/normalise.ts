import { z } from 'zod';
import type { Observation, OauthGrantAttributes } from '../../src/domain/observation.js';
import { rateScopes } from '../../src/domain/scope-exposure.js';

/**
 * Google OAuth token → `oauth_grant` observation, shared by the `tokens` stream, the
 * `token-activity` stream and the offline import, so all three give the same key and attributes
 * for the same grant: `gws:token:<user email>:<client id>`.
 */

/** The fields of a Directory API token resource this connector reads. */
export const tokenResourceSchema = z.object({
  clientId: z.string().trim().min(1, 'clientId is empty'),
  displayText: z.string().nullish(),
  scopes: z.array(z.string()).nullish(),
  anonymous: z.boolean().nullish(),
  nativeApp: z.boolean().nullish(),
  userKey: z.string().nullish(),
});
export type TokenResource = z.infer<typeof tokenResourceSchema>;

export function grantKey(userEmail: string, clientId: string): string {
  return `gws:token:${userEmail.trim().toLowerCase()}:${clientId.trim()}`;
}

/** Trimmed, non-empty, each once, in the order given. */
export function cleanScopes(scopes: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  for (const scope of scopes ?? []) {
    const value = scope.trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

export type HolderStatus = NonNullable<OauthGrantAttributes['holderStatus']>;

/**
 * A suspended or archived user's tokens are not revoked (suspension blocks sign-in, not the
 * refresh tokens apps hold), so their grants are kept and marked; an active user's carry no mark.
 */
export function holderStatus(user: { suspended?: boolean | null | undefined; archived?: boolean | null | undefined }): HolderStatus | undefined {
  if (user.archived) return 'archived';
  if (user.suspended) return 'suspended';
  return undefined;
}

export interface GrantInput {
  clientId: string;
  appName?: string | null | undefined;
  scopes?: readonly string[] | null | undefined;
  userEmail: string;
  holderStatus?: HolderStatus | undefined;
}

export function grantObservation(input: GrantInput): Observation {
  const scopes = cleanScopes(input.scopes);
  const appId = input.clientId.trim();
  return {
    kind: 'oauth_grant',
    key: grantKey(input.userEmail, appId),
    attributes: {
      provider: 'google',
      appName: input.appName?.trim() || appId,
      appId,
      scopes,
      user: input.userEmail.trim().toLowerCase(),
      ...(input.holderStatus ? { holderStatus: input.holderStatus } : {}),
      grantType: 'delegated',
      exposure: rateScopes(scopes),
    },
  };
}

/** One Directory API token of `userEmail` (native and anonymous apps included: they are apps too). */
export function tokenObservation(token: TokenResource, userEmail: string, status?: HolderStatus): Observation {
  return grantObservation({ clientId: token.clientId, appName: token.displayText, scopes: token.scopes, userEmail, holderStatus: status });
}
