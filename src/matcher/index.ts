import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchDetail, MatchResult } from '../domain/match.js';
import type {
  AppInstallAttributes,
  DependencyAttributes,
  ExpenseAttributes,
  LicenceAttributes,
  ObservationInput,
  OauthGrantAttributes,
  RepoArtefactAttributes,
} from '../domain/observation.js';
import type { Ecosystem } from '../domain/taxonomy.js';
import { type NormalisedDescriptor, normaliseDescriptor, normalisePackage, tokens } from './normalise.js';
import { type TokenHit, TokenIndex } from './token-index.js';

export { type NormalisedDescriptor, normaliseDescriptor, normalisePackage } from './normalise.js';

/**
 * The fingerprint matcher: compiled once per catalog version into hash maps and token tries,
 * then pure — no I/O, no clock, no randomness — so the same observation and catalog always
 * give the same verdict.
 */
export interface Matcher {
  catalogVersion: string;
  match(observation: ObservationInput): MatchResult;
  /** `descriptor` may be passed when the caller has normalised the merchant already. */
  matchExpense(attributes: Pick<ExpenseAttributes, 'merchant'>, descriptor?: NormalisedDescriptor): MatchResult;
}

const NO_MATCH: MatchResult = Object.freeze({ flagged: false, match: null });

/** Below this a catalog hit is not trusted enough to reach the inventory. */
const FLAG_THRESHOLD = 0.5;
const UNKNOWN_AI_CONFIDENCE = 0.3;

interface Alias {
  entry: CatalogEntry | null;
  /** The alias as written in the catalog, for the reason text. */
  text: string;
  /** The suppression's name when this alias says "not AI". */
  notAi?: string;
}

function detail(entry: CatalogEntry, confidence: number, reasons: string[]): MatchResult {
  const match: MatchDetail = {
    catalogId: entry.id,
    vendor: entry.vendor,
    product: entry.product,
    category: entry.category,
    confidence: Math.round(confidence * 100) / 100,
    reasons,
  };
  return { flagged: confidence >= FLAG_THRESHOLD, match };
}

function unknownAi(vendor: string, product: string, reason: string): MatchResult {
  return {
    flagged: true,
    match: { catalogId: null, vendor, product, category: 'unknown', confidence: UNKNOWN_AI_CONFIDENCE, reasons: [reason] },
  };
}

const label = (entry: CatalogEntry) => `${entry.product} (${entry.vendor})`;

/** A single alias token this short or generic is ambiguous on its own. */
function aliasStrength(aliasTokens: string[]): number {
  if (aliasTokens.length >= 2) return 0.92;
  return (aliasTokens[0]?.length ?? 0) >= 6 ? 0.9 : 0.8;
}

export function compileMatcher(catalog: Catalog): Matcher {
  const merchants = new TokenIndex<Alias>();
  const oauthNames = new TokenIndex<Alias>();
  const oauthIds = new Map<string, CatalogEntry>();
  const publishers = new Map<string, CatalogEntry>();
  const skuIds = new Map<string, CatalogEntry>();
  const skuNames = new Map<string, CatalogEntry>();
  const packages = new Map<string, CatalogEntry | string>();
  const githubApps = new Map<string, CatalogEntry>();
  const artefacts = new TokenIndex<Alias>();

  for (const entry of catalog.entries) {
    const fp = entry.fingerprints;
    for (const text of fp.merchants) merchants.add(tokens(text), { entry, text });
    // The product and vendor names are merchant aliases too; card descriptors use them.
    for (const text of [entry.product, `${entry.vendor} ${entry.product}`]) merchants.add(tokens(text), { entry, text });
    for (const domain of entry.domains) merchants.add(tokens(domain), { entry, text: domain });
    for (const text of fp.oauth.names) oauthNames.add(tokens(text), { entry, text });
    for (const id of [...fp.oauth.googleClientIds, ...fp.oauth.entraAppIds]) oauthIds.set(id.toLowerCase(), entry);
    for (const name of fp.oauth.publishers) publishers.set(tokens(name).join(' '), entry);
    for (const sku of fp.skus) {
      if (sku.id) skuIds.set(sku.id.toLowerCase(), entry);
      for (const name of [sku.partNumber, sku.name]) if (name) skuNames.set(tokens(name).join(' '), entry);
    }
    for (const [ecosystem, names] of Object.entries(fp.packages) as [Ecosystem, string[]][]) {
      for (const name of names) packages.set(`${ecosystem}:${normalisePackage(ecosystem, name)}`, entry);
    }
    for (const slug of fp.githubApps) githubApps.set(slug.toLowerCase(), entry);
    for (const text of fp.artefacts) artefacts.add(tokens(text), { entry, text });
  }
  for (const suppression of catalog.notAi) {
    for (const text of [suppression.name, ...suppression.merchants]) merchants.add(tokens(text), { entry: null, text, notAi: suppression.name });
    for (const text of suppression.oauthNames) oauthNames.add(tokens(text), { entry: null, text, notAi: suppression.name });
    for (const [ecosystem, names] of Object.entries(suppression.packages) as [Ecosystem, string[]][]) {
      for (const name of names) packages.set(`${ecosystem}:${normalisePackage(ecosystem, name)}`, suppression.name);
    }
  }

  /**
   * The best alias hit: the longest wins, and a suppression as long as any AI alias wins
   * over it (ANTHROPOLOGIE STORE vs a hypothetical ANTHROPOLOGIE alias).
   */
  function best(hits: TokenHit<Alias>[]): TokenHit<Alias> | undefined {
    const top = hits[0];
    if (!top) return undefined;
    const suppression = hits.find((hit) => hit.value.notAi && hit.length >= top.length);
    return suppression ?? top;
  }

  function matchExpense({ merchant }: Pick<ExpenseAttributes, 'merchant'>, descriptor = normaliseDescriptor(merchant)): MatchResult {
    const hit = best(merchants.find(descriptor.tokens, { allowTruncatedLast: merchant.length >= 19 }));
    if (hit?.value.notAi) return NO_MATCH;
    if (hit?.value.entry) {
      const { entry, text } = hit.value;
      const aliasTokens = tokens(text);
      const exact = !hit.truncated && descriptor.coreTokens.join(' ') === aliasTokens.join(' ');
      const confidence = hit.truncated ? 0.75 : exact ? 0.97 : aliasStrength(aliasTokens);
      const how = hit.truncated ? 'looks cut off from' : 'matches';
      return detail(entry, confidence, [`merchant descriptor '${merchant}' ${how} alias '${text}' of ${label(entry)}`]);
    }
    const domain = descriptor.aiDomains[0];
    if (domain) {
      return unknownAi(domain, descriptor.display, `merchant descriptor '${merchant}' names the .ai domain '${domain}', which is in no catalog entry`);
    }
    return NO_MATCH;
  }

  function matchOauthGrant(grant: OauthGrantAttributes): MatchResult {
    const byId = oauthIds.get(grant.appId.toLowerCase());
    if (byId) return detail(byId, 0.99, [`${grant.provider} app id '${grant.appId}' is a known client id of ${label(byId)}`]);
    const nameTokens = tokens(grant.appName);
    const hit = best(oauthNames.find(nameTokens));
    if (hit?.value.notAi) return NO_MATCH;
    const publisher = grant.publisher ? publishers.get(tokens(grant.publisher).join(' ')) : undefined;
    if (hit?.value.entry) {
      const { entry, text } = hit.value;
      const exact = nameTokens.join(' ') === tokens(text).join(' ');
      const reasons = [`app name '${grant.appName}' ${exact ? 'is' : 'contains'} '${text}', an app name of ${label(entry)}`];
      let confidence = exact ? 0.95 : aliasStrength(tokens(text)) - 0.05;
      if (publisher === entry) {
        confidence = Math.min(0.99, confidence + 0.04);
        reasons.push(`publisher '${grant.publisher}' is ${entry.vendor}`);
      }
      return detail(entry, confidence, reasons);
    }
    if (publisher) return detail(publisher, 0.85, [`publisher '${grant.publisher}' is ${publisher.vendor}, a vendor of ${label(publisher)}`]);
    if (nameTokens.some((token) => AI_NAME_TOKENS.has(token)) && grant.scopes.length > 0) {
      return unknownAi(grant.publisher ?? grant.appName, grant.appName, `app name '${grant.appName}' suggests AI and the app was granted ${grant.scopes.length} scope(s)`);
    }
    return NO_MATCH;
  }

  function matchLicence(licence: LicenceAttributes): MatchResult {
    const byId = skuIds.get(licence.skuId.toLowerCase());
    if (byId) return detail(byId, 0.99, [`${licence.provider} SKU id '${licence.skuId}' is a licence of ${label(byId)}`]);
    const byName = skuNames.get(tokens(licence.skuName).join(' '));
    if (byName) return detail(byName, 0.95, [`${licence.provider} SKU '${licence.skuName}' is a licence of ${label(byName)}`]);
    return NO_MATCH;
  }

  function matchDependency(dependency: DependencyAttributes): MatchResult {
    const found = packages.get(`${dependency.ecosystem}:${normalisePackage(dependency.ecosystem, dependency.name)}`);
    if (!found || typeof found === 'string') return NO_MATCH;
    return detail(found, 0.99, [`${dependency.ecosystem} package '${dependency.name}' is an SDK of ${label(found)}`]);
  }

  function matchAppInstall(app: AppInstallAttributes): MatchResult {
    const bySlug = githubApps.get(app.slug.toLowerCase());
    if (bySlug) return detail(bySlug, 0.99, [`${app.provider} app '${app.slug}' is ${label(bySlug)}`]);
    return matchOauthGrant({ provider: app.provider, appName: app.name, appId: app.slug, scopes: Object.keys(app.permissions ?? {}) });
  }

  function matchArtefact(artefact: RepoArtefactAttributes): MatchResult {
    const hit = best([...artefacts.find(tokens(artefact.path)), ...artefacts.find(tokens(artefact.name))]);
    if (!hit?.value.entry) return NO_MATCH;
    return detail(hit.value.entry, 0.95, [`${artefact.type.replace('_', ' ')} '${artefact.path}' belongs to ${label(hit.value.entry)}`]);
  }

  return {
    catalogVersion: catalog.version,
    matchExpense,
    match(observation) {
      switch (observation.kind) {
        case 'expense':
          return matchExpense(observation.attributes);
        case 'oauth_grant':
          return matchOauthGrant(observation.attributes);
        case 'licence':
          return matchLicence(observation.attributes);
        case 'dependency':
          return matchDependency(observation.attributes);
        case 'app_install':
          return matchAppInstall(observation.attributes);
        case 'repo_artefact':
          return matchArtefact(observation.attributes);
      }
    },
  };
}

/** Tokens that, in an app name, suggest an AI product even when no catalog entry knows it. */
const AI_NAME_TOKENS = new Set(['AI', 'GPT', 'LLM', 'CHATGPT', 'CHATBOT', 'COPILOT', 'AGENT', 'GENAI']);
