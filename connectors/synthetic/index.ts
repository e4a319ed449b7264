import { z } from 'zod';
import type { Connector, ConnectorRuntime, Page } from '../../src/domain/connector.js';
import { failedCheck } from '../../src/domain/connector-checks.js';
import { errorForResponse } from '../../src/domain/http-failure.js';
import type { Observation } from '../../src/domain/observation.js';
import { withRequestSignal } from '../../src/domain/request-signal.js';

/**
 * A source of generated OAuth grants, for trials, load tests and the worker's own tests: it
 * pages like a SaaS API, deterministically (record i is always the same record). With `url`, it
 * fetches the same pages from an HTTP endpoint instead, with the token as a bearer credential,
 * so HTTP failures and rate limits can be exercised end to end.
 */
const optionsSchema = z.strictObject({
  records: z.coerce.number().int().min(0).max(100_000_000).default(1000).describe('Grants the source holds').meta({ title: 'Records' }),
  pageSize: z.coerce.number().int().min(1).max(10_000).default(500).describe('Grants per page').meta({ title: 'Page size' }),
  aiShare: z.coerce.number().min(0).max(1).default(0.1).describe('Share of grants that go to AI apps, 0–1').meta({ title: 'AI share' }),
  delayMs: z.coerce.number().int().min(0).max(60_000).default(0).describe('Milliseconds each page takes, to imitate a slow API').meta({ title: 'Delay per page (ms)' }),
  url: z.url().optional().describe('Fetch the pages from this HTTP endpoint instead of generating them').meta({ title: 'Pages from URL' }),
});
export type SyntheticOptions = z.infer<typeof optionsSchema>;

const AI_APPS = ['ChatGPT', 'Claude', 'Otter.ai', 'Fireflies.ai', 'Grammarly', 'Read AI', 'Perplexity', 'Jasper'];
const OTHER_APPS = ['Zoom', 'Slack', 'Calendly', 'DocuSign', 'Dropbox', 'Trello', 'Miro', 'Mailchimp', 'Asana', 'Loom', 'Airtable', 'HubSpot Sales'];
const SCOPES = [['openid', 'email', 'profile'], ['https://www.googleapis.com/auth/drive.readonly'], ['https://www.googleapis.com/auth/gmail.readonly', 'openid']];

/** Record `index` of the synthetic tenant: a user's grant to an app. */
export function syntheticGrant(index: number, aiShare: number): Observation {
  // A multiplicative hash of the index: deterministic, evenly spread, no state.
  const hash = Math.imul(index + 1, 2654435761) >>> 0;
  const ai = hash % 1000 < aiShare * 1000;
  const apps = ai ? AI_APPS : OTHER_APPS;
  const appName = apps[(hash >>> 10) % apps.length]!;
  return {
    kind: 'oauth_grant',
    key: `synthetic:grant:${index}`,
    attributes: {
      provider: 'google',
      appName,
      appId: `${appName.length}${appName.charCodeAt(0)}-synthetic.apps.googleusercontent.com`,
      scopes: SCOPES[(hash >>> 20) % SCOPES.length]!,
      user: `user${index % 5000}@example.test`,
    },
  };
}

const pageSchema = z.object({ from: z.number().int().min(0), to: z.number().int().min(0), next: z.number().int().nullable() });

async function fetchRemote(runtime: ConnectorRuntime<SyntheticOptions>, cursor: number): Promise<{ from: number; to: number; next: number | null }> {
  const url = new URL(runtime.options.url!);
  url.searchParams.set('cursor', String(cursor));
  const token = runtime.secrets.token;
  const { response, body } = await withRequestSignal(runtime.signal, async (signal) => {
    const answer = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, ...(signal ? { signal } : {}) });
    return { response: answer, body: (await answer.json().catch(() => undefined)) as unknown };
  });
  if (!response.ok) throw errorForResponse(response.status, response.headers, body, { request: `GET ${url.pathname}`, needs: ['grants.read'] });
  const page = pageSchema.safeParse(body);
  if (!page.success) throw new Error(`GET ${url.pathname} answered a malformed page: ${page.error.issues[0]?.message ?? 'unexpected shape'}`);
  return page.data;
}

export const syntheticConnector: Connector<SyntheticOptions> = {
  kind: 'synthetic',
  label: 'Synthetic (test data)',
  description: 'generated OAuth grants for trials and load tests (optionally served over HTTP with --url)',
  optionsSchema,
  secretOptions: ['token'],
  secretFields: { token: { label: 'Bearer token', help: 'The token the HTTP endpoint expects (only with a URL)' } },
  permissions: [],
  streams: ['grants'],
  async test(runtime) {
    if (!runtime.options.url) return [{ name: 'generated records', ok: true, detail: `${runtime.options.records} records` }];
    try {
      await fetchRemote(runtime, 0);
      return [{ name: `GET ${new URL(runtime.options.url).pathname}`, ok: true, detail: 'the endpoint answers a page' }];
    } catch (error) {
      return [failedCheck(`GET ${new URL(runtime.options.url).pathname}`, error)];
    }
  },
  async fetchPage(runtime, _stream, cursor): Promise<Page> {
    const { records, pageSize, aiShare, delayMs } = runtime.options;
    const start = typeof cursor === 'number' ? cursor : 0;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const range = runtime.options.url ? await fetchRemote(runtime, start) : { from: start, to: Math.min(records, start + pageSize), next: start + pageSize < records ? start + pageSize : null };
    const observations: Observation[] = [];
    for (let index = range.from; index < range.to; index++) observations.push(syntheticGrant(index, aiShare));
    return { observations, next: range.next };
  },
};
