import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { githubOptionsSchema, type GithubOptions } from '../../../connectors/github/index.js';
import type { ConnectorRuntime } from '../../../src/domain/connector.js';
import type { Observation } from '../../../src/domain/observation.js';

export const ORG = 'northwind-analytics';
export const TOKEN = 'ghp_FAKEtokenThatMustOnlyTravelInTheAuthorizationHeader01';
export const API = 'https://api.github.com';

const fixtures = fileURLToPath(new URL('../../../fixtures/github/', import.meta.url));
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${fixtures}${name}`, 'utf8')) as T;
}

export function runtime(options: Record<string, unknown> = {}, secrets: Record<string, string> = { token: TOKEN }): ConnectorRuntime<GithubOptions> {
  return { options: githubOptionsSchema.parse({ org: ORG, ...options }), secrets };
}

/** Every path any scope was asked for, to prove the token never travels in a URL. */
export const requestedPaths: string[] = [];

/** A GitHub scope that only answers requests carrying our token in the Authorization header. */
export function github(api = API) {
  const scope = nock(api, { reqheaders: { authorization: (value: string) => value === `token ${TOKEN}` } });
  scope.on('request', (req: { path?: string; url?: string }) => requestedPaths.push(String(req.path ?? req.url)));
  return scope;
}

/** The Link header GitHub sends on page `page` of `last`. */
export function link(path: string, page: number, last: number, api = API): Record<string, string> {
  const parts: string[] = [];
  if (page < last) parts.push(`<${api}${path}&page=${page + 1}>; rel="next"`, `<${api}${path}&page=${last}>; rel="last"`);
  if (page > 1) parts.push(`<${api}${path}&page=1>; rel="first"`, `<${api}${path}&page=${page - 1}>; rel="prev"`);
  return parts.length ? { link: parts.join(', ') } : {};
}

export const attrs = (observation: Observation): Record<string, unknown> => observation.attributes as Record<string, unknown>;

/** All pages of a stream, following `next`. */
export async function drain(fetch: (cursor: unknown) => Promise<{ observations: Observation[]; next: unknown }>, limit = 20): Promise<{ observations: Observation[]; cursors: unknown[] }> {
  const observations: Observation[] = [];
  const cursors: unknown[] = [];
  let cursor: unknown = null;
  for (let i = 0; i < limit; i++) {
    const page = await fetch(cursor);
    observations.push(...page.observations);
    cursors.push(page.next);
    if (page.next === null) return { observations, cursors };
    cursor = page.next;
  }
  throw new Error('too many pages');
}
