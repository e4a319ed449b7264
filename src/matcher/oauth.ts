import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { NameIndex } from './name-index.js';
import { tokens } from './normalise.js';
import { aliasStrength, label, matched, NO_MATCH, productBase, suggestsAi, unknownAi } from './result.js';
import { rateScopes } from '../domain/scope-exposure.js';
import { VerdictMemo } from './verdict-memo.js';

export type OauthMatcher = (input: MatchInputOf<'oauth_grant'>) => MatchResult;

const key = (text: string) => tokens(text).join(' ');
/** Legal suffixes do not make a different publisher. */
const publisherKey = (text: string) => key(text.replace(/\b(inc|llc|ltd|limited|corp|corporation|pbc|gmbh|co)\b\.?/gi, ''));

/**
 * OAuth consents: a known client id is certain; otherwise the app name on the consent screen,
 * checked against the publisher. An app that only mentions a product ("ChatGPT for Sheets" by
 * someone else) is possible AI from an unknown vendor, not the product itself.
 */
/**
 * Vendors whose name on a consent screen says nothing about AI: platforms with many products,
 * and every vendor of an AI add-on to its own non-AI product (Notion, Slack, Zoom).
 */
const PLATFORMS = new Set(['GOOGLE', 'MICROSOFT', 'AMAZON', 'AMAZON WEB SERVICES', 'AWS', 'META', 'APPLE', 'IBM', 'ORACLE', 'SAP', 'SALESFORCE', 'ADOBE', 'NVIDIA']);

/** "Sora by OverDrive", "Assistant — by Acme Inc.": the maker written into the name. */
const BY_PUBLISHER = /\bby\s+([A-Z][\w.&' -]{1,60})$/;

export function compileOauthMatcher(catalog: Catalog): OauthMatcher {
  const names = new NameIndex();
  const ids = new Map<string, CatalogEntry>();
  const publishers = new Map<string, CatalogEntry>();
  const named = new Set<string>();
  for (const entry of catalog.entries) {
    const oauth = entry.fingerprints.oauth;
    for (const text of oauth.names) {
      names.add(text, entry);
      named.add(key(text));
    }
    for (const id of [...oauth.googleClientIds, ...oauth.entraAppIds]) ids.set(id.trim().toLowerCase(), entry);
    // The first entry of a publisher is its flagship: a publisher-only match lands there.
    for (const name of oauth.publishers) if (!publishers.has(publisherKey(name))) publishers.set(publisherKey(name), entry);
  }
  // Consent screens show the product's name. Where the company is its product (Jasper, Otter.ai,
  // Fireflies.ai) that name and the company's are aliases and publishers; a multi-word product
  // name ("JetBrains AI Assistant") is an alias too. A vendor that also sells non-AI products
  // (JetBrains, DocuSign, Workday) is never matched by its name alone.
  for (const entry of catalog.entries) {
    if (entry.category === 'saas_ai_addon' || entry.hints.impliedRole === 'developer') continue;
    const product = productBase(entry.product);
    const productKey = key(product);
    const isCompany = productKey === key(entry.vendor) && productKey.length >= 4 && !PLATFORMS.has(productKey);
    if (isCompany && !publishers.has(publisherKey(entry.vendor))) publishers.set(publisherKey(entry.vendor), entry);
    if ((isCompany || productKey.split(' ').length >= 2) && !named.has(productKey)) {
      names.add(product, entry);
      named.add(productKey);
    }
  }
  for (const suppression of catalog.notAi) for (const text of suppression.oauthNames) names.suppress(text, suppression.name);

  /** The publisher is the entry's vendor: listed, or the vendor's name followed by more ("Fathom Video, Inc."). */
  const publishedBy = (publisher: string, entry: CatalogEntry) => {
    const given = publisherKey(publisher);
    if (publishers.get(given)?.vendor === entry.vendor) return true;
    const vendor = publisherKey(entry.vendor);
    return given === vendor || given.startsWith(`${vendor} `) || entry.fingerprints.oauth.publishers.some((p) => publisherKey(p) === given);
  };

  /**
   * The verdict from the app's identity alone (client id, name, publisher), remembered per app:
   * a thousand users' grants to one app cost one lookup each. Only an unknown app with an AI
   * name also needs its scopes, which differ per grant.
   */
  const byApp = new VerdictMemo<MatchInputOf<'oauth_grant'>, MatchResult | string>(
    (grant) => grant.appId ?? grant.appName,
    (a, b) => a.appId === b.appId && a.appName === b.appName && a.publisher === b.publisher && a.provider === b.provider,
  );
  function identify(grant: MatchInputOf<'oauth_grant'>): MatchResult | string {
    const appName = grant.appName.trim();
    const byId = grant.appId ? ids.get(grant.appId.trim().toLowerCase()) : undefined;
    if (byId) return matched(byId, 0.99, [`${grant.provider ?? 'OAuth'} client id '${grant.appId}' is a known client id of ${label(byId)}`]);
    const nameTokens = tokens(appName);
    const hit = names.best(nameTokens);
    if (hit?.value.notAi) return NO_MATCH;
    const publisher = grant.publisher?.trim() ? publishers.get(publisherKey(grant.publisher)) : undefined;
    if (hit?.value.entry) {
      const { entry, text, tokens: aliasTokens } = hit.value;
      const exact = hit.length === nameTokens.length;
      // "Sora by OverDrive": a name that says who made it counts as its publisher.
      const givenPublisher = grant.publisher?.trim() || BY_PUBLISHER.exec(appName)?.[1]?.trim();
      const samePublisher = givenPublisher ? publishedBy(givenPublisher, entry) : false;
      if (givenPublisher && !samePublisher && (!exact || !grant.publisher?.trim())) {
        // Another maker's app that borrows the name: AI only if its name says so.
        const aiToken = nameTokens.find(suggestsAi);
        if (!aiToken) return NO_MATCH;
        return unknownAi(givenPublisher, appName, `app name '${appName}' mentions '${text}' (${label(entry)}) but the app is made by '${givenPublisher}'`);
      }
      const reasons = [`app name '${appName}' ${exact ? 'is' : 'contains'} '${text}', an app name of ${label(entry)}`];
      let confidence = exact ? 0.95 : aliasStrength(aliasTokens) - 0.05;
      if (samePublisher) {
        confidence = Math.min(0.99, confidence + 0.04);
        reasons.push(`publisher '${givenPublisher}' is ${entry.vendor}`);
      }
      return matched(entry, confidence, reasons);
    }
    if (publisher) return matched(publisher, 0.8, [`publisher '${grant.publisher!.trim()}' is ${publisher.vendor}, the vendor of ${label(publisher)}`]);
    return nameTokens.find(suggestsAi) ?? NO_MATCH;
  }

  return (grant) => {
    const verdict = byApp.get(grant, identify);
    if (typeof verdict !== 'string') return verdict;
    // An unknown app whose name suggests AI: possible AI when it can reach real data.
    const exposure = rateScopes(grant.scopes ?? []);
    if (exposure.level !== 'high' && exposure.level !== 'medium') return NO_MATCH;
    const appName = grant.appName.trim();
    return unknownAi(
      grant.publisher?.trim() || appName,
      appName,
      `app name '${appName}' contains '${verdict}' and the app was granted ${exposure.level}-exposure scopes (${exposure.reasons.slice(0, 2).join('; ')})`,
    );
  };
}
