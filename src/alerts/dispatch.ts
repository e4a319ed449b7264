import { randomUUID } from 'node:crypto';
import type { Config } from '../config/index.js';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { type AlertEvent, type AlertRule, DELIVERY_ATTEMPTS, SECRET_OPTIONS } from '../domain/alerts.js';
import type { Catalog } from '../domain/catalog.js';
import { UserError } from '../domain/errors.js';
import { type DeliveryRow, dueDeliveries, findAlertRule, getDelivery, recordAttempt, recordTestDelivery } from '../inventory/alerts.js';
import { routeEvents } from '../inventory/alert-routing.js';
import { eventsById } from '../inventory/events.js';
import { emitOverdueReviews } from '../inventory/overdue-reviews.js';
import type { Logger } from '../log.js';
import { backoffDelay } from '../scan/retry-policy.js';
import { resolveSecret } from '../secrets/index.js';
import { sendAlert, type SendOptions } from './channels/index.js';
import { buildMessage } from './message.js';
import type { SendOutcome } from './outcome.js';

/**
 * The alert stage: route events to rules, deliver what is due, record every attempt. The queue
 * worker and the embedded mode call the same functions; neither runs inside a scan, so a slow
 * receiver never slows the inventory.
 */

export interface AlertDeps {
  db: Db;
  catalog: Catalog;
  config: Pick<Config, 'env' | 'secretKey' | 'publicUrl' | 'alertTimeoutMs' | 'reviewOverdueMs' | 'networkPolicy' | 'allowPlaintextSmtp' | 'alertFileDir'>;
  log: Logger;
  signal?: AbortSignal;
}

export type AttemptResult = { status: 'delivered' } | { status: 'retry'; inMs: number; error: string } | { status: 'failed'; error: string } | { status: 'skipped' };

/** The rule's secrets in the process that sends; a missing one fails the delivery with what to fix. */
export function ruleSecrets(rule: AlertRule, config: AlertDeps['config']): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const { name } of SECRET_OPTIONS[rule.channel]) {
    const stored = rule.secrets[name];
    if (stored) secrets[name] = resolveSecret({ table: 'alert_rules', id: rule.id, option: name }, stored, config.env, config.secretKey);
  }
  return secrets;
}

/** What every send needs from the operator's settings. */
function sendOptions(config: AlertDeps['config']): SendOptions {
  return {
    timeoutMs: config.alertTimeoutMs,
    publicUrl: config.publicUrl,
    policy: config.networkPolicy,
    allowPlaintextSmtp: config.allowPlaintextSmtp,
    alertFileDir: config.alertFileDir,
  };
}

/** What a test alert answers: whether it arrived, and whether its links lead anywhere. */
export interface TestOutcome {
  outcome: SendOutcome;
  /** The history entry it was kept as. */
  deliveryId: string;
  /** False when UNSHADOW_PUBLIC_URL is unset: the alert carries no link back to the console. */
  linked: boolean;
}

/** Said wherever an alert would link back and cannot: the rule form, the test answer, `alerts test`. */
export const NO_PUBLIC_URL = 'UNSHADOW_PUBLIC_URL is not set on the server, so alerts carry no link back to the console: the operator sets it to the address people use (https://unshadow.corp.example).';

/**
 * A test alert: a made-up event of the rule's first type, about a real AI system of the
 * inventory when there is one (so its link opens a real page) or a sample otherwise, titled as a
 * test, sent through the rule now (outside the queue, never retried, no cooldown) and kept in
 * the history marked as a test. `alerts test` and the console's Test button.
 */
export async function sendTestAlert(deps: Pick<AlertDeps, 'db' | 'config'>, rule: AlertRule): Promise<TestOutcome> {
  const type = rule.filter.types[0] ?? 'ai_system.discovered';
  const sample = await sampleSubject(deps.db);
  const event: AlertEvent = {
    id: randomUUID(),
    type,
    at: new Date().toISOString(),
    summary: `Test alert from unshadow: rule '${rule.name}' reaches this ${rule.channel} channel. ${sample.system ? `${sample.system.product} is named as an example;` : 'This is an example;'} nothing happened to it.`,
    ...(type === 'scan.failed' || !sample.system ? {} : { system: sample.system }),
    ...(sample.connection ? { connection: sample.connection } : {}),
    sources: [],
    evidence: { test: true },
  };
  const message = buildMessage({ id: randomUUID(), rule: rule.name, digest: false, events: [event], publicUrl: deps.config.publicUrl, test: true });
  let secrets: Record<string, string>;
  try {
    secrets = ruleSecrets(rule, deps.config);
  } catch (error) {
    // A secret this process cannot resolve is the operator's to fix: kept in the history, and said as the error it is.
    if (error instanceof UserError) await recordTestDelivery(deps.db, { ruleId: rule.id, event, delivered: false, error: `${error.message}${error.hint ? ` (${error.hint})` : ''}` });
    throw error;
  }
  const outcome = await sendAlert(rule, secrets, message, [event], sendOptions(deps.config));
  const deliveryId = await recordTestDelivery(deps.db, { ruleId: rule.id, event, delivered: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
  return { outcome, deliveryId, linked: deps.config.publicUrl !== undefined };
}

/** The AI system and connection a test alert names: the inventory's most recently seen, or a sample. */
async function sampleSubject(db: Db): Promise<{ system?: AlertEvent['system']; connection?: AlertEvent['connection'] }> {
  const [system] = await queryRows<{ id: string; vendor: string; product: string; category: string; confidence: number }>(
    db,
    sql`select id, vendor, product, category, confidence from ai_systems where status <> 'not_ai' order by last_seen_at desc limit 1`,
  );
  const [connection] = await queryRows<{ id: string; name: string; kind: string }>(db, sql`select id, name, kind from connections order by created_at limit 1`);
  return {
    system: system ? { ...system, confidence: Number(system.confidence) } : { id: 'sample', vendor: 'Example Vendor', product: 'Example AI Assistant (sample)', category: 'chat_assistant', confidence: 0.9 },
    ...(connection ? { connection } : {}),
  };
}

/** One attempt at one delivery. Returns what the caller should do next: nothing, or retry later. */
export async function attemptDelivery(deps: AlertDeps, deliveryId: string, now: Date = new Date()): Promise<AttemptResult> {
  const delivery = await getDelivery(deps.db, deliveryId);
  if (!delivery || delivery.status !== 'pending') return { status: 'skipped' };
  const rule = await findAlertRule(deps.db, delivery.ruleId);
  const log = deps.log.child({ delivery: delivery.id, rule: rule.name, channel: rule.channel });
  let secrets: Record<string, string>;
  try {
    secrets = ruleSecrets(rule, deps.config);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return finish(deps, delivery, { ok: false, retryable: false, error: `${error.message}${error.hint ? ` (${error.hint})` : ''}` }, log);
  }
  const events = await eventsById(deps.db, delivery.eventIds);
  if (events.length === 0) return finish(deps, delivery, { ok: false, retryable: false, error: 'its events no longer exist (the AI systems were removed)' }, log);
  const message = buildMessage({ id: delivery.id, rule: rule.name, digest: delivery.digestDay !== null, events, publicUrl: deps.config.publicUrl });
  const outcome = await sendAlert(rule, secrets, message, events, {
    ...sendOptions(deps.config),
    nowSeconds: Math.floor(now.getTime() / 1000),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  return finish(deps, delivery, outcome, log, now);
}

async function finish(deps: AlertDeps, delivery: DeliveryRow, outcome: SendOutcome, log: Logger, now: Date = new Date()): Promise<AttemptResult> {
  if (outcome.ok) {
    await recordAttempt(deps.db, delivery.id, { delivered: true });
    log.info({ attempt: delivery.attempts + 1 }, 'alert delivered');
    return { status: 'delivered' };
  }
  const attempt = delivery.attempts + 1;
  if (!outcome.retryable || attempt >= DELIVERY_ATTEMPTS) {
    await recordAttempt(deps.db, delivery.id, { delivered: false, error: outcome.error });
    log.warn({ attempt, error: outcome.error }, 'alert delivery failed for good');
    return { status: 'failed', error: outcome.error };
  }
  const inMs = outcome.retryAfterMs ?? backoffDelay(attempt);
  await recordAttempt(deps.db, delivery.id, { delivered: false, error: outcome.error, retryAt: new Date(now.getTime() + inMs) });
  log.warn({ attempt, retryInMs: inMs, error: outcome.error }, 'alert delivery failed; it will be retried');
  return { status: 'retry', inMs, error: outcome.error };
}

/**
 * What the periodic sweep does: overdue reviews become events, unrouted events (a worker that
 * died between commit and routing) are routed, and every pending delivery that is due is listed.
 */
export async function sweepAlerts(deps: AlertDeps, now: Date = new Date()): Promise<{ events: number; due: string[] }> {
  await emitOverdueReviews(deps.db, deps.catalog, deps.config.reviewOverdueMs, now);
  const routed = await routeEvents(deps.db, deps.catalog, now);
  return { events: routed.events, due: await dueDeliveries(deps.db, now) };
}

export interface DispatchSummary {
  events: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/** Deliveries attempted at once in embedded mode. */
const CONCURRENCY = 8;

/**
 * Embedded mode (no Redis): one pass of the alert stage, after a scan or import has committed,
 * or on `serve`'s timer. Each due delivery gets one attempt; a retry waits for a later pass.
 */
export async function dispatchInProcess(deps: AlertDeps, now: Date = new Date()): Promise<DispatchSummary> {
  const { events, due } = await sweepAlerts(deps, now);
  const summary: DispatchSummary = { events, delivered: 0, retrying: 0, failed: 0 };
  const queue = [...due];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const result = await attemptDelivery(deps, id, now);
        if (result.status === 'delivered') summary.delivered++;
        else if (result.status === 'retry') summary.retrying++;
        else if (result.status === 'failed') summary.failed++;
      }
    }),
  );
  return summary;
}
