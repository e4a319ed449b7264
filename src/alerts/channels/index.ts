import { constants } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { type AlertEvent, type AlertRule, channelConfigSchemas } from '../../domain/alerts.js';
import type { NetworkPolicy } from '../../outbound/policy.js';
import { type AlertMessage, jsonDocument } from '../message.js';
import type { SendOutcome } from '../outcome.js';
import { postBody } from '../outbound.js';
import { sign } from '../signature.js';
import { sendEmail } from './email.js';
import { slackPayload } from './slack.js';
import { teamsPayload } from './teams.js';

export interface SendOptions {
  timeoutMs: number;
  publicUrl: string | undefined;
  /** The operator's network allowance (UNSHADOW_ALLOW_PRIVATE_NETWORKS). */
  policy: NetworkPolicy;
  /** The operator's opt-out from STARTTLS (UNSHADOW_SMTP_ALLOW_PLAINTEXT). */
  allowPlaintextSmtp: boolean;
  /** Where file rules added over the API write (UNSHADOW_ALERT_FILE_DIR); unset refuses them. */
  alertFileDir: string | undefined;
  signal?: AbortSignal;
  /** Unix seconds; the webhook signature's timestamp. */
  nowSeconds?: number;
}

/** Sends one alert through the rule's channel, with the rule's secrets resolved. */
export async function sendAlert(rule: AlertRule, secrets: Record<string, string>, message: AlertMessage, events: readonly AlertEvent[], options: SendOptions): Promise<SendOutcome> {
  const post = { policy: options.policy, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const idempotency = { 'idempotency-key': message.id, 'x-unshadow-delivery': message.id };
  switch (rule.channel) {
    case 'slack':
      return postBody(new URL(secrets.url!), JSON.stringify(slackPayload(message)), idempotency, post);
    case 'teams':
      return postBody(new URL(secrets.url!), JSON.stringify(teamsPayload(message)), idempotency, post);
    case 'webhook': {
      const body = JSON.stringify(jsonDocument(message, events, options.publicUrl));
      const timestamp = options.nowSeconds ?? Math.floor(Date.now() / 1000);
      return postBody(new URL(secrets.url!), body, { ...idempotency, 'x-unshadow-timestamp': String(timestamp), 'x-unshadow-signature': sign(secrets.signingSecret!, timestamp, body) }, post);
    }
    case 'email':
      return sendEmail(channelConfigSchemas.email.parse(rule.config), secrets.password, message, { ...post, allowPlaintext: options.allowPlaintextSmtp });
    case 'file': {
      // One line per event, each naming its alert: SIEM pipelines index events, not batches.
      const document = jsonDocument(message, events, options.publicUrl);
      const lines = document.events.map((event) => `${JSON.stringify({ alert: message.id, rule: message.rule, digest: message.digest, ...event })}\n`).join('');
      const { path, confined } = channelConfigSchemas.file.parse(rule.config);
      if (confined) return appendConfined(options.alertFileDir, path, lines);
      try {
        if (path === '-') process.stdout.write(lines);
        else await appendFile(path, lines, { mode: 0o600 });
        return { ok: true };
      } catch (error) {
        return { ok: false, retryable: true, error: `cannot append to ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
      }
    }
  }
}

/**
 * A file rule added over the API names a file, not a path: it is appended to inside the folder
 * the operator set aside, and never through a symbolic link, so an API caller cannot write to
 * a shell start-up file or anywhere else the server can.
 */
async function appendConfined(dir: string | undefined, name: string, lines: string): Promise<SendOutcome> {
  if (!dir) return { ok: false, retryable: false, error: 'file alert rules added over the API need UNSHADOW_ALERT_FILE_DIR, which is not set where this runs' };
  try {
    const handle = await open(join(dir, name), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.appendFile(lines);
    } finally {
      await handle.close();
    }
    return { ok: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, retryable: false, error: `${name} in the alert file folder is a symbolic link; unshadow does not follow it` };
    return { ok: false, retryable: true, error: `cannot append to ${name} in the alert file folder: ${code ?? (error as Error).message}` };
  }
}
