import { appendFile } from 'node:fs/promises';
import { type AlertEvent, type AlertRule, channelConfigSchemas } from '../../domain/alerts.js';
import { type AlertMessage, jsonDocument } from '../message.js';
import type { SendOutcome } from '../outcome.js';
import { postBody } from '../outbound.js';
import { sign } from '../signature.js';
import { sendEmail } from './email.js';
import { slackPayload } from './slack.js';
import { teamsPayload } from './teams.js';

export interface SendOptions {
  timeoutMs: number;
  publicUrl: string;
  signal?: AbortSignal;
  /** Unix seconds; the webhook signature's timestamp. */
  nowSeconds?: number;
}

/** Sends one alert through the rule's channel, with the rule's secrets resolved. */
export async function sendAlert(rule: AlertRule, secrets: Record<string, string>, message: AlertMessage, events: readonly AlertEvent[], options: SendOptions): Promise<SendOutcome> {
  const post = { allowPrivate: rule.allowPrivate, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
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
      return sendEmail(channelConfigSchemas.email.parse(rule.config), secrets.password, message, post);
    case 'file': {
      // One line per event, each naming its alert: SIEM pipelines index events, not batches.
      const document = jsonDocument(message, events, options.publicUrl);
      const lines = document.events.map((event) => `${JSON.stringify({ alert: message.id, rule: message.rule, digest: message.digest, ...event })}\n`).join('');
      const { path } = channelConfigSchemas.file.parse(rule.config);
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
