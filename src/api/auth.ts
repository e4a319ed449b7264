import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { allows, type Principal, type Role } from '../domain/access.js';
import { findSession, principalForToken } from '../inventory/access.js';
import type { ApiDeps, ApiEnv } from './context.js';

export const SESSION_COOKIE = 'unshadow_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /api route but login needs a caller: a bearer API token, or a session cookie. A cookie
 * is sent by the browser on its own, so changes made with one must also carry the session's
 * CSRF token in a header, which another site's page cannot read or set.
 */
export function authenticate(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const principal = await principalForToken(deps.db, bearer);
      if (!principal) return c.json({ error: 'the API token is unknown or revoked', hint: 'Create one with `unshadow tokens create --role <role>`.' }, 401);
      c.set('principal', principal);
      c.set('via', 'token');
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? await findSession(deps.db, cookie) : undefined;
    if (!session) return c.json({ error: 'not signed in', hint: 'Sign in at /login, or send Authorization: Bearer <API token>.' }, 401);
    if (!SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)) {
      return c.json({ error: 'missing or wrong CSRF token', hint: `Send the session's csrfToken in the ${CSRF_HEADER} header.` }, 403);
    }
    c.set('principal', session.principal);
    c.set('via', 'session');
    return next();
  };
}

/** The route's role, enforced on the server whatever the console shows. */
export function requireRole(role: Role): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!allows(principal.role, role)) return c.json({ error: `this needs the ${role} role; you are ${principal.role}`, hint: 'Ask an admin for a token or user with that role.' }, 403);
    return next();
  };
}

export const principalOf = (c: Context<ApiEnv>): Principal => c.get('principal');

/** Compares in constant time: hashing first makes the lengths equal and hides the expected one. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
