import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { refusal } from '../../outbound/guard.js';
import type { NetworkPolicy } from '../../outbound/policy.js';
import type { SendOutcome } from '../outcome.js';
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
 * the host name. A server that does not offer STARTTLS is refused unless the operator allows
 * plain text (UNSHADOW_SMTP_ALLOW_PLAINTEXT): the password and the alert would cross the network
 * readable. SMTP 5xx answers are permanent, 4xx and network failures are retried.
 */
export async function sendEmail(
  settings: EmailSettings,
  password: string | undefined,
  message: AlertMessage,
  options: { policy: NetworkPolicy; timeoutMs: number; allowPlaintext: boolean },
): Promise<SendOutcome> {
  let address = settings.host;
  if (!isIP(address)) {
    try {
      address = (await lookup(settings.host)).address;
    } catch {
      return { ok: false, retryable: true, error: `cannot resolve the SMTP host ${settings.host}` };
    }
  }
  const refused = refusal(settings.host, address, options.policy);
  if (refused) return { ok: false, retryable: false, error: refused };
  const transport = createTransport({
    host: address,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && !options.allowPlaintext,
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
    if ((error as { code?: string }).code === 'ETLS' && /STARTTLS/i.test((error as Error).message)) {
      return { ok: false, retryable: false, error: `${settings.host}:${settings.port} does not offer STARTTLS, so the password and the alert would be sent in plain text; use a server with TLS (or --secure on port 465)` };
    }
    const reason = code ? `the SMTP server answered ${code}` : `cannot deliver through ${settings.host}:${settings.port}: ${(error as { code?: string }).code ?? (error as Error).message}`;
    return { ok: false, retryable: !(code && code >= 500), error: reason };
  } finally {
    transport.close();
  }
}
