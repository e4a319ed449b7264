import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { AI_SYSTEM_STATUSES, aiSystems, vendors } from '../../db/schema.js';
import { principalName } from '../../domain/access.js';
import { OBSERVATION_KINDS, type ObservationKind } from '../../domain/observation.js';
import { ORG_ROLES, oversightSchema, useContextChangeSchema, vendorDiligenceSchema } from '../../domain/register.js';
import { dashboard } from '../../inventory/dashboard.js';
import { listInventory, showInventoryItem } from '../../inventory/queries.js';
import { reviewQueue } from '../../inventory/register-entries.js';
import { recordReview, recordVendorDiligence, resolveAiSystemId } from '../../inventory/review.js';
import { reviewSheet } from '../../inventory/review-sheet.js';
import { suggestRoles } from '../../register/roles.js';
import { principalOf, requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, idParam, itemsSchema, nameParam, objectSchema, ok } from '../openapi.js';

const SORTS = ['product', 'vendor', 'category', 'status', 'users', 'confidence', 'firstSeen', 'lastSeen'] as const;
const inventoryQuery = z.object({
  q: z.string().optional(),
  status: z.enum(AI_SYSTEM_STATUSES).optional(),
  source: z.enum(OBSERVATION_KINDS as [ObservationKind, ...ObservationKind[]]).optional(),
  category: z.string().optional(),
  sort: z.enum(SORTS).default('product'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const pageSchema = z.object({ items: z.array(objectSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).openapi('InventoryPage');

/** A decision as the API takes it: the CLI's review flags as JSON. */
export const reviewBodySchema = z
  .strictObject({
    status: z.enum(AI_SYSTEM_STATUSES).optional(),
    roles: z.array(z.enum(ORG_ROLES)).optional(),
    useContext: useContextChangeSchema.optional(),
    oversight: oversightSchema.partial().optional(),
    conditions: z.string().trim().min(1).optional(),
    /** Why: the audit entries carry it. */
    note: z.string().trim().min(1).optional(),
  })
  .openapi('ReviewDecision');

export function inventoryRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/api/inventory', summary: 'The AI inventory: filter, search, sort, page', ...access('viewer'), request: { query: inventoryQuery }, responses: ok(pageSchema, 'One page of AI systems') }),
    async (c) => {
      const query = c.req.valid('query');
      const needle = query.q?.trim().toLowerCase();
      const items = (await listInventory(deps.db, { ...(query.status ? { status: query.status } : {}), ...(query.source ? { source: query.source } : {}) })).filter(
        (item) => (!query.category || item.category === query.category) && (!needle || `${item.product} ${item.vendor} ${item.category}`.toLowerCase().includes(needle)),
      );
      const direction = query.order === 'asc' ? 1 : -1;
      items.sort((a, b) => {
        const [x, y] = [a[query.sort], b[query.sort]];
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * direction || a.id.localeCompare(b.id);
      });
      const start = (query.page - 1) * query.pageSize;
      return c.json({ items: items.slice(start, start + query.pageSize), total: items.length, page: query.page, pageSize: query.pageSize }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/systems/{id}', summary: 'One AI system: evidence, suggestions, review, requirements, history', ...access('viewer'), request: { params: idParam }, responses: ok(objectSchema, 'The AI system') }),
    async (c) => {
      const system = await showInventoryItem(deps.db, c.req.valid('param').id);
      if (!system) return c.json({ error: `no AI system with id '${c.req.valid('param').id}'` }, 404);
      return c.json({ system, sheet: await reviewSheet(deps.db, deps.catalog, system.id) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/systems/{id}/history', summary: "An AI system's audit history", ...access('viewer'), request: { params: idParam }, responses: ok(itemsSchema, 'Audit entries, oldest first') }),
    async (c) => {
      const system = await showInventoryItem(deps.db, c.req.valid('param').id);
      if (!system) return c.json({ error: `no AI system with id '${c.req.valid('param').id}'` }, 404);
      return c.json({ items: system.history }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/systems/{id}/review',
      summary: 'Record a review decision (one audit entry per changed field)',
      ...access('compliance'),
      middleware: requireRole('compliance'),
      request: { params: idParam, body: { content: { 'application/json': { schema: reviewBodySchema } }, required: true } },
      responses: ok(z.object({ status: z.string(), changes: z.array(objectSchema) }), 'The changes recorded'),
    }),
    async (c) => {
      // Only the id is needed: the system's evidence is not loaded for a decision.
      const id = await resolveAiSystemId(deps.db, c.req.valid('param').id);
      if (!id) return c.json({ error: `no AI system with id '${c.req.valid('param').id}'` }, 404);
      const { note, ...input } = c.req.valid('json');
      const changes = await recordReview(deps.db, id, input, { actor: principalName(principalOf(c)), ...(note ? { reason: note } : {}) });
      const [after] = await deps.db.select({ status: aiSystems.status }).from(aiSystems).where(eq(aiSystems.id, id));
      return c.json({ status: after!.status, changes }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/review-queue', summary: 'Systems awaiting a decision, highest triage priority first', ...access('viewer'), responses: ok(itemsSchema, 'The review queue') }),
    async (c) => {
      const queue = await reviewQueue(deps.db, deps.catalog);
      return c.json(
        {
          items: queue.map(({ entry, priority }) => ({ id: entry.id, vendor: entry.vendor, product: entry.product, category: entry.category, status: entry.status, users: entry.users, suggestedRoles: suggestRoles(entry).roles, priority })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/dashboard', summary: 'Counts, new systems, spend and users per month, top data exposures', ...access('viewer'), responses: ok(objectSchema, 'The dashboard') }),
    async (c) => c.json(await dashboard(deps.db), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/vendors', summary: "Vendors' due diligence", ...access('viewer'), responses: ok(itemsSchema, 'Vendors with recorded due diligence') }),
    async (c) => c.json({ items: (await deps.db.select().from(vendors)).map((row) => ({ name: row.name, diligence: row.diligence, updatedAt: row.updatedAt.toISOString() })) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/vendors/{name}',
      summary: "Record a vendor's due diligence (ISO/IEC 42001 A.10.3)",
      ...access('compliance'),
      middleware: requireRole('compliance'),
      request: { params: nameParam, body: { content: { 'application/json': { schema: vendorDiligenceSchema.partial().extend({ note: z.string().optional() }) } }, required: true } },
      responses: ok(objectSchema, 'The changes recorded'),
    }),
    async (c) => {
      const { note, ...input } = c.req.valid('json');
      const result = await recordVendorDiligence(deps.db, c.req.valid('param').name, input, { actor: principalName(principalOf(c)), ...(note ? { reason: note } : {}) });
      return c.json(result, 200);
    },
  );
}
