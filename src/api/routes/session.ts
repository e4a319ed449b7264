import { createRoute, z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { endSession, findSession, principalForPassword, principalForToken, SESSION_MS, createSession } from '../../inventory/access.js';
import { LoginThrottle, SESSION_COOKIE } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { errorSchema, ok, principalSchema, SECURITY } from '../openapi.js';

const sessionSchema = z.object({ principal: principalSchema, csrfToken: z.string().nullable() }).openapi('Session');
const loginSchema = z.union([z.strictObject({ token: z.string().min(1) }), z.strictObject({ username: z.string().min(1), password: z.string().min(1) })]).openapi('Login');

/** Sign in with an API token or a local user; the cookie is HttpOnly, SameSite=Strict, Secure over https. */
export function sessionRoutes(app: Api, deps: ApiDeps, throttle: LoginThrottle): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/session',
      summary: 'Sign in (browser session)',
      request: { body: { content: { 'application/json': { schema: loginSchema } }, required: true } },
      responses: { ...ok(sessionSchema, 'Signed in; the session cookie is set'), 429: { description: 'Too many failed sign-ins', content: { 'application/json': { schema: errorSchema } } } },
    }),
    async (c) => {
      const client = clientAddress(c);
      const wait = throttle.waitMs(client);
      if (wait > 0) {
        c.header('retry-after', String(Math.ceil(wait / 1000)));
        return c.json({ error: 'too many failed sign-ins from this address', hint: `Try again in ${Math.ceil(wait / 60_000)} minute(s).` }, 429);
      }
      const body = c.req.valid('json');
      const principal = 'token' in body ? await principalForToken(deps.db, body.token) : await principalForPassword(deps.db, body.username, body.password);
      if (!principal) {
        throttle.failed(client);
        deps.log.warn({ client }, 'failed sign-in');
        return c.json({ error: 'wrong token, user name or password' }, 401);
      }
      throttle.succeeded(client);
      const session = await createSession(deps.db, principal);
      setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', secure: deps.config.publicUrl.startsWith('https:'), path: '/', maxAge: SESSION_MS / 1000 });
      return c.json({ principal, csrfToken: session.csrfToken }, 200);
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
    createRoute({ method: 'delete', path: '/api/session', summary: 'Sign out', security: [{ session: [] as string[] }], responses: { 204: { description: 'Signed out' } } }),
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await endSession(deps.db, cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
}

function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
