import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 over `<unix seconds>.<body>`, sent as
 * `X-Unshadow-Signature: v1=<hex>` beside `X-Unshadow-Timestamp`. Signing the timestamp with the
 * body lets a receiver reject a captured request replayed later, not only a forged one.
 */

export const SIGNATURE_HEADER = 'x-unshadow-signature';
export const TIMESTAMP_HEADER = 'x-unshadow-timestamp';
/** How old a signed request may be before a receiver should treat it as a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type Verification = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

/** What a receiver runs on each request; exported so that receivers in Node can use it as is. */
export function verifySignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): Verification {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale' };
  return { ok: true };
}
