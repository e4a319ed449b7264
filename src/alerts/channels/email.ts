import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { SendOutcome } from '../outcome.js';
import { addressRange, rangeInWords } from '../outbound.js';
import { type AlertMessage, plainText } from '../message.js';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  from: string;
  to: string[];
}

/**
 * One e-mail per alert through the organisation's SMTP server (nodemailer). The host is resolved
 * and checked like a webhook's, then connected to by address, with TLS still verified against
 * the host name. SMTP 5xx answers are permanent, 4xx and network failures are retried.
 */
export async function sendEmail(settings: EmailSettings, password: string | undefined, message: AlertMessage, options: { allowPrivate: boolean; timeoutMs: number }): Promise<SendOutcome> {
  let address = settings.host;
  if (!isIP(address)) {
    try {
      address = (await lookup(settings.host)).address;
    } catch {
      return { ok: false, retryable: true, error: `cannot resolve the SMTP host ${settings.host}` };
    }
  }
  if (!options.allowPrivate && addressRange(address) !== 'unicast') {
    return { ok: false, retryable: false, error: `refused to send alerts to ${settings.host} (${address}): it is a ${rangeInWords(address)} address; add the rule with --allow-private if this SMTP server is meant to be internal` };
  }
  const transport = createTransport({
    host: address,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    tls: { servername: settings.host },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.title,
      text: plainText(message),
      messageId: `<${message.id}@unshadow>`,
      headers: { 'X-Unshadow-Delivery': message.id },
    });
    return { ok: true };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const reason = code ? `the SMTP server answered ${code}` : `cannot deliver through ${settings.host}:${settings.port}: ${(error as { code?: string }).code ?? (error as Error).message}`;
    return { ok: false, retryable: !(code && code >= 500), error: reason };
  } finally {
    transport.close();
  }
}
