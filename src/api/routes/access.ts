import { createRoute, z } from '@hono/zod-openapi';
import { principalName, roleSchema } from '../../domain/access.js';
import { UserError } from '../../domain/errors.js';
import { addUser, createApiToken, listApiTokens, listUsers, removeUser, revokeApiToken } from '../../inventory/access.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, idParam, nameParam, noBody, ok } from '../openapi.js';

const admin = { ...access('admin'), middleware: requireRole('admin') };
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const tokenSchema = z.object({ id: z.string(), name: z.string(), role: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() }).openapi('ApiToken');
const userSchema = z.object({ username: z.string(), role: z.string(), createdAt: z.string() }).openapi('User');

/**
 * Who may sign in: API tokens and console users, for admins only. Every change is audited with
 * the admin who made it; a token's value is shown once, a password never.
 */
export function accessRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(createRoute({ method: 'get', path: '/api/tokens', summary: 'API tokens (never their values)', ...admin, responses: ok(z.object({ items: z.array(tokenSchema) }), 'Tokens') }), async (c) =>
    c.json({ items: (await listApiTokens(deps.db)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token; its value is shown in this answer only',
      ...admin,
      request: body(z.strictObject({ name: z.string().trim().min(1).max(100), role: roleSchema }).openapi('NewToken')),
      responses: ok(z.object({ id: z.string(), token: z.string() }), 'The token, once'),
    }),
    async (c) => {
      const input = c.req.valid('json');
      return c.json(await createApiToken(deps.db, input.name, input.role, { actor: principalName(c.get('principal')) }), 200);
    },
  );
  app.openapi(createRoute({ method: 'delete', path: '/api/tokens/{id}', summary: 'Revoke an API token (by id or name); its sessions end', ...admin, request: { params: idParam, ...noBody }, responses: { 204: { description: 'Revoked' } } }), async (c) => {
    await revokeApiToken(deps.db, c.req.valid('param').id, { actor: principalName(c.get('principal')) });
    return c.body(null, 204);
  });

  app.openapi(createRoute({ method: 'get', path: '/api/users', summary: 'Console users (never their passwords)', ...admin, responses: ok(z.object({ items: z.array(userSchema) }), 'Users') }), async (c) =>
    c.json({ items: (await listUsers(deps.db)).map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      summary: 'Add a console user with a first password (at least 12 characters)',
      ...admin,
      request: body(z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000), role: roleSchema }).openapi('NewUser')),
      responses: ok(z.object({ username: z.string(), role: z.string() }), 'The user'),
    }),
    async (c) => {
      const input = c.req.valid('json');
      await addUser(deps.db, input.username, input.password, input.role, { actor: principalName(c.get('principal')) });
      return c.json({ username: input.username.trim(), role: input.role }, 200);
    },
  );
  app.openapi(createRoute({ method: 'delete', path: '/api/users/{name}', summary: 'Remove a console user; their sessions end', ...admin, request: { params: nameParam, ...noBody }, responses: { 204: { description: 'Removed' } } }), async (c) => {
    const principal = c.get('principal');
    const name = c.req.valid('param').name;
    // Whoever removes the account they are signed in with locks themselves out mid-change.
    if (principal.kind === 'user' && principal.name === name) throw new UserError('you cannot remove the user you are signed in as', 'Another admin can remove it.');
    await removeUser(deps.db, name, { actor: principalName(principal) });
    return c.body(null, 204);
  });
}
