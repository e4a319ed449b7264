import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { AI_SYSTEM_STATUSES, aiSystems } from '../../db/schema.js';
import { principalName } from '../../domain/access.js';
import { OBSERVATION_KINDS, type ObservationKind } from '../../domain/observation.js';
import { RISK_TIERS, reviewChangeSchema } from '../../domain/register.js';
import { strictInput, text } from '../../domain/validation.js';
import { dashboard } from '../../inventory/dashboard.js';
import { listInventory, showInventoryItem } from '../../inventory/queries.js';
import { reviewQueue } from '../../inventory/register-entries.js';
import { recordReview, recordReviews, resolveAiSystemId } from '../../inventory/review.js';
import { reviewSheet } from '../../inventory/review-sheet.js';
import { suggestRoles } from '../../register/roles.js';
import { principalOf, requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, idParam, itemsSchema, objectSchema, ok } from '../openapi.js';

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

/** A decision as the API takes it: the CLI's review flags as JSON; `null` clears an answer. */
export const reviewBodySchema = strictInput({
  ...reviewChangeSchema.shape,
  /** Why: the audit entries carry it. */
  note: text.optional(),
}).openapi('ReviewDecision');

/** The same decision on several systems at once, all or nothing. */
const bulkReviewSchema = strictInput({ ids: z.array(z.string().min(4).max(36)).min(1).max(500), ...reviewBodySchema.shape }).openapi('BulkReviewDecision');

const queueQuery = z.object({
  category: z.string().optional(),
  source: z.enum(OBSERVATION_KINDS as [ObservationKind, ...ObservationKind[]]).optional(),
  tier: z.enum(RISK_TIERS).optional(),
  /** Part of the recorded owner's name, or `none` for systems nobody owns yet. */
  owner: z.string().trim().min(1).max(200).optional(),
});

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
    createRoute({
      method: 'post',
      path: '/api/review',
      summary: 'Record the same decision on several AI systems, all or nothing',
      ...access('compliance'),
      middleware: requireRole('compliance'),
      request: { body: { content: { 'application/json': { schema: bulkReviewSchema } }, required: true } },
      responses: ok(z.object({ items: z.array(objectSchema) }), 'Each system with its new status and changes'),
    }),
    async (c) => {
      const { ids, note, ...input } = c.req.valid('json');
      const resolved: string[] = [];
      for (const given of ids) {
        const id = await resolveAiSystemId(deps.db, given);
        if (!id) return c.json({ error: `no AI system with id '${given}'`, hint: 'Nothing was recorded.' }, 404);
        resolved.push(id);
      }
      const items = await recordReviews(deps.db, resolved, input, { actor: principalName(principalOf(c)), ...(note ? { reason: note } : {}) });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/review-queue',
      summary: 'Systems awaiting a decision, highest triage priority first; filter by category, source, tier or owner',
      ...access('viewer'),
      request: { query: queueQuery },
      responses: ok(itemsSchema, 'The review queue'),
    }),
    async (c) => {
      const filter = c.req.valid('query');
      const owner = filter.owner?.toLowerCase();
      const queue = (await reviewQueue(deps.db, deps.catalog)).filter(
        ({ entry, priority }) =>
          (!filter.category || entry.category === filter.category) &&
          (!filter.source || (entry.sources[filter.source] ?? 0) > 0) &&
          (!filter.tier || priority.tier === filter.tier) &&
          (!owner || (owner === 'none' ? !entry.useContext.owner : (entry.useContext.owner ?? '').toLowerCase().includes(owner))),
      );
      return c.json(
        {
          items: queue.map(({ entry, priority }) => ({
            id: entry.id,
            vendor: entry.vendor,
            product: entry.product,
            category: entry.category,
            status: entry.status,
            users: entry.users,
            suggestedRoles: suggestRoles(entry).roles,
            priority,
            sources: Object.keys(entry.sources).filter((kind) => (entry.sources[kind] ?? 0) > 0),
            owner: entry.useContext.owner ?? null,
            conditions: entry.conditions ?? null,
            openIncidents: (entry.incidents ?? []).filter((i) => i.status !== 'closed').length,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/dashboard', summary: 'Counts, new systems, spend and users per month, top data exposures', ...access('viewer'), responses: ok(objectSchema, 'The dashboard') }),
    async (c) => c.json(await dashboard(deps.db), 200),
  );
}
