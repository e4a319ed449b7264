import type { Command } from 'commander';
import { dispatchInProcess, NO_PUBLIC_URL, sendTestAlert } from '../../alerts/dispatch.js';
import { parseDuration, prepareAlertRule } from '../../alerts/rule-input.js';
import { describeFilter } from '../../alerts/rules.js';
import { type AlertRule, CHANNEL_KINDS, EVENT_TYPES } from '../../domain/alerts.js';
import { OperationError, UserError } from '../../domain/errors.js';
import { addAlertRule, deliveryHistory, findAlertRule, listAlertRules, removeAlertRule } from '../../inventory/alerts.js';
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

interface AddFlags {
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

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('alert security teams about new AI apps, risky grants and widening use');
  alerts
    .command('add <channel>')
    .description(`add an alert rule: ${CHANNEL_KINDS.join(', ')}; secrets as env:VAR or file:PATH (or encrypted with UNSHADOW_SECRET_KEY)`)
    .requiredOption('--name <name>', 'a name to refer to the rule by')
    .option('--url <secret>', 'slack, teams, webhook: the webhook URL (a credential: env:VAR, file:PATH or encrypted)')
    .option('--signing-secret <secret>', 'webhook: the HMAC-SHA256 key receivers verify signatures with')
    .option('--host <host>', 'email: the SMTP server')
    .option('--port <port>', 'email: the SMTP port (default 587)')
    .option('--secure', 'email: TLS from the first byte (port 465)')
    .option('--user <user>', 'email: the SMTP user')
    .option('--password <secret>', 'email: the SMTP password')
    .option('--from <address>', 'email: the sender')
    .option('--to <addresses>', 'email: comma-separated recipients')
    .option('--path <file>', 'file: a JSON-lines file to append to, or - for stdout')
    .option('--types <types>', `comma-separated event types (default all): ${EVENT_TYPES.join(', ')}`)
    .option('--min-confidence <0-1>', 'only AI systems matched at least this confidently')
    .option('--min-priority <0-100>', 'only AI systems at least this high in the review queue (triage priority)')
    .option('--min-tier <tier>', 'only AI systems whose suggested EU AI Act tier is at least this: minimal, limited, high, prohibited')
    .option('--categories <list>', 'only these catalog categories')
    .option('--sources <list>', 'only events from these evidence kinds: oauth_grant, licence, expense, dependency, app_install, repo_artefact')
    .option('--connections <list>', 'only events from these connections (names)')
    .option('--cooldown <duration>', 'at most one alert per AI system within this time (0 for none)', '24h')
    .option('--digest', "collect each day's (UTC) events into one message, sent after midnight")
    .action(async (channel: string, flags: AddFlags) => {
      await withDatabase(async ({ db }, config) => {
        const rule = await addAlertRule(db, await prepareAlertRule(ruleInput(channel, flags), config));
        process.stdout.write(`Added ${rule.channel} alert rule '${rule.name}': ${describeFilter(rule.filter)}. Check it with \`unshadow alerts test ${rule.name}\`.\n`);
      });
    });

  alerts
    .command('list')
    .description('the alert rules (secrets show how they are stored, never their values)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const rules = await listAlertRules(db);
        if (flags.json) return printJson(rules.map(ruleRow));
        if (rules.length === 0) return void process.stdout.write('No alert rules yet. Add one with `unshadow alerts add <channel> --name <name> …`.\n');
        const cooldown = (seconds: number) => (seconds === 0 ? 'none' : seconds % 86_400 === 0 ? `${seconds / 86_400}d` : seconds % 3600 === 0 ? `${seconds / 3600}h` : `${Math.round(seconds / 60)}m`);
        process.stdout.write(`${table(['Name', 'Channel', 'Selects', 'Cooldown', 'Mode'], rules.map((r) => [r.name, r.channel, describeFilter(r.filter), cooldown(r.cooldownSeconds), r.digest ? 'daily digest' : 'immediate']))}\n`);
      });
    });

  alerts
    .command('test <rule>')
    .description('send a test alert through the rule now, and say whether it arrived')
    .action(async (name: string) => {
      await withContext(async ({ database, config }) => {
        const rule = await findAlertRule(database.db, name);
        const { outcome, linked } = await sendTestAlert({ db: database.db, config }, rule);
        if (!linked) process.stderr.write(`note: ${NO_PUBLIC_URL}\n`);
        if (!outcome.ok) throw new OperationError(`the test alert of rule '${rule.name}' was not delivered: ${outcome.error}`, outcome.retryable ? 'The receiver may be down; try again later.' : 'Fix the rule (remove and add it again) or the receiver.');
        process.stdout.write(`Test alert delivered through ${rule.channel} rule '${rule.name}'; \`unshadow alerts history\` lists it as a test.\n`);
      });
    });

  alerts
    .command('remove <rule>')
    .description('remove an alert rule with its delivery history')
    .action(async (name: string) => {
      await withDatabase(async ({ db }) => {
        const rule = await findAlertRule(db, name);
        await removeAlertRule(db, rule.id);
        process.stdout.write(`Removed alert rule '${rule.name}'.\n`);
      });
    });

  alerts
    .command('history')
    .description('alerts sent, waiting to be retried, or given up (with the last error), newest first')
    .option('--rule <name>', 'only this rule')
    .option('--since <when>', 'a date, or a duration back from now (24h, 7d)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (flags: { rule?: string; since?: string; limit: string; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const ruleId = flags.rule ? (await findAlertRule(db, flags.rule)).id : undefined;
        const rows = await deliveryHistory(db, { ...(ruleId ? { ruleId } : {}), ...(flags.since ? { since: parseSince(flags.since) } : {}), limit: Number(flags.limit) || 100 });
        if (flags.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('No alerts yet.\n');
        process.stdout.write(
          `${table(
            ['Alert', 'Rule', 'Status', 'Created', 'Events', 'AI systems', 'Attempts', 'Last error'],
            rows.map((r) => [r.id.slice(0, 8), r.rule, r.digest ? `${r.status} (digest ${r.digest})` : r.status, r.createdAt.slice(0, 19).replace('T', ' '), `${r.events} ${r.types.join(', ')}`, r.systems.join(', ').slice(0, 60), r.attempts, (r.lastError ?? '').slice(0, 80)]),
          )}\n`,
        );
      });
    });

  alerts
    .command('events')
    .description('what the inventory noticed (every event, alerted or not), newest first')
    .option('--type <types>', `comma-separated: ${EVENT_TYPES.join(', ')}`)
    .option('--since <when>', 'a date, or a duration back from now (24h, 7d)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (flags: { type?: string; since?: string; limit: string; json?: boolean }) => {
      const types = list(flags.type);
      const unknown = types.find((type) => !(EVENT_TYPES as readonly string[]).includes(type));
      if (unknown) throw new UserError(`unknown event type '${unknown}'`, `Event types: ${EVENT_TYPES.join(', ')}.`);
      await withDatabase(async ({ db }) => {
        const rows = await listEvents(db, { types, ...(flags.since ? { since: parseSince(flags.since) } : {}), limit: Number(flags.limit) || 100 });
        if (flags.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('No events.\n');
        process.stdout.write(`${table(['When', 'Type', 'Summary'], rows.map((e) => [e.at.slice(0, 19).replace('T', ' '), e.type, e.summary.slice(0, 100)]))}\n`);
      });
    });

  alerts
    .command('deliver')
    .description('embedded mode: route new events and deliver due alerts, digests and retries now (serve does this every minute)')
    .action(async () => {
      await withContext(async ({ database, catalog, config, log }) => {
        if (config.redisUrl) throw new UserError('with REDIS_URL the workers deliver alerts', 'Run `unshadow worker` (the alert queue); `unshadow alerts history` shows what they sent.');
        const summary = await dispatchInProcess({ db: database.db, catalog, config, log });
        process.stdout.write(`${summary.events} new event(s) routed; ${summary.delivered} alert(s) delivered, ${summary.retrying} to retry, ${summary.failed} failed.\n`);
      });
    });
}
