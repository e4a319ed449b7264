import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { codeMatches } from '../../access/first-run.js';
import { UserError } from '../../domain/errors.js';
import { vocabulary } from '../../domain/vocabulary.js';
import { addUser, anyoneCanSignIn, checkPassword, checkUsername } from '../../inventory/access.js';
import { reserveSignIn, signInSucceeded } from '../../inventory/login-throttle.js';
import type { Api, ApiDeps } from '../context.js';
import { clientAddress } from '../guards.js';
import { errorSchema, ok } from '../openapi.js';
import { sessionSchema, startSession } from './session.js';

/** The CLI commands that make the first admin, for the sign-in page and the answers below. */
export const FIRST_ADMIN_COMMAND = 'unshadow users add <name> --role admin';

/**
 * The two API calls a visitor makes before anyone is signed in: the words the console shows,
 * and the first-run path of a fresh installation (GET says whether one is open, POST takes the
 * one-time code `unshadow serve` printed and creates the first admin). Nothing else answers
 * without a caller.
 */
export function setupRoutes(app: Api, deps: ApiDeps): void {
  const words = JSON.stringify(vocabulary());
  const etag = `"${createHash('sha256').update(words).digest('base64url').slice(0, 22)}"`;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/vocabulary',
      summary: 'The words for every code (statuses, roles, categories, event types…) that the CLI, the console and the documents use; no sign-in needed, they hold nothing about this installation',
      responses: { 200: { description: 'Label dictionaries, by name', content: { 'application/json': { schema: z.record(z.string(), z.record(z.string(), z.string())) } } }, 304: { description: 'Not modified' } },
    }),
    async (c) => {
      // Cached by the browser and checked again on each start: a new version of the server is seen at once.
      c.header('cache-control', 'no-cache');
      c.header('etag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.body(words, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/setup',
      summary: 'Whether this installation still needs its first admin, and how to create one',
      responses: ok(z.object({ needed: z.boolean(), codeIssued: z.boolean(), command: z.string() }), 'The first-run state'),
    }),
    async (c) => {
      const needed = !(await anyoneCanSignIn(deps.db));
      return c.json({ needed, codeIssued: needed && deps.firstRun !== undefined && !deps.firstRun.used, command: FIRST_ADMIN_COMMAND }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/setup',
      summary: 'Create the first admin with the one-time code `unshadow serve` printed when it started, and sign in as them',
      request: {
        body: {
          content: { 'application/json': { schema: z.strictObject({ code: z.string().min(1).max(100), username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).openapi('FirstAdmin') } },
          required: true,
        },
      },
      responses: { ...ok(sessionSchema, 'The first admin, signed in'), 409: { description: 'Someone can already sign in', content: { 'application/json': { schema: errorSchema } } }, 429: { description: 'Too many wrong codes', content: { 'application/json': { schema: errorSchema } } } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      // The account is checked before the code is spent, so a typo in the password does not burn it.
      const username = checkUsername(body.username);
      checkPassword(body.password);
      if (await anyoneCanSignIn(deps.db)) return c.json({ error: 'this installation already has users or API tokens', hint: 'Sign in, and ask an admin for an account.' }, 409);
      if (!deps.firstRun || deps.firstRun.used) {
        throw new UserError('no setup code is open on this server', `Restart \`unshadow serve\`: it prints a new one-time code while nobody can sign in. Or, with the server stopped, run \`${FIRST_ADMIN_COMMAND}\`.`);
      }
      const client = clientAddress(c, deps.config);
      const reservation = await reserveSignIn(deps.db, { address: client });
      if (!reservation.ok) {
        const seconds = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
        c.header('retry-after', String(seconds));
        return c.json({ error: 'too many wrong setup codes from this address', hint: `Try again in ${seconds} second(s).` }, 429);
      }
      if (!codeMatches(deps.firstRun, body.code)) {
        deps.log.warn({ client }, 'wrong first-run setup code');
        return c.json({ error: 'wrong setup code', hint: 'Copy it from the output of `unshadow serve` on the server (it is printed when the server starts).' }, 401);
      }
      // Spent before the first await that could interleave with a second request carrying the same code.
      deps.firstRun.used = true;
      await signInSucceeded(deps.db, reservation);
      await addUser(deps.db, username, body.password, 'admin', { actor: 'first-run setup', reason: 'the first admin, created with the one-time code printed by unshadow serve' });
      deps.log.info({ user: username }, 'first admin created');
      return c.json(await startSession(c, deps, { kind: 'user', name: username, role: 'admin' }), 200);
    },
  );
}
