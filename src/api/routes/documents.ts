import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { EXPORT_FORMATS, EXPORT_KINDS, exportDocument } from '../../inventory/exports.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, itemsSchema, ok } from '../openapi.js';

/** Exports as downloads, and the catalog to search. */
export function documentRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/exports/{kind}',
      summary: 'Download the register, the statement of applicability, the scope or the incident log (md, csv, json, json-document, xlsx), or the CycloneDX BOM',
      ...access('compliance'),
      middleware: requireRole('compliance'),
      request: {
        params: z.object({ kind: z.enum(EXPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) }),
        query: z.object({ format: z.enum(EXPORT_FORMATS).optional(), organisation: z.string().trim().min(1).max(200).optional() }),
      },
      responses: { 200: { description: 'The document, as an attachment' } },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const document = await exportDocument(deps.db, deps.catalog, c.req.valid('param').kind, { ...(query.format ? { format: query.format } : {}), ...(query.organisation ? { organisation: query.organisation } : {}) });
      const headers = { 'content-type': document.contentType, 'content-disposition': `attachment; filename="${document.filename}"` };
      // A spreadsheet streams out as it is written.
      if (typeof document.body !== 'string') return c.body(Readable.toWeb(document.body) as ReadableStream, 200, headers);
      return c.body(document.body, 200, headers);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/catalog', summary: 'Search the catalog of AI products', ...access('viewer'), request: { query: z.object({ q: z.string().optional(), category: z.string().optional() }) }, responses: ok(itemsSchema, 'Catalog entries') }),
    async (c) => {
      const { q, category } = c.req.valid('query');
      const needle = q?.trim().toLowerCase();
      const items = deps.catalog.entries
        .filter((entry) => (!category || entry.category === category) && (!needle || `${entry.id} ${entry.vendor} ${entry.product}`.toLowerCase().includes(needle)))
        .slice(0, 200)
        .map((entry) => ({ id: entry.id, vendor: entry.vendor, product: entry.product, category: entry.category }));
      return c.json({ items, catalogVersion: deps.catalog.version }, 200);
    },
  );
}
