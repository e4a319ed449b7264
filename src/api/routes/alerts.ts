import { createRoute, z } from '@hono/zod-openapi';
import { sendTestAlert } from '../../alerts/dispatch.js';
import { alertRuleInputSchema, prepareAlertRule } from '../../alerts/rule-input.js';
import { EVENT_TYPES } from '../../domain/alerts.js';
import { addAlertRule, deliveryHistory, findAlertRule, listAlertRules, removeAlertRule } from '../../inventory/alerts.js';
import { listEvents } from '../../inventory/events.js';
import { describeSecrets } from '../../secrets/index.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, itemsSchema, nameParam, noBody, objectSchema, ok } from '../openapi.js';

const security = { ...access('security'), middleware: requireRole('security') };
const since = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

/** Alert rules (secrets write-only), their delivery history, and the events behind them. */
export function alertRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(createRoute({ method: 'get', path: '/api/alerts/rules', summary: 'Alert rules (secrets shown as how they are stored)', ...access('viewer'), responses: ok(itemsSchema, 'Rules') }), async (c) =>
    c.json(
      {
        items: (await listAlertRules(deps.db)).map((rule) => ({
          ...rule,
          secrets: describeSecrets(rule.secrets),
          createdAt: rule.createdAt.toISOString(),
        })),
      },
      200,
    ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/alerts/rules',
      summary: 'Add an alert rule',
      ...security,
      request: { body: { content: { 'application/json': { schema: alertRuleInputSchema } }, required: true } },
      responses: ok(objectSchema, 'The rule'),
    }),
    async (c) => {
      const rule = await addAlertRule(deps.db, await prepareAlertRule(c.req.valid('json'), deps.config, 'api'));
      return c.json({ id: rule.id, name: rule.name, channel: rule.channel, filter: rule.filter }, 200);
    },
  );
  app.openapi(createRoute({ method: 'delete', path: '/api/alerts/rules/{name}', summary: 'Remove an alert rule', ...security, request: { params: nameParam, ...noBody }, responses: { 204: { description: 'Removed' } } }), async (c) => {
    await removeAlertRule(deps.db, (await findAlertRule(deps.db, c.req.valid('param').name)).id);
    return c.body(null, 204);
  });
  app.openapi(
    createRoute({ method: 'post', path: '/api/alerts/rules/{name}/test', summary: 'Send a test alert through the rule now', ...security, request: { params: nameParam, ...noBody }, responses: ok(z.object({ delivered: z.boolean(), error: z.string().optional() }), 'Whether it arrived') }),
    async (c) => {
      const rule = await findAlertRule(deps.db, c.req.valid('param').name);
      const outcome = await sendTestAlert(rule, deps.config);
      if (outcome.ok) return c.json({ delivered: true }, 200);
      // Only "delivered or not" goes back: a refused connection, an HTTP answer and a silent port
      // must look the same to the caller, or the test button maps the network behind the server.
      // A policy refusal is said, since it is decided before any connection is tried.
      deps.log.warn({ rule: rule.name, channel: rule.channel, error: outcome.error }, 'test alert not delivered');
      const refused = outcome.error.startsWith('refused to connect') || /UNSHADOW_ALERT_FILE_DIR/.test(outcome.error);
      return c.json({ delivered: false, error: refused ? outcome.error : 'the test alert was not delivered; the server log says why' }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/alerts/history', summary: 'Alerts sent, waiting to be retried or given up', ...access('viewer'), request: { query: z.object({ rule: z.string().optional(), since }) }, responses: ok(itemsSchema, 'Deliveries, newest first') }),
    async (c) => {
      const query = c.req.valid('query');
      const ruleId = query.rule ? (await findAlertRule(deps.db, query.rule)).id : undefined;
      return c.json({ items: await deliveryHistory(deps.db, { ...(ruleId ? { ruleId } : {}), ...(query.since ? { since: new Date(query.since) } : {}) }) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/alerts/events',
      summary: 'What the inventory noticed, alerted or not',
      ...access('viewer'),
      request: { query: z.object({ type: z.enum(EVENT_TYPES).optional(), since }) },
      responses: ok(itemsSchema, 'Events, newest first'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ items: await listEvents(deps.db, { ...(query.type ? { types: [query.type] } : {}), ...(query.since ? { since: new Date(query.since) } : {}) }) }, 200);
    },
  );
}
