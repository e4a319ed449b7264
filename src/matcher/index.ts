import type { Catalog } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInput, MatchInputOf } from '../domain/observation.js';
import { compileAppInstallMatcher } from './app-install.js';
import { compileArtefactMatcher } from './artefact.js';
import { compileDependencyMatcher } from './dependency.js';
import { compileBrowserExtensionMatcher, compileEndpointAppMatcher } from './endpoint.js';
import { compileExpenseMatcher, type ExpenseMatcher } from './expense.js';
import { compileLicenceMatcher } from './licence.js';
import { compileNetworkMatcher } from './network.js';
import { compileOauthMatcher } from './oauth.js';
import { VerdictMemo } from './verdict-memo.js';

export { descriptorPattern, type NormalisedDescriptor, normaliseDescriptor, normalisePackage } from './normalise.js';
export { type Exposure, type ExposureLevel, rateScopes } from '../domain/scope-exposure.js';

/**
 * The fingerprint matcher: compiled once per catalog version into hash maps and token tries
 * (never a loop over catalog entries per record), then pure — no I/O, no clock, no randomness —
 * so the same observation and catalog always give the same verdict.
 */
export interface Matcher {
  catalogVersion: string;
  match(observation: MatchInput): MatchResult;
  /** `descriptor` may be passed when the caller has normalised the merchant already. */
  matchExpense: ExpenseMatcher;
}

/** The attributes each kind's matcher reads. */
type MatchKinds = { [K in MatchInput['kind']]: MatchInputOf<K> };

/** Remembers verdicts for kinds whose inputs repeat; `same` compares the fields besides the key. */
function memoise<I>(match: (input: I) => MatchResult, keyOf: (input: I) => string, same: (a: I, b: I) => boolean): (input: I) => MatchResult {
  const memo = new VerdictMemo<I, MatchResult>(keyOf, same);
  return (input) => memo.get(input, match);
}

/** A value built on first use: most processes match one or two kinds of record, never all of them. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/**
 * Each kind's matcher is compiled the first time a record of that kind is matched: a network
 * log import compiles the domain index and none of the merchant, app or package indexes (about
 * 25 MB of heap at 3,400 entries), and a scan of one source compiles what its records need.
 */
export function compileMatcher(catalog: Catalog): Matcher {
  const expense = lazy(() => compileExpenseMatcher(catalog));
  const oauth = lazy(() => compileOauthMatcher(catalog));
  const dependency = lazy(() => compileDependencyMatcher(catalog));
  const byKind: { [K in keyof MatchKinds]: () => (input: MatchKinds[K]) => MatchResult } = {
    // Card descriptors carry store numbers and cities, so most are distinct: remembering them
    // costs more than it saves (the import pipeline keeps its own cache per file).
    expense,
    // remembers verdicts per app itself: its grants differ only in scopes and users
    oauth_grant: oauth,
    licence: lazy(() =>
      memoise(
        compileLicenceMatcher(catalog),
        (l: MatchInputOf<'licence'>) => l.skuId ?? l.skuName ?? '',
        (a, b) => a.skuName === b.skuName && a.skuId === b.skuId && a.provider === b.provider && a.vendor === b.vendor,
      ),
    ),
    dependency: lazy(() =>
      memoise(
        dependency(),
        (d: MatchInputOf<'dependency'>) => d.name,
        (a, b) => a.ecosystem === b.ecosystem && a.name === b.name,
      ),
    ),
    app_install: lazy(() =>
      memoise(
        compileAppInstallMatcher(catalog, oauth()),
        (a: MatchInputOf<'app_install'>) => a.slug ?? a.name ?? '',
        (a, b) => a.slug === b.slug && a.name === b.name && a.provider === b.provider && JSON.stringify(a.permissions) === JSON.stringify(b.permissions),
      ),
    ),
    repo_artefact: lazy(() =>
      memoise(
        compileArtefactMatcher(catalog, dependency()),
        (a: MatchInputOf<'repo_artefact'>) => a.path ?? a.name ?? '',
        (a, b) => a.path === b.path && a.name === b.name && a.type === b.type && a.command === b.command,
      ),
    ),
    // The network import keeps its own verdict cache per host.
    network: lazy(() => compileNetworkMatcher(catalog)),
    browser_extension: lazy(() => compileBrowserExtensionMatcher(catalog, oauth())),
    endpoint_app: lazy(() => compileEndpointAppMatcher(catalog)),
  };
  return {
    catalogVersion: catalog.version,
    matchExpense: (input, descriptor) => expense()(input, descriptor),
    match: (observation) => (byKind[observation.kind]() as (input: unknown) => MatchResult)(observation.attributes),
  };
}
