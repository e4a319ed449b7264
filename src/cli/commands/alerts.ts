import { dispatchInProcess, NO_PUBLIC_URL, sendTestAlert } from '../../alerts/dispatch.js';
import { parseDuration, prepareAlertRule } from '../../alerts/rule-input.js';
import { describeFilter } from '../../alerts/rules.js';
import { type AlertRule, EVENT_TYPES } from '../../domain/alerts.js';
import { OperationError, UserError } from '../../domain/errors.js';
import { cooldownWords } from '../../domain/scan-words.js';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, EVENT_TYPE_LABELS, words } from '../../domain/words.js';
import { addAlertRule, deliveryHistory, findAlertRule, lastFired, listAlertRules, removeAlertRule } from '../../inventory/alerts.js';
import { listEvents } from '../../inventory/events.js';
import { describeSecrets } from '../../secrets/index.js';
import { withContext, withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

const list = (value: string | undefined) => (value ? value.split(',').map((part) => part.trim()).filter(Boolean) : []);

/** An ISO date or time, or a duration back from now ("24h", "7d"). */
function parseSince(value: string): Date {
  if (/^\d+(\.\d+)?\s*[smhd]$/.test(value.trim())) return new Date(Date.now() - parseDuration(value, 'since') * 1000);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UserError(`--since takes a date (2026-11-01), a time, or a duration back from now (24h, 7d), not '${value}'`);
  return date;
}

export interface AddFlags {
  name: string;
  url?: string;
  signingSecret?: string;
  host?: string;
  port?: string;
  secure?: boolean;
  user?: string;
  password?: string;
  from?: string;
  to?: string;
  path?: string;
  types?: string;
  minConfidence?: string;
  minPriority?: string;
  minTier?: string;
  categories?: string;
  sources?: string;
  connections?: string;
  cooldown: string;
  digest?: boolean;
}

/** Flags as the rule input the API takes too: comma lists become arrays, absent flags stay absent. */
function ruleInput(channel: string, flags: AddFlags): Record<string, unknown> {
  const { types, categories, sources, connections, to, ...rest } = flags;
  const lists = { types, categories, sources, connections, to };
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    channel,
    ...Object.fromEntries(Object.entries(lists).flatMap(([key, value]) => (value === undefined ? [] : [[key, list(value)]]))),
  };
}

function ruleRow(rule: AlertRule) {
  return {
    id: rule.id,
    name: rule.name,
    channel: rule.channel,
    filter: rule.filter,
    cooldownSeconds: rule.cooldownSeconds,
    digest: rule.digest,
    config: rule.config,
    secrets: describeSecrets(rule.secrets),
    createdAt: rule.createdAt.toISOString(),
  };
}

export async function addRule(channel: string, flags: AddFlags): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const rule = await addAlertRule(db, await prepareAlertRule(ruleInput(channel, flags), config));
    process.stdout.write(`Added ${rule.channel} alert rule '${rule.name}': ${describeFilter(rule.filter)}. Check it with \`unshadow alerts test ${rule.name}\`.\n`);
  });
}

export async function listRules(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const [rules, fired] = await Promise.all([listAlertRules(db), lastFired(db)]);
    if (flags.json) return printJson(rules.map((rule) => ({ ...ruleRow(rule), cooldown: cooldownWords(rule.cooldownSeconds), lastFired: fired.get(rule.id) ?? null })));
    if (rules.length === 0) return void process.stdout.write('No alert rules yet. Add one with `unshadow alerts add <channel> --name <name> …`.\n');
    process.stdout.write(
      `${table(
        ['Name', 'Channel', 'Selects', 'Cooldown', 'Mode', 'Last fired'],
        rules.map((r) => {
          const last = fired.get(r.id);
          return [r.name, words(CHANNEL_LABELS, r.channel), describeFilter(r.filter), cooldownWords(r.cooldownSeconds), r.digest ? 'daily digest' : 'immediate', last ? `${last.at.slice(0, 16).replace('T', ' ')} UTC, ${words(DELIVERY_STATUS_LABELS, last.status).toLowerCase()}` : 'never'];
        }),
      )}\n`,
    );
  });
}

export async function testRule(name: string): Promise<void> {
  await withContext(async ({ database, config }) => {
    const rule = await findAlertRule(database.db, name);
    const { outcome, linked } = await sendTestAlert({ db: database.db, config }, rule);
    if (!linked) process.stderr.write(`note: ${NO_PUBLIC_URL}\n`);
    if (!outcome.ok) throw new OperationError(`the test alert of rule '${rule.name}' was not delivered: ${outcome.error}`, outcome.retryable ? 'The receiver may be down; try again later.' : 'Fix the rule (remove and add it again) or the receiver.');
    process.stdout.write(`Test alert delivered through ${rule.channel} rule '${rule.name}'; \`unshadow alerts history\` lists it as a test.\n`);
  });
}

export async function removeRule(name: string): Promise<void> {
  await withDatabase(async ({ db }) => {
    const rule = await findAlertRule(db, name);
    await removeAlertRule(db, rule.id);
    process.stdout.write(`Removed alert rule '${rule.name}'.\n`);
  });
}

export async function history(flags: { rule?: string; since?: string; limit: string; json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const ruleId = flags.rule ? (await findAlertRule(db, flags.rule)).id : undefined;
    const rows = await deliveryHistory(db, { ...(ruleId ? { ruleId } : {}), ...(flags.since ? { since: parseSince(flags.since) } : {}), limit: Number(flags.limit) || 100 });
    if (flags.json) return printJson(rows);
    if (rows.length === 0) return void process.stdout.write('No alerts yet.\n');
    process.stdout.write(
      `${table(
        ['Alert', 'Rule', 'Status', 'Created (UTC)', 'Events', 'AI systems', 'Attempts', 'Last error'],
        rows.map((r) => [
          r.id.slice(0, 8),
          r.rule,
          `${words(DELIVERY_STATUS_LABELS, r.status).toLowerCase()}${r.test ? ' (test)' : ''}${r.digest ? ` (digest ${r.digest})` : ''}`,
          r.createdAt.slice(0, 19).replace('T', ' '),
          `${r.events} ${r.types.map((type) => words(EVENT_TYPE_LABELS, type).toLowerCase()).join(', ')}`,
          r.systems.join(', ').slice(0, 60),
          r.attempts,
          (r.lastError ?? '').slice(0, 80),
        ]),
      )}\n`,
    );
  });
}

export async function events(flags: { type?: string; since?: string; limit: string; json?: boolean }): Promise<void> {
  const types = list(flags.type);
  const unknown = types.find((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (unknown) throw new UserError(`unknown event type '${unknown}'`, `Event types: ${EVENT_TYPES.join(', ')}.`);
  await withDatabase(async ({ db }) => {
    const rows = await listEvents(db, { types, ...(flags.since ? { since: parseSince(flags.since) } : {}), limit: Number(flags.limit) || 100 });
    if (flags.json) return printJson(rows);
    if (rows.length === 0) return void process.stdout.write('No events.\n');
    process.stdout.write(`${table(['When', 'Type', 'Summary'], rows.map((e) => [e.at.slice(0, 19).replace('T', ' '), e.type, e.summary.slice(0, 100)]))}\n`);
  });
}

export async function deliver(): Promise<void> {
  await withContext(async ({ database, catalog, config, log }) => {
    if (config.redisUrl) throw new UserError('with REDIS_URL the workers deliver alerts', 'Run `unshadow worker` (the alert queue); `unshadow alerts history` shows what they sent.');
    const summary = await dispatchInProcess({ db: database.db, catalog, config, log });
    process.stdout.write(`${summary.events} new event(s) routed; ${summary.delivered} alert(s) delivered, ${summary.retrying} to retry, ${summary.failed} failed.\n`);
  });
}
