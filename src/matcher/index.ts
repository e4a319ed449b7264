import type { Catalog } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInput, MatchInputOf } from '../domain/observation.js';
import { compileAppInstallMatcher } from './app-install.js';
import { compileArtefactMatcher } from './artefact.js';
import { compileDependencyMatcher } from './dependency.js';
import { compileExpenseMatcher, type ExpenseMatcher } from './expense.js';
import { compileLicenceMatcher } from './licence.js';
import { compileOauthMatcher } from './oauth.js';

export { descriptorPattern, type NormalisedDescriptor, normaliseDescriptor, normalisePackage } from './normalise.js';
export { type Exposure, type ExposureLevel, rateScopes } from './scope-exposure.js';

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

/** Distinct inputs remembered per kind. Scans repeat themselves: one app granted to a thousand users. */
const MEMO_SIZE = 50_000;

/**
 * Remembers recent verdicts by the input's identifying text. Safe because the matcher is pure;
 * the cached results are shared, so callers treat them as read-only.
 */
function memoise<I>(match: (input: I) => MatchResult, keyOf: (input: I) => string): (input: I) => MatchResult {
  const memo = new Map<string, MatchResult>();
  return (input) => {
    const key = keyOf(input);
    let result = memo.get(key);
    if (result === undefined) {
      if (memo.size >= MEMO_SIZE) memo.clear();
      result = match(input);
      memo.set(key, result);
    }
    return result;
  };
}

const SEP = '\u0001';

export function compileMatcher(catalog: Catalog): Matcher {
  const expense = compileExpenseMatcher(catalog);
  const oauth = compileOauthMatcher(catalog);
  const dependency = compileDependencyMatcher(catalog);
  const byKind = {
    // Card descriptors carry store numbers and cities, so most are distinct: remembering them
    // costs more than it saves (the import pipeline keeps its own cache per file).
    expense: (e: MatchInputOf<'expense'>) => expense(e),
    // remembers verdicts per app itself: its grants differ only in scopes and users
    oauth_grant: oauth,
    licence: memoise(compileLicenceMatcher(catalog), (l: MatchInputOf<'licence'>) => `${l.skuId}${SEP}${l.skuName}${SEP}${l.provider}`),
    dependency: memoise(dependency, (d: MatchInputOf<'dependency'>) => `${d.ecosystem}${SEP}${d.name}`),
    app_install: memoise(
      compileAppInstallMatcher(catalog, oauth),
      (a: MatchInputOf<'app_install'>) => `${a.slug}${SEP}${a.name}${SEP}${a.provider}${SEP}${a.permissions ? JSON.stringify(a.permissions) : ''}`,
    ),
    repo_artefact: memoise(compileArtefactMatcher(catalog, dependency), (a: MatchInputOf<'repo_artefact'>) => `${a.path}${SEP}${a.name}${SEP}${a.type}${SEP}${a.command}`),
  };
  return {
    catalogVersion: catalog.version,
    matchExpense: expense,
    match: (observation) => (byKind[observation.kind] as (input: unknown) => MatchResult)(observation.attributes),
  };
}
