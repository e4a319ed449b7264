import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { endSession, findSession, principalForPassword, principalForToken, SESSION_MS, createSession } from '../../inventory/access.js';
import { reserveSignIn, signInSucceeded } from '../../inventory/login-throttle.js';
import { SESSION_COOKIE } from '../auth.js';
import type { Context } from 'hono';
import type { Principal } from '../../domain/access.js';
import type { Api, ApiDeps, ApiEnv } from '../context.js';
import { clientAddress } from '../guards.js';
import { errorSchema, noBody, ok, principalSchema, SECURITY } from '../openapi.js';
import { strictInput } from '../../domain/validation.js';

export const sessionSchema = z.object({ principal: principalSchema, csrfToken: z.string().nullable() }).openapi('Session');
const loginSchema = strictInput({ token: z.string().min(1).optional(), username: z.string().min(1).optional(), password: z.string().min(1).optional() })
  .refine((body) => (body.token !== undefined ? body.username === undefined && body.password === undefined : body.username !== undefined && body.password !== undefined), {
    message: 'send either a token, or a username and a password',
  })
  .openapi('Login');

/** A browser session for the principal: the cookie is HttpOnly, SameSite=Strict, Secure over https; the CSRF token goes in the answer. */
export async function startSession(c: Context<ApiEnv>, deps: ApiDeps, principal: Principal): Promise<{ principal: Principal; csrfToken: string }> {
  const session = await createSession(deps.db, principal);
  setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', secure: deps.config.publicUrl?.startsWith('https:') ?? false, path: '/', maxAge: SESSION_MS / 1000 });
  return { principal, csrfToken: session.csrfToken };
}

/** Sign in with an API token or a local user. */
export function sessionRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/session',
      summary: 'Sign in (browser session)',
      request: { body: { content: { 'application/json': { schema: loginSchema } }, required: true } },
      responses: { ...ok(sessionSchema, 'Signed in; the session cookie is set'), 429: { description: 'Too many failed sign-ins', content: { 'application/json': { schema: errorSchema } } } },
    }),
    async (c) => {
      const client = clientAddress(c, deps.config);
      const body = c.req.valid('json');
      // Counted before the password is hashed: parallel guesses each take an attempt.
      const reservation = await reserveSignIn(deps.db, { address: client, ...(body.username !== undefined ? { account: body.username } : {}) });
      if (!reservation.ok) {
        const seconds = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
        c.header('retry-after', String(seconds));
        const who = reservation.reason === 'account' ? 'for this account' : 'from this address';
        return c.json({ error: `too many failed sign-ins ${who}`, hint: `Try again in ${seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`}.` }, 429);
      }
      const principal = body.token !== undefined ? await principalForToken(deps.db, body.token) : await principalForPassword(deps.db, body.username!, body.password!);
      if (!principal) {
        deps.log.warn({ client, ...(body.username !== undefined ? { account: body.username.slice(0, 100) } : {}) }, 'failed sign-in');
        return c.json({ error: 'wrong token, user name or password' }, 401);
      }
      await signInSucceeded(deps.db, reservation);
      return c.json(await startSession(c, deps, principal), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/session', summary: 'Who is signed in', security: SECURITY, responses: ok(sessionSchema, 'The caller, and the CSRF token of a cookie session') }),
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      const session = c.get('via') === 'session' && cookie ? await findSession(deps.db, cookie) : undefined;
      return c.json({ principal: c.get('principal'), csrfToken: session?.csrfToken ?? null }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'delete', path: '/api/session', summary: 'Sign out', security: [{ session: [] as string[] }], request: noBody, responses: { 204: { description: 'Signed out' } } }),
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await endSession(deps.db, cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
}
