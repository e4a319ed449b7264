import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import { type AlertRule, CHANNEL_KINDS, channelConfigSchemas, EVENT_TYPES, ruleFilterSchema, SECRET_OPTIONS } from '../domain/alerts.js';
import { UserError } from '../domain/errors.js';
import { describeOptionIssues, optionName } from '../domain/option-names.js';
import { checkHost } from '../outbound/guard.js';
import { isReference, resolveSecret, type SecretOrigin, storableSecret } from '../secrets/index.js';
import { parseReceiverUrl } from './outbound.js';

/**
 * A new alert rule as the CLI's flags or the API's JSON give it: one schema, so both refuse the
 * same things with the same words.
 */
export const alertRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1),
  channel: z.enum(CHANNEL_KINDS),
  url: z.string().trim().min(1).optional(),
  signingSecret: z.string().min(1).optional(),
  host: z.string().trim().min(1).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  secure: z.boolean().optional(),
  user: z.string().trim().min(1).optional(),
  password: z.string().min(1).optional(),
  from: z.string().trim().min(3).optional(),
  to: z.array(z.string().trim().min(3)).optional(),
  path: z.string().trim().min(1).optional(),
  types: z.array(z.enum(EVENT_TYPES)).optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  minPriority: z.coerce.number().int().min(0).max(100).optional(),
  minTier: ruleFilterSchema.shape.minTier,
  categories: z.array(z.string().min(1)).optional(),
  sources: ruleFilterSchema.shape.sources.optional(),
  connections: z.array(z.string().min(1)).optional(),
  /** "90" (seconds), "30m", "12h", "7d"; 0 turns the cooldown off. */
  cooldown: z.string().trim().default('24h'),
  digest: z.boolean().optional(),
});
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;


/** "90" (seconds), "30m", "12h", "7d". */
export function parseDuration(value: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new UserError(`--${option} takes a duration such as 30m, 12h or 7d, not '${value}'`);
  return Math.round(Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd']);
}

/** A file rule added over the API names one file in the operator's alert file folder. */
const CONFINED_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;

/**
 * Validates a rule and turns it into what is stored: secrets as references or ciphertext bound
 * to the rule's row, and the receiver checked against the operator's network policy where its
 * address can be read here.
 *
 * Over the API (`origin: 'api'`) the caller is not the operator: secrets are values, never
 * env:/file: references, and a file rule writes only inside UNSHADOW_ALERT_FILE_DIR.
 */
export async function prepareAlertRule(
  given: unknown,
  config: Pick<Config, 'env' | 'secretKey' | 'networkPolicy' | 'alertFileDir'>,
  origin: SecretOrigin = 'operator',
): Promise<Omit<AlertRule, 'createdAt'>> {
  const parsed = alertRuleInputSchema.safeParse(given);
  if (!parsed.success) {
    const channel = parsed.error.issues.find((i) => i.path[0] === 'channel');
    if (channel) throw new UserError(`unknown alert channel '${String((given as { channel?: unknown }).channel)}'`, `Channels: ${CHANNEL_KINDS.join(', ')}.`);
    throw new UserError(`invalid alert rule: ${describeOptionIssues(parsed.error.issues)}`, `Event types: ${EVENT_TYPES.join(', ')}.`);
  }
  const input = parsed.data;
  const id = randomUUID();
  if (origin === 'api' && input.channel === 'file') {
    if (!config.alertFileDir) {
      throw new UserError('file alert rules cannot be added over the API on this server: they write on the server itself', 'Ask the operator to set UNSHADOW_ALERT_FILE_DIR (the one folder such rules may write in), or to add the rule with the CLI.');
    }
    if (!input.path || !CONFINED_FILE_NAME.test(input.path) || input.path.includes('..')) {
      throw new UserError('path: over the API a file rule names one file (letters, digits, . _ -), which is written inside the operator\'s alert file folder', 'Give a name such as siem-alerts.jsonl.');
    }
  }
  const channelInput =
    input.channel === 'email' ? { host: input.host, port: input.port, secure: input.secure, user: input.user, from: input.from, to: input.to }
    : input.channel === 'file' ? { path: input.path, ...(origin === 'api' ? { confined: true } : {}) }
    : {};
  const channelConfig = channelConfigSchemas[input.channel].safeParse(Object.fromEntries(Object.entries(channelInput).filter(([, v]) => v !== undefined)));
  if (!channelConfig.success) throw new UserError(`invalid options for a ${input.channel} alert rule: ${describeOptionIssues(channelConfig.error.issues)}`);
  const secrets: Record<string, string> = {};
  for (const { name, required } of SECRET_OPTIONS[input.channel]) {
    const value = input[name as 'url' | 'signingSecret' | 'password'];
    if (!value) {
      if (required) throw new UserError(`a ${input.channel} alert rule needs --${optionName(name)}`, 'Give it as env:VARIABLE, file:/path, or a value stored encrypted with UNSHADOW_SECRET_KEY.');
      continue;
    }
    if (name === 'url' && !isReference(value)) parseReceiverUrl(value, 'url');
    const slot = { table: 'alert_rules' as const, id, option: name };
    secrets[name] = storableSecret(slot, value, config.secretKey, origin, origin === 'api' ? name : `--${optionName(name)}`);
  }
  if (input.channel === 'email') await checkHost(input.host!, config.networkPolicy, 'SMTP host');
  else if (input.url) {
    let url: string | undefined;
    try {
      url = isReference(input.url) ? resolveSecret({ table: 'alert_rules', id, option: 'url' }, input.url, config.env, config.secretKey) : input.url;
    } catch {
      // Not readable here (set only where the workers run): every delivery checks it instead.
    }
    if (url) await checkHost(parseReceiverUrl(url, 'url').hostname, config.networkPolicy, 'receiver host');
  }
  return {
    id,
    name: input.name,
    channel: input.channel,
    config: channelConfig.data,
    secrets,
    filter: ruleFilterSchema.parse({
      types: input.types ?? [],
      minConfidence: input.minConfidence,
      minPriority: input.minPriority,
      minTier: input.minTier,
      categories: input.categories ?? [],
      sources: input.sources ?? [],
      connections: input.connections ?? [],
    }),
    cooldownSeconds: parseDuration(input.cooldown, 'cooldown'),
    digest: input.digest ?? false,
  };
}
