import { createVerify, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { ConnectorRuntime } from '../../../src/domain/connector.js';
import { googleWorkspaceOptionsSchema, type GoogleWorkspaceOptions } from '../../../connectors/google-workspace/index.js';

export const API_ROOT = 'https://admin.gws.test';
export const TOKEN_HOST = 'https://oauth.gws.test';
export const TOKEN_URL = `${TOKEN_HOST}/token`;
export const ADMIN = 'alice.moreau@northwind.example';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
export const PUBLIC_KEY = pair.publicKey;
export const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'unshadow-test',
  private_key_id: 'k1',
  private_key: pair.privateKey,
  client_email: 'unshadow@unshadow-test.iam.gserviceaccount.com',
  client_id: '109876543210987654321',
};

export function runtime(options: Partial<Record<keyof GoogleWorkspaceOptions, unknown>> = {}, extra: Partial<ConnectorRuntime<GoogleWorkspaceOptions>> = {}): ConnectorRuntime<GoogleWorkspaceOptions> {
  return {
    options: googleWorkspaceOptionsSchema.parse({ adminEmail: ADMIN, apiRoot: API_ROOT, tokenUrl: TOKEN_URL, requestsPerSecond: 100, retryBaseMs: 1, ...options }),
    secrets: { keyFile: JSON.stringify(SERVICE_ACCOUNT) },
    ...extra,
  };
}

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/google-workspace');
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface Assertion {
  header: Record<string, unknown>;
  claims: { iss: string; sub: string; scope: string; aud: string; iat: number; exp: number };
}

/** Decodes and verifies (RS256, the test key) a jwt-bearer assertion. */
export function verifyAssertion(assertion: string): Assertion {
  const [header, payload, signature] = assertion.split('.');
  const ok = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(PUBLIC_KEY, Buffer.from(signature!, 'base64url'));
  if (!ok) throw new Error('assertion signature does not verify');
  return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()), claims: JSON.parse(Buffer.from(payload!, 'base64url').toString()) };
}

function form(body: unknown): URLSearchParams {
  return typeof body === 'string' ? new URLSearchParams(body) : new URLSearchParams(body as Record<string, string>);
}

/** The token endpoint: answers a token for an assertion carrying exactly `scopes`; records the assertions it saw. */
export function mockTokenEndpoint(scopes: string[], seen: Assertion[] = [], host = TOKEN_HOST, path = '/token'): nock.Scope {
  return nock(host)
    .post(path, (body) => {
      const params = form(body);
      if (params.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return false;
      const assertion = verifyAssertion(params.get('assertion') ?? '');
      if (assertion.claims.scope.split(' ').sort().join(' ') !== [...scopes].sort().join(' ')) return false;
      seen.push(assertion);
      return true;
    })
    .reply(200, { access_token: 'ya29.test-token', expires_in: 3599, token_type: 'Bearer' });
}

export const SCOPE = {
  userRead: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  userSecurity: 'https://www.googleapis.com/auth/admin.directory.user.security',
  reports: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  licensing: 'https://www.googleapis.com/auth/apps.licensing',
  chromeReports: 'https://www.googleapis.com/auth/chrome.management.reports.readonly',
};
export const TOKENS_SCOPES = [SCOPE.userRead, SCOPE.userSecurity];

export const byKey = <T extends { key: string }>(items: T[]): T[] => [...items].sort((a, b) => a.key.localeCompare(b.key));
