import { z } from '@hono/zod-openapi';
import type { Role } from '../domain/access.js';

/** The shapes every route shares, registered once in the OpenAPI document. */
/** `fields`: the problem with each named field of the body, for a form to show beside the field. */
export const errorSchema = z.object({ error: z.string(), hint: z.string().optional(), fields: z.record(z.string(), z.string()).optional() }).openapi('Error');
export const principalSchema = z.object({ kind: z.enum(['user', 'token']), name: z.string(), role: z.enum(['admin', 'compliance', 'security', 'viewer']) }).openapi('Principal');
export const objectSchema = z.record(z.string(), z.unknown());
export const itemsSchema = z.object({ items: z.array(objectSchema) });

const errors = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: errorSchema } } },
  403: { description: 'Role not allowed, or CSRF token missing', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
};

export function ok<S extends z.ZodType>(schema: S, description: string) {
  return { 200: { description, content: { 'application/json': { schema } } }, ...errors };
}

/** OpenAPI metadata for a route: who may call it, said where integrators read. */
export const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];

export function access(role: Role) {
  return { security: SECURITY, description: role === 'viewer' ? 'Any signed-in role.' : `Needs the ${role} role (admin may do everything).` };
}

export const idParam = z.object({ id: z.string().min(4).openapi({ param: { name: 'id', in: 'path' } }) });
export const nameParam = z.object({ name: z.string().min(1).openapi({ param: { name: 'name', in: 'path' } }) });

/**
 * The body of a write route that takes none: an empty object or nothing. Anything else is
 * refused with the fields named, like every other write route, rather than silently ignored.
 */
export const noBody = {
  body: {
    content: { 'application/json': { schema: z.strictObject({}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `'${key.slice(0, 60)}'`).join(', ')}: this route takes no fields` : undefined) }) } },
    required: false,
  },
};
