import type { Command } from 'commander';
import { CHANNEL_KINDS, EVENT_TYPES } from '../../domain/alerts.js';
import type { AddFlags } from '../commands/alerts.js';

const actions = () => import('../commands/alerts.js');

export function defineAlerts(alerts: Command): void {
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
    .action(async (channel: string, flags: AddFlags) => (await actions()).addRule(channel, flags));
  alerts
    .command('list')
    .description('the alert rules (secrets show how they are stored, never their values)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).listRules(flags));
  alerts
    .command('test <rule>')
    .description('send a test alert through the rule now, and say whether it arrived')
    .action(async (name: string) => (await actions()).testRule(name));
  alerts
    .command('remove <rule>')
    .description('remove an alert rule with its delivery history')
    .action(async (name: string) => (await actions()).removeRule(name));
  alerts
    .command('history')
    .description('alerts sent, waiting to be retried, or given up (with the last error), newest first')
    .option('--rule <name>', 'only this rule')
    .option('--since <when>', 'a date, or a duration back from now (24h, 7d)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (flags: { rule?: string; since?: string; limit: string; json?: boolean }) => (await actions()).history(flags));
  alerts
    .command('events')
    .description('what the inventory noticed (every event, alerted or not), newest first')
    .option('--type <types>', `comma-separated: ${EVENT_TYPES.join(', ')}`)
    .option('--since <when>', 'a date, or a duration back from now (24h, 7d)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (flags: { type?: string; since?: string; limit: string; json?: boolean }) => (await actions()).events(flags));
  alerts
    .command('deliver')
    .description('embedded mode: route new events and deliver due alerts, digests and retries now (serve does this every minute)')
    .action(async () => (await actions()).deliver());
}
