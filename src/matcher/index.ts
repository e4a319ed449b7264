import type { Catalog } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInput } from '../domain/observation.js';
import { compileAppInstallMatcher } from './app-install.js';
import { compileArtefactMatcher } from './artefact.js';
import { compileDependencyMatcher } from './dependency.js';
import { compileExpenseMatcher, type ExpenseMatcher } from './expense.js';
import { compileLicenceMatcher } from './licence.js';
import { compileOauthMatcher } from './oauth.js';

export { type NormalisedDescriptor, normaliseDescriptor, normalisePackage } from './normalise.js';
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

export function compileMatcher(catalog: Catalog): Matcher {
  const expense = compileExpenseMatcher(catalog);
  const oauth = compileOauthMatcher(catalog);
  const licence = compileLicenceMatcher(catalog);
  const dependency = compileDependencyMatcher(catalog);
  const appInstall = compileAppInstallMatcher(catalog, oauth);
  const artefact = compileArtefactMatcher(catalog, dependency);
  return {
    catalogVersion: catalog.version,
    matchExpense: expense,
    match(observation) {
      switch (observation.kind) {
        case 'expense':
          return expense(observation.attributes);
        case 'oauth_grant':
          return oauth(observation.attributes);
        case 'licence':
          return licence(observation.attributes);
        case 'dependency':
          return dependency(observation.attributes);
        case 'app_install':
          return appInstall(observation.attributes);
        case 'repo_artefact':
          return artefact(observation.attributes);
      }
    },
  };
}
