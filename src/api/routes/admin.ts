import { createRoute, z } from '@hono/zod-openapi';
import { principalName } from '../../domain/access.js';
import { addConnection, findConnection, listConnections, updateConnection } from '../../inventory/connections.js';
import { findScan, listScans, startScan } from '../../inventory/scans.js';
import { prepareConnection, prepareConnectionChange } from '../../scan/connection-input.js';
import { connectionTestReport } from '../../scan/connection-test.js';
import { removeConnectionAndUploads } from '../../scan/uploads.js';
import { scanView } from '../../scan/scan-view.js';
import { scheduleReadings } from '../../schedule/view.js';
import { describeSecrets } from '../../secrets/index.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { testReportSchema } from '../connector-schemas.js';
import { access, idParam, itemsSchema, nameParam, noBody, objectSchema, ok } from '../openapi.js';

const admin = { ...access('admin'), middleware: requireRole('admin') };
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const connectionBody = z
  .strictObject({
    kind: z.string().min(1),
    name: z.string().trim().min(1),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** Write-only: stored as references or ciphertext, never returned. */
    secrets: z.record(z.string(), z.string().min(1)).default({}),
  })
  .openapi('NewConnection');

type ScanWithConnection = Awaited<ReturnType<typeof listScans>>[number];
/** A scan with its words (trigger, counts, retry) beside the stored fields. */
const scanJson = ({ scan, connection }: ScanWithConnection, readings: ReadonlyMap<string, string>) => scanView(scan, connection, readings);

/** Connections (secrets write-only) and scans. */
export function adminRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/api/connections', summary: 'Connections, with how their secrets are stored (never the values)', ...access('viewer'), responses: ok(itemsSchema, 'Connections') }),
    async (c) => {
      const rows = await listConnections(deps.db);
      const last = new Map((await listScans(deps.db, { limit: 1000 })).reverse().map((s) => [s.scan.connectionId, s.scan] as const));
      return c.json(
        {
          items: rows.map((row) => {
            const scan = last.get(row.id);
            return {
              id: row.id,
              name: row.name,
              kind: row.kind,
              options: row.config,
              secrets: describeSecrets(row.secrets),
              createdAt: row.createdAt.toISOString(),
              lastScan: scan ? { id: scan.id, status: scan.status, startedAt: scan.startedAt.toISOString() } : null,
            };
          }),
        },
        200,
      );
    },
  );
  app.openapi(createRoute({ method: 'post', path: '/api/connections', summary: 'Add a connection', ...admin, request: body(connectionBody), responses: ok(objectSchema, 'The connection') }), async (c) => {
    const input = c.req.valid('json');
    const prepared = await prepareConnection(input.kind, { ...input.options, ...input.secrets }, deps.config, 'api');
    const row = await addConnection(deps.db, { name: input.name, ...prepared });
    return c.json({ id: row.id, name: row.name, kind: row.kind }, 200);
  });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/connections/{name}',
      summary: 'Change a connection in place (options, write-only secrets); audited',
      ...admin,
      request: {
        params: nameParam,
        ...body(
          z
            .strictObject({
              options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
              secrets: z.record(z.string(), z.string().min(1)).default({}),
              note: z.string().trim().min(1).optional(),
            })
            .openapi('ConnectionChange'),
        ),
      },
      responses: ok(z.object({ id: z.string(), name: z.string(), changed: z.array(z.string()) }), 'What changed'),
    }),
    async (c) => {
      const input = c.req.valid('json');
      const connection = await findConnection(deps.db, c.req.valid('param').name);
      const change = await prepareConnectionChange(connection, { ...input.options, ...input.secrets }, deps.config, 'api');
      await updateConnection(deps.db, connection.id, change, { actor: principalName(c.get('principal')), ...(input.note ? { reason: input.note } : {}) });
      return c.json({ id: connection.id, name: connection.name, changed: change.changes.map((entry) => entry.field) }, 200);
    },
  );
  app.openapi(createRoute({ method: 'delete', path: '/api/connections/{name}', summary: 'Remove a connection with its scans and observations', ...admin, request: { params: nameParam, ...noBody }, responses: { 204: { description: 'Removed' } } }), async (c) => {
    await removeConnectionAndUploads(deps.db, await findConnection(deps.db, c.req.valid('param').name), deps.config.home);
    return c.body(null, 204);
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connections/{name}/test',
      summary: 'Check the credentials and every permission the connection needs',
      ...admin,
      request: { params: nameParam, ...noBody },
      responses: ok(
        testReportSchema,
        'Each check (a failed one says what kind of failure it is: credential, permission, not_found, unreachable, …, and how to fix it), and each permission the connector needs: granted, missing or not checked',
      ),
    }),
    async (c) => c.json(await connectionTestReport(deps.db, await findConnection(deps.db, c.req.valid('param').name), deps.config), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/api/connections/{name}/scans', summary: 'Start a scan', ...admin, request: { params: nameParam, ...noBody }, responses: { 202: { description: 'Started', content: { 'application/json': { schema: z.object({ scanId: z.string() }) } } } } }),
    async (c) => {
      const connection = await findConnection(deps.db, c.req.valid('param').name);
      const scanId = await startScan(deps.db, connection.id, {}, `api:${c.get('principal').name}`);
      await deps.runScan(scanId);
      return c.json({ scanId }, 202);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/scans', summary: 'Recent scans with progress and errors', ...access('viewer'), request: { query: z.object({ connection: z.string().optional() }) }, responses: ok(itemsSchema, 'Scans, newest first') }),
    async (c) => {
      const name = c.req.valid('query').connection;
      const connectionId = name ? (await findConnection(deps.db, name)).id : undefined;
      const readings = await scheduleReadings(deps.db);
      return c.json({ items: (await listScans(deps.db, connectionId ? { connectionId } : {})).map((row) => scanJson(row, readings)) }, 200);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/api/scans/{id}', summary: 'One scan', ...access('viewer'), request: { params: idParam }, responses: ok(objectSchema, 'The scan') }), async (c) => {
    const found = await findScan(deps.db, c.req.valid('param').id);
    if (!found) return c.json({ error: `no scan with id '${c.req.valid('param').id}'` }, 404);
    return c.json(scanJson(found, await scheduleReadings(deps.db)), 200);
  });
}
