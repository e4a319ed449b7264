import { createRoute, z } from '@hono/zod-openapi';
import { NO_PUBLIC_URL, sendTestAlert } from '../../alerts/dispatch.js';
import { buildMessage, jsonDocument } from '../../alerts/message.js';
import { alertRuleInputSchema, prepareAlertRule } from '../../alerts/rule-input.js';
import { EVENT_TYPES } from '../../domain/alerts.js';
import { UserError } from '../../domain/errors.js';
import { cooldownWords } from '../../domain/scan-words.js';
import { addAlertRule, deliveryHistory, findAlertRule, findDelivery, lastFired, listAlertRules, removeAlertRule } from '../../inventory/alerts.js';
import { listEvents } from '../../inventory/events.js';
import { describeSecrets } from '../../secrets/index.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, idParam, itemsSchema, nameParam, noBody, objectSchema, ok } from '../openapi.js';

const security = { ...access('security'), middleware: requireRole('security') };
const since = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

/** Alert rules (secrets write-only), their delivery history, and the events behind them. */
export function alertRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/alerts/rules',
      summary: 'Alert rules (secrets shown as how they are stored), each with its cooldown in words and when it last fired; `links` says whether alerts link back to the console',
      ...access('viewer'),
      responses: ok(z.object({ items: z.array(objectSchema), links: z.object({ publicUrl: z.string().nullable(), note: z.string().optional() }) }), 'Rules'),
    }),
    async (c) => {
      const fired = await lastFired(deps.db);
      return c.json(
        {
          items: (await listAlertRules(deps.db)).map((rule) => ({
            ...rule,
            secrets: describeSecrets(rule.secrets),
            createdAt: rule.createdAt.toISOString(),
            cooldown: cooldownWords(rule.cooldownSeconds),
            lastFired: fired.get(rule.id) ?? null,
          })),
          links: { publicUrl: deps.config.publicUrl ?? null, ...(deps.config.publicUrl ? {} : { note: NO_PUBLIC_URL }) },
        },
        200,
      );
    },
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
    createRoute({
      method: 'post',
      path: '/api/alerts/rules/{name}/test',
      summary: 'Send a test alert through the rule now; it is kept in the history, marked as a test',
      ...security,
      request: { params: nameParam, ...noBody },
      responses: ok(z.object({ delivered: z.boolean(), error: z.string().optional(), deliveryId: z.string(), linked: z.boolean(), note: z.string().optional() }), 'Whether it arrived, and whether alerts link back to the console'),
    }),
    async (c) => {
      const rule = await findAlertRule(deps.db, c.req.valid('param').name);
      const { outcome, deliveryId, linked } = await sendTestAlert(deps, rule);
      const links = linked ? {} : { note: NO_PUBLIC_URL };
      if (outcome.ok) return c.json({ delivered: true, deliveryId, linked, ...links }, 200);
      // Only "delivered or not" goes back: a refused connection, an HTTP answer and a silent port
      // must look the same to the caller, or the test button maps the network behind the server.
      // A policy refusal is said, since it is decided before any connection is tried.
      deps.log.warn({ rule: rule.name, channel: rule.channel, error: outcome.error }, 'test alert not delivered');
      const refused = outcome.error.startsWith('refused to connect') || /UNSHADOW_ALERT_FILE_DIR|UNSHADOW_SECRET_KEY/.test(outcome.error);
      return c.json({ delivered: false, error: refused ? outcome.error : 'the test alert was not delivered; the server log says why', deliveryId, linked, ...links }, 200);
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
      path: '/api/alerts/history/{id}',
      summary: 'One alert with its payload: the JSON document a webhook receives for it (a test alert\'s made-up event included)',
      ...access('viewer'),
      request: { params: idParam },
      responses: ok(objectSchema, 'The delivery and its payload'),
    }),
    async (c) => {
      const found = await findDelivery(deps.db, c.req.valid('param').id);
      if (!found) throw new UserError(`no alert with id '${c.req.valid('param').id}'`, 'The delivery history lists them.');
      const { delivery, rule, events } = found;
      const message = buildMessage({ id: delivery.id, rule: rule.name, digest: delivery.digestDay !== null, events, publicUrl: deps.config.publicUrl, test: delivery.testEvent !== null });
      return c.json({ id: delivery.id, rule: rule.name, channel: rule.channel, status: delivery.status, test: delivery.testEvent !== null, payload: jsonDocument(message, events, deps.config.publicUrl) }, 200);
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
