import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { microsoft365OptionsSchema, type Microsoft365Options } from '../../../connectors/microsoft365/index.js';
import type { ConnectorRuntime } from '../../../src/domain/connector.js';
import type { LicenceAttributes, Observation } from '../../../src/domain/observation.js';
import { graphBatchRoute } from '../../helpers/nock-graph-batch.js';

export const TENANT = 'b7c3e1a4-5d2f-4e8b-9a61-0c4f7d2e8a19';
export const CLIENT_ID = '9d1b3f5a-7c9e-4b1d-8f3a-5c7e9b1d3f60';
export const SECRET = 'Qx8~sEcReT.value_that-must~never-reach-graph';
export const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-app-only-token.sig';
export const GRAPH = 'https://graph.microsoft.com';
export const LOGIN = 'https://login.microsoftonline.com';

const fixtures = fileURLToPath(new URL('../../../fixtures/microsoft365/', import.meta.url));
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${fixtures}${name}`, 'utf8')) as T;
}

/** Retries back off by a millisecond here: the tests count requests, not wait for them. */
export function runtime(options: Record<string, unknown> = {}, secrets: Record<string, string> = { clientSecret: SECRET }): ConnectorRuntime<Microsoft365Options> {
  return { options: microsoft365OptionsSchema.parse({ tenantId: TENANT, clientId: CLIENT_ID, ...options }), secrets, retry: { baseDelayMs: 1, maxDelayMs: 2 } };
}

/** The client-credentials token exchange, checking the form body. */
export function tokenScope(authority = LOGIN, graph = GRAPH, tenant = TENANT) {
  return nock(authority)
    .post(`/${tenant}/oauth2/v2.0/token`, (body: Record<string, string>) => {
      return body.grant_type === 'client_credentials' && body.client_id === CLIENT_ID && body.client_secret === SECRET && body.scope === `${graph}/.default`;
    })
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN });
}

/**
 * A Graph scope that only answers requests carrying our bearer token; the batched lookups reach
 * its GET routes through Graph's `$batch` (graphBatchRoute), added once until nock is cleaned.
 */
export function graphScope(graph = GRAPH) {
  if (!nock.activeMocks().some((mock) => mock === `POST ${new URL(graph).origin}:443/v1.0/$batch`)) graphBatchRoute(graph);
  return nock(graph, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

/** A Graph collection response shaped like the official examples. */
export function collection(context: string, value: unknown[], nextLink?: string) {
  return { '@odata.context': `${GRAPH}/v1.0/$metadata#${context}`, ...(nextLink ? { '@odata.nextLink': nextLink } : {}), value };
}

/** nock wants a query object; this one is what a Graph nextLink asks for. */
export function queryOf(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link).searchParams.entries());
}

/** The attributes of a licence observation (the union does not narrow on its own in a map). */
export const licence = (observation: Observation): LicenceAttributes => observation.attributes as LicenceAttributes;
