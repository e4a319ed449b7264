import { createHash, createSign } from 'node:crypto';
import { JWT } from 'google-auth-library';
import type { Credentials } from 'google-auth-library';
import { z } from 'zod';
import { PermanentSourceError } from '../../src/domain/connector.js';
import { errorForResponse, networkFailure, validResponse } from '../../src/domain/http-failure.js';
import { scopeName } from './options.js';

/**
 * Service-account authentication with domain-wide delegation: a JWT signed with the service
 * account's key, `sub` = the impersonated admin, exchanged for an access token at `tokenUrl`
 * (RFC 7523 jwt-bearer grant). google-auth-library's JWT client keeps the token cached and
 * refreshes it before expiry; only the exchange is ours, because the library's token endpoint is
 * fixed to oauth2.googleapis.com and connections must work against test doubles and proxies.
 */

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  client_id?: string;
  private_key_id?: string;
}

/** The `keyFile` secret: the JSON key's content as downloaded from the Cloud console. */
export function parseServiceAccountKey(content: string | undefined): ServiceAccountKey {
  if (!content?.trim()) throw new PermanentSourceError('google-workspace: the keyFile secret is missing; give the service account JSON key with --key-file file:PATH');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new PermanentSourceError('google-workspace: the keyFile secret is not JSON; give the service account JSON key file (with client_email and private_key), not a path or a P12 key');
  }
  const key = parsed as Partial<ServiceAccountKey> | null;
  if (!key || typeof key.client_email !== 'string' || typeof key.private_key !== 'string' || !key.private_key.includes('PRIVATE KEY')) {
    throw new PermanentSourceError('google-workspace: the keyFile secret lacks client_email or private_key; download a JSON key for the service account');
  }
  return key as ServiceAccountKey;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The token endpoint's answer (RFC 6749 §5.1; Google sends expires_in as a number). */
const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** RS256-signed assertion for the jwt-bearer grant (what Google's gtoken signs, with our audience). */
export function signAssertion(key: ServiceAccountKey, scopes: readonly string[], subject: string, audience: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const payload = { iss: key.client_email, sub: subject, scope: scopes.join(' '), aud: audience, iat, exp: iat + 3600 };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key);
  return `${unsigned}.${base64url(signature)}`;
}

/** A google-auth-library JWT client whose token exchange goes to `tokenUrl`. */
type TokenResult = { res: null; tokens: Credentials };

export class DelegatedJwt extends JWT {
  private inFlight: Promise<TokenResult> | undefined;

  constructor(
    private readonly serviceAccount: ServiceAccountKey,
    private readonly delegatedScopes: readonly string[],
    subject: string,
    private readonly tokenUrl: string,
  ) {
    // The API requests this client sends go out with fetch, through the outbound guard
    // (src/outbound/guard.ts): gaxios's own default, node-fetch over node:http, goes around it.
    super({ email: serviceAccount.client_email, key: serviceAccount.private_key, scopes: [...delegatedScopes], subject, transporterOptions: { fetchImplementation: fetch } });
  }

  protected override refreshTokenNoCache(): Promise<TokenResult> {
    // Concurrent callers share one exchange.
    this.inFlight ??= this.exchange().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async exchange(): Promise<TokenResult> {
    // The audience is the endpoint the assertion is sent to (Google checks it is its own).
    const assertion = signAssertion(this.serviceAccount, this.delegatedScopes, this.subject!, this.tokenUrl);
    const request = `POST ${this.tokenUrl}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
      });
      text = await response.text();
    } catch (error) {
      // Refused, unreachable, or the connection dropped before the answer was complete.
      throw networkFailure(request, error);
    }
    const body = parseJson(text);
    if (!response.ok) throw tokenError(response.status, response.headers, typeof body === 'object' && body ? (body as TokenErrorBody) : undefined, this.tokenUrl, this.serviceAccount, this.delegatedScopes, this.subject!);
    // A body cut off or without a token is a failed exchange to repeat, never a token.
    const answer = validResponse(request, tokenResponseSchema, body);
    const expiresIn = answer.expires_in ?? 3600;
    const tokens = { access_token: answer.access_token, token_type: 'Bearer', expiry_date: Date.now() + expiresIn * 1000 };
    this.emit('tokens', tokens);
    return { res: null, tokens };
  }
}

type TokenErrorBody = { error?: string; error_description?: string };

/** The body as JSON, or as the text it is when it does not parse (cut off, HTML from a proxy), for the shape check to name. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * What a refused token exchange means. Google answers 400/401 `unauthorized_client` when the
 * client id is not authorised for every requested scope in the Admin console's domain-wide
 * delegation, and `invalid_grant` for a wrong subject, a deleted key or a skewed clock.
 */
function tokenError(
  status: number,
  headers: globalThis.Headers,
  body: TokenErrorBody | undefined,
  tokenUrl: string,
  key: ServiceAccountKey,
  scopes: readonly string[],
  subject: string,
): Error {
  const code = body?.error ?? '';
  const detail = body?.error_description ? ` (${code}: ${body.error_description})` : code ? ` (${code})` : '';
  if (code === 'unauthorized_client' || code === 'access_denied') {
    const names = scopes.map(scopeName);
    return new PermanentSourceError(
      `POST ${tokenUrl} answered ${status}${detail}: service account ${key.client_email}${key.client_id ? ` (client id ${key.client_id})` : ''} is not authorised for ${names.join(', ')}; add ${scopes.join(',')} to its domain-wide delegation in the Admin console (Security → Access and data control → API controls → Domain-wide delegation)`,
      names,
    );
  }
  if (code === 'invalid_grant' || code === 'invalid_client') {
    return new PermanentSourceError(`POST ${tokenUrl} answered ${status}${detail}: check adminEmail (${subject} must be an active super admin), that the key is not deleted, and the machine clock`, [], 'credential');
  }
  return errorForResponse(status, headers, body, { request: `POST ${tokenUrl}` });
}

/** Identity of a connection's credentials, without the secret in it. */
export function credentialFingerprint(key: ServiceAccountKey, ...parts: string[]): string {
  return createHash('sha256').update([key.client_email, key.private_key, ...parts].join('\n')).digest('hex');
}
