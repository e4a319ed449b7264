import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InvalidFieldsError, OperationError, UserError } from '../domain/errors.js';
import { describeIssue } from '../domain/validation.js';
import { packageFile } from '../domain/package-files.js';
import { databaseAnswers } from '../inventory/health.js';
import { VERSION } from '../version.js';
import { authenticate } from './auth.js';
import type { Api, ApiDeps, ApiEnv } from './context.js';
import { BODY_LIMITS, hostAllowList, limitBody, loggableError, wellFormedRequest } from './guards.js';
import { adminRoutes } from './routes/admin.js';
import { alertRoutes } from './routes/alerts.js';
import { connectorRoutes } from './routes/connectors.js';
import { documentRoutes } from './routes/documents.js';
import { governanceRoutes } from './routes/governance.js';
import { importRoutes } from './routes/imports.js';
import { inventoryRoutes } from './routes/inventory.js';
import { sessionRoutes } from './routes/session.js';
import { accessRoutes } from './routes/access.js';
import { scheduleRoutes } from './routes/schedules.js';
import { setupRoutes } from './routes/setup.js';
import { limitUpload } from './upload.js';

export const WEB_DIR = packageFile('web');

/** Console pages: the server answers each with the single page, which routes in the browser. */
const CONSOLE_PAGES = /^\/(login|review|inventory|connections|schedules|alerts|exports|organisation|vendors|incidents|users|tokens|systems\/[0-9a-f-]{4,36}|vendors\/[^/]{1,200}|incidents\/[\w-]{1,40}|documents\/(register|soa|scope|incidents))?\/?$/;

/**
 * The console's JavaScript comes only from this server, no script runs inline, and the page may
 * not be framed: an app named `<img src=x onerror=…>` that slipped past escaping still runs nothing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The HTTP API and the console, on the same stages and queries the CLI uses. */
export function createApi(deps: ApiDeps): Api {
  const app: Api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: `invalid request: ${issue ? describeIssue(issue) : 'malformed'}` }, 400);
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CONTENT_SECURITY_POLICY);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('cross-origin-resource-policy', 'same-origin');
    c.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (deps.config.publicUrl?.startsWith('https:')) c.header('strict-transport-security', 'max-age=31536000');
    // API answers are not cached, unless a route says how (the vocabulary).
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  });
  app.use('*', hostAllowList(deps.config, deps.listenHost));
  // An upload's body is the file: limited by its own size, streamed by its route, never buffered or parsed here.
  const takesFile = (c: Context<ApiEnv>) => c.req.method === 'POST' && c.req.path.startsWith('/api/imports/');
  const uploadLimit = limitUpload(deps.config.uploadMaxBytes);
  app.use('/api/session', limitBody(BODY_LIMITS.session));
  app.use('/api/*', async (c, next) => (c.req.path === '/api/session' ? next() : takesFile(c) ? uploadLimit(c, next) : limitBody(BODY_LIMITS.json)(c, next)));
  app.use('/api/*', wellFormedRequest(takesFile));

  app.onError((error, c) => {
    if (error instanceof UserError) {
      const status = /^no (AI system|connection|alert rule|alert with id|schedule|scan|active API token|user|vendor named|incident|ISO\/IEC 42001 Annex A control)\b/.test(error.message) ? 404 : 400;
      return c.json({ error: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error instanceof InvalidFieldsError ? { fields: error.fields } : {}) }, status);
    }
    if (error instanceof OperationError) return c.json({ error: error.message, ...(error.hint ? { hint: error.hint } : {}) }, 409);
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message || 'bad request' }, error.status);
    deps.log.error({ error: loggableError(error), method: c.req.method, path: c.req.path.slice(0, 200) }, 'request failed');
    return c.json({ error: 'internal error; the server log has the details' }, 500);
  });

  // For container and load-balancer health checks: no caller needed, nothing about the data told.
  app.get('/healthz', async (c) => ((await databaseAnswers(deps.db)) ? c.text('ok') : c.text('database unavailable', 503)));

  const guard = authenticate(deps);
  // Signing in is the one API call without a caller.
  // Signing in, the console's words and the first-run setup are the API calls without a caller.
  const open = (c: { req: { path: string; method: string } }) =>
    (c.req.path === '/api/session' && c.req.method === 'POST') || (c.req.path === '/api/vocabulary' && c.req.method === 'GET') || c.req.path === '/api/setup';
  app.use('/api/*', async (c, next) => (open(c) ? next() : guard(c, next)));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token from `unshadow tokens create --role <role>`.' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'unshadow_session', description: 'A console session; changes also need the x-csrf-token header.' });
  sessionRoutes(app, deps);
  setupRoutes(app, deps);
  accessRoutes(app, deps);
  scheduleRoutes(app, deps);
  inventoryRoutes(app, deps);
  adminRoutes(app, deps);
  alertRoutes(app, deps);
  governanceRoutes(app, deps);
  documentRoutes(app, deps);
  connectorRoutes(app, deps);
  importRoutes(app, deps);
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'unshadow', version: VERSION, description: 'The AI inventory: everything the CLI does, over HTTP.' } });
  app.all('/api/*', (c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));

  app.use('/assets/*', serveStatic({ root: WEB_DIR }));
  app.get('*', async (c, next) => (CONSOLE_PAGES.test(c.req.path) ? serveStatic({ root: WEB_DIR, path: 'index.html' })(c, next) : next()));
  return app;
}
