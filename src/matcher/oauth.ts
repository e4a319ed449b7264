import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { rateScopes } from '../domain/scope-exposure.js';
import { type Alias, ambiguityOf, NameIndex } from './name-index.js';
import { companyKey, tokens } from './normalise.js';
import { aiWordIn, gluedAi, possibleAi } from './possible-ai.js';
import { aliasStrength, label, matched, NO_MATCH, PLATFORMS, productBase } from './result.js';
import type { TokenHit } from './token-index.js';
import { VerdictMemo } from './verdict-memo.js';

export type OauthMatcher = (input: MatchInputOf<'oauth_grant'>) => MatchResult;

const key = (text: string) => tokens(text).join(' ');
/** Legal suffixes do not make a different publisher. */
const publisherKey = companyKey;

/** The OAuth provider each platform signs its own apps in with. */
const PROVIDER_OF: Record<string, string> = { GOOGLE: 'google', MICROSOFT: 'microsoft', GITHUB: 'github' };

/** "Sora by OverDrive", "Assistant — by Acme Inc.": the maker written into the name. */
const BY_PUBLISHER = /\bby\s+([A-Z][\w.&' -]{1,60})$/;

/**
 * Words around a product's name in an app name that say where it plugs in, not what it is:
 * "Grammarly for Microsoft Office", "DeepL for Word". Any other word ("Poe Meeting Rooms",
 * "Writer's Toolbox") makes a one-word product name only a part of another app's name.
 */
const CONNECTOR_WORDS = new Set([
  'FOR', 'BY', 'WITH', 'IN', 'ON', 'AND', 'THE', 'TO', 'GOOGLE', 'GMAIL', 'DOCS', 'SHEETS', 'SLIDES', 'DRIVE', 'MEET', 'CALENDAR', 'WORKSPACE',
  'CHROME', 'MICROSOFT', 'OFFICE', 'WORD', 'EXCEL', 'POWERPOINT', 'OUTLOOK', 'TEAMS', 'ONEDRIVE', 'SHAREPOINT', '365', 'M365', 'SLACK', 'ZOOM',
  'JIRA', 'CONFLUENCE', 'NOTION', 'SALESFORCE', 'HUBSPOT', 'GITHUB', 'GITLAB', 'VS', 'CODE', 'VSCODE', 'JETBRAINS', 'INTELLIJ', 'DESKTOP',
  'MOBILE', 'WEB', 'APP', 'IOS', 'ANDROID', 'MAC', 'WINDOWS', 'CLI', 'SDK', 'API', 'PLUGIN', 'EXTENSION', 'ADD', 'ADDON', 'INTEGRATION',
  'CONNECTOR', 'BOT', 'ASSISTANT', 'NOTETAKER', 'ENTERPRISE', 'TEAM', 'BUSINESS', 'PRO', 'PLUS', 'PREMIUM', 'FREE', 'BETA', 'EDU', 'DEV',
  'CONSOLE', 'PLATFORM', 'STUDIO', 'LOGIN', 'SIGN', 'SSO', 'CONNECT', 'SYNC', 'ADMIN',
  // What the app does for its product, and which of its deployments it is ("Nyota Meeting Bot", "Phind (Prod)").
  'MEETING', 'MEETINGS', 'RECORDER', 'NOTES', 'DIALER', 'CREATOR', 'RECRUITER', 'AGENT', 'ASSIST', 'PROD', 'PRODUCTION', 'STAGING', 'SANDBOX',
]);

/**
 * A marketplace listing's name: the product's name, a separator, then what it does ("Bardeen -
 * automate manual tasks", "Merlin: ChatGPT Assistant for Chrome"). The part before it is at most a
 * few words; the description after it is read for AI words, not as part of the name.
 */
const LISTING = /^\s*([^:|\-–—]{2,60}?)\s*(?:\s[-–—|]\s|:\s)\s*(\S.*)$/;

/** Exposure that reaches mail, files, calendars or meetings: what an AI assistant asks for to be useful. */
const DATA_EXPOSURE = new Set(['medium', 'high']);

/**
 * OAuth consents: a known client id is certain; otherwise the app name on the consent screen,
 * checked against the publisher. A one-word product name inside a longer app name, or a name
 * the product shares with others, needs the publisher or the app's own words to agree. An app
 * that only mentions a product ("ChatGPT for Sheets" by someone else) is possible AI, not the
 * product itself; so is an unknown app whose name or publisher says AI, ranked by its scopes.
 */
export function compileOauthMatcher(catalog: Catalog): OauthMatcher {
  const names = new NameIndex();
  const ambiguity = ambiguityOf(catalog, 'oauthNames');
  const ids = new Map<string, CatalogEntry>();
  const byDomain = new Map<string, CatalogEntry>();
  const publishers = new Map<string, CatalogEntry>();
  const named = new Set<string>();
  const productsOf = new Map<string, CatalogEntry[]>();
  for (const entry of catalog.entries) {
    const oauth = entry.fingerprints.oauth;
    for (const text of [...oauth.names, ...entry.fingerprints.ambiguous]) named.add(names.add(text, entry, ambiguity(entry, tokens(text))).join(' '));
    for (const id of [...oauth.googleClientIds, ...oauth.entraAppIds]) ids.set(id.trim().toLowerCase(), entry);
    // Hosts with a dot and a name of their own ("ultimate.ai"), the first entry's where two share one.
    for (const domain of entry.domains) if (!byDomain.has(domain.toLowerCase())) byDomain.set(domain.toLowerCase(), entry);
    // The first entry of a publisher is its flagship: a publisher-only match lands there.
    for (const name of oauth.publishers) if (!publishers.has(publisherKey(name))) publishers.set(publisherKey(name), entry);
    const vendorKey = publisherKey(entry.vendor);
    productsOf.set(vendorKey, [...(productsOf.get(vendorKey) ?? []), entry]);
  }
  // Consent screens show the product's name. Where the company is its product (Jasper, Otter.ai,
  // Fireflies.ai) that name and the company's are aliases and publishers; a multi-word product
  // name ("JetBrains AI Assistant") is an alias too. A vendor that also sells non-AI products
  // (JetBrains, DocuSign, Workday) is never matched by its name alone.
  for (const entry of catalog.entries) {
    if (entry.category === 'saas_ai_addon') continue;
    const product = productBase(entry.product);
    const productKey = key(product);
    const isCompany = productKey === key(entry.vendor) && productKey.length >= 4 && !PLATFORMS.has(productKey);
    // Developer tools have sign-ins too (a dashboard, a cloud console), but their one-word names
    // are often words (Ray, Feast, Comet): only a company's name of several words ("Weights & Biases").
    if (entry.hints.impliedRole === 'developer' && !(isCompany && productKey.includes(' '))) continue;
    if (isCompany && !publishers.has(publisherKey(entry.vendor))) publishers.set(publisherKey(entry.vendor), entry);
    if ((isCompany || productKey.split(' ').length >= 2) && !named.has(productKey)) {
      names.add(product, entry, ambiguity(entry, tokens(product)));
      named.add(productKey);
    }
  }
  // Consent screens drop a closing AI or domain ending ("Howie" for Howie AI) and write two words
  // as one ("HappyScribe" for Happy Scribe). A brand left bare may be an ordinary word, so it
  // needs the publisher, a word that says AI or fitting scopes; the glued form is the name itself.
  for (const entry of catalog.entries) {
    if (entry.category === 'saas_ai_addon' || entry.fingerprints.oauth.none) continue;
    const vendor = tokens(productBase(entry.vendor));
    for (const text of new Set([...entry.fingerprints.oauth.names, ...(entry.hints.impliedRole === 'developer' ? [] : [productBase(entry.product)])])) {
      const words = tokens(text);
      // "Freed AI", "Doctrine.fr", "Clara Labs": the company's brand and a word or a domain
      // ending that the consent screen leaves out.
      const brand = words[0] ?? '';
      const ofVendor = vendor[0] === brand && vendor.slice(1).every((word) => BRAND_ENDINGS.has(word));
      const bare = words.length >= 2 && BRAND_ENDINGS.has(words[1]!) && ofVendor && brand.length >= 4 && !PLATFORMS.has(brand) ? brand : undefined;
      if (bare && !named.has(bare)) {
        named.add(bare);
        names.add(bare, entry, ambiguity(entry, [bare]) ?? `ordinary apps may share once it is written without '${words[1]}'`);
      }
      const glued = words.length >= 2 && words.length <= 3 && words.every((word) => /^[A-Z]+$/.test(word)) ? words.join('') : undefined;
      if (glued && glued.length >= 8 && !named.has(glued)) {
        named.add(glued);
        names.add(glued, entry, ambiguity(entry, words));
      }
    }
  }
  for (const suppression of catalog.notAi) for (const text of suppression.oauthNames) names.suppress(text, suppression.name);
  const platformApps = compilePlatformApps(catalog);
  const sellsMore = new Set((catalog.vendors ?? []).map((vendor) => publisherKey(vendor.name)));

  // A publisher's legal name is often one the catalog already holds for the product: a card
  // statement's company name ("CODOTA" for Tabnine, "YELLOW MESSENGER" for Yellow.ai).
  const ownNames = new Map<CatalogEntry, Set<string>>();
  // Such a name as a publisher is the entry's company: its apps are that product's, unless the
  // product is an add-on to the company's other products or the company is a platform.
  const companies = new Map<string, CatalogEntry | null>();
  for (const entry of catalog.entries) {
    const keys = [...entry.fingerprints.merchants, ...entry.fingerprints.oauth.names].map(publisherKey).filter((key) => key.length >= 4);
    if (keys.length > 0) ownNames.set(entry, new Set(keys));
    if (entry.category === 'saas_ai_addon' || PLATFORMS.has(publisherKey(entry.vendor))) continue;
    // A name two vendors share is nobody's (null).
    for (const key of keys) {
      if (key.split(' ').length < 2) continue;
      const known = companies.get(key);
      if (known === undefined) companies.set(key, entry);
      else if (known && known.vendor !== entry.vendor) companies.set(key, null);
    }
  }

  /** The publisher is the entry's vendor: listed, one of its own names, or the vendor's name followed by a company word ("Glean Technologies"). */
  const publishedBy = (publisher: string, entry: CatalogEntry) => {
    const given = publisherKey(publisher);
    if (publishers.get(given)?.vendor === entry.vendor) return true;
    if (entry.fingerprints.oauth.publishers.some((p) => publisherKey(p) === given)) return true;
    if (ownNames.get(entry)?.has(given)) return true;
    const vendor = publisherKey(entry.vendor);
    if (given === vendor || (given.startsWith(`${vendor} `) && given.slice(vendor.length + 1).split(' ').every((word) => COMPANY_WORDS.has(word)))) return true;
    // "Dashworks Technologies" for Dashworks (now HubSpot's), "Humantic Labs" for Humantic AI:
    // the product's own name with company words, under the catalog's vendor or its own.
    const brand = withoutCompanyWords(given);
    return brand.length >= 4 && (brand === withoutCompanyWords(vendor) || [...(ownNames.get(entry) ?? [])].some((name) => withoutCompanyWords(name) === brand));
  };

  /** The verdict on a name hit, or undefined when the other evidence does not let the name decide. */
  /**
   * The verdict on a name hit, independent of the grant's scopes: a result, undefined when the
   * other evidence does not let the name decide, or `byScopes` for a name others share that scopes
   * fitting its product would decide.
   */
  function byName(grant: MatchInputOf<'oauth_grant'>, appName: string, nameTokens: string[], hit: TokenHit<Alias>, description: string[] = []): MatchResult | ByScopes | undefined {
    const { entry, text, tokens: aliasTokens, ambiguous } = hit.value as Alias & { entry: CatalogEntry };
    // "Sora by OverDrive": a name that says who made it counts as its publisher.
    const givenPublisher = grant.publisher?.trim() || BY_PUBLISHER.exec(appName)?.[1]?.trim();
    const samePublisher = givenPublisher ? publishedBy(givenPublisher, entry) : false;
    // "Fathom Video": an app named after its company, one of the entry's publishers.
    const exact = hit.length === nameTokens.length || entry.fingerprints.oauth.publishers.some((p) => publisherKey(p) === publisherKey(appName));
    const rest = [...nameTokens.filter((_, i) => i < hit.start || i >= hit.start + hit.length), ...description];
    const aiWord = aiWordIn(rest) ?? (givenPublisher ? aiWordIn(tokens(givenPublisher)) : undefined);
    // "Runway Financial" publishing "Runway": the same word for another company.
    const rival = givenPublisher && !samePublisher && publisherKey(givenPublisher).split(' ')[0] === aliasTokens[0];
    if (givenPublisher && !samePublisher && (!exact || !grant.publisher?.trim() || rival || ambiguous)) {
      // Another maker's app that borrows the name: AI only if its own words say so.
      if (!aiWordIn(nameTokens)) return NO_MATCH;
      return possibleAi(givenPublisher, appName, [`app name '${appName}' mentions '${text}' (${label(entry)}) but the app is made by '${givenPublisher}'`]);
    }
    // "Diffit for Teachers", "Lavender for Sales": a name, then "for" and whom it serves.
    const forWhom = hit.start === 0 && nameTokens[hit.length] === 'FOR';
    // Scopes fit too many apps to turn a one-word part of a longer name into the product.
    const partOfAnother = !exact && aliasTokens.length === 1 && !forWhom && !rest.every((word) => CONNECTOR_WORDS.has(word));
    if (partOfAnother && !samePublisher && !aiWord) return undefined;
    // A name others share, described in words that do not say AI: the description decides against it.
    if (description.length && ambiguous && !samePublisher && !aiWord) return undefined;
    const named = description.length ? `is '${text}' followed by a description` : exact ? `is '${text}'` : `contains '${text}'`;
    const reasons = [`app name '${appName}' ${named}, an app name of ${label(entry)}${ambiguous ? ` that ${ambiguous}` : ''}`];
    const confidence = exact ? 0.95 : aliasStrength(aliasTokens) - 0.05;
    if (samePublisher) return matched(entry, Math.min(0.99, confidence + 0.04), [...reasons, `publisher '${givenPublisher}' is ${entry.vendor}`]);
    if (ambiguous && !aiWord) return { entry, confidence, reasons };
    if (ambiguous || partOfAnother) reasons.push(`decided by: the word '${aiWord}'`);
    else if (!exact && aliasTokens.length === 1) reasons.push(`the words around it ('${rest.join(' ')}') say where it plugs in`);
    return matched(entry, confidence, reasons);
  }

  /**
   * What an app's identity says (client id, name, publisher), remembered per app: a thousand
   * users' grants to one app cost one lookup each. Its scopes, which differ per grant, then
   * decide a shared name (`byScopes`) and rank possible AI.
   */
  const byApp = new VerdictMemo<MatchInputOf<'oauth_grant'>, AppIdentity>(
    (grant) => grant.appId ?? grant.appName,
    (a, b) => a.appId === b.appId && a.appName === b.appName && a.publisher === b.publisher && a.provider === b.provider,
  );
  function identify(grant: MatchInputOf<'oauth_grant'>): AppIdentity {
    const appName = grant.appName.trim();
    const byId = grant.appId ? ids.get(grant.appId.trim().toLowerCase()) : undefined;
    if (byId) return matched(byId, 0.99, [`${grant.provider ?? 'OAuth'} client id '${grant.appId}' is a known client id of ${label(byId)}`]);
    const nameTokens = tokens(appName);
    const { hit, name, description } = listingName(appName) ?? { hit: names.best(nameTokens), name: nameTokens, description: [] };
    if (hit?.value.notAi) return addOnOf(hit, nameTokens, appName) ?? NO_MATCH;
    const verdict = hit?.value.entry ? byName(grant, appName, name, hit, description) : undefined;
    if (verdict && !('entry' in verdict)) return verdict;
    // An app named by the product's web domain ("ultimate.ai", an acquired brand's old name).
    const site = verdict ? undefined : byDomain.get(appName.toLowerCase());
    if (site) return matched(site, 0.9, [`app name '${appName}' is the web domain of ${label(site)}`]);
    const otherwise = unlessNamed(grant, appName, nameTokens);
    return verdict ? { byScopes: verdict, otherwise } : otherwise;
  }

  /**
   * "Zendesk AI", "Zoom AI Companion": the name of a product that is not AI in itself, with a word
   * that says AI beside it. That is the vendor's AI add-on when the catalog has one, and possible
   * AI otherwise; the host product's name alone stays not AI.
   */
  function addOnOf(hit: TokenHit<Alias>, nameTokens: string[], appName: string): MatchResult | undefined {
    const rest = nameTokens.filter((_, i) => i < hit.start || i >= hit.start + hit.length);
    if (rest.length === 0) return undefined;
    const host = hit.value.text;
    const addOns = productsOf.get(publisherKey(host))?.filter((entry) => entry.category === 'saas_ai_addon') ?? [];
    // "Salesforce Einstein", "Atlassian Intelligence": the add-on's own name after the host's.
    const named = addOns.find((entry) => rest.every((word) => tokens(productBase(entry.product)).includes(word)));
    if (named) return matched(named, 0.85, [`app name '${appName}' is ${host} with '${rest.join(' ')}', the name of ${label(named)}, ${named.vendor}'s AI add-on`]);
    const aiWord = aiWordIn(rest);
    if (!aiWord) return undefined;
    const reason = `app name '${appName}' adds '${aiWord}' to ${host}, a product that is not AI in itself`;
    return addOns[0] ? matched(addOns[0], 0.85, [reason, `${label(addOns[0])} is ${addOns[0].vendor}'s AI add-on`]) : possibleAi(host, appName, [reason]);
  }

  /** A listing's name that is exactly a known app name, with the words of its description. */
  function listingName(appName: string): { hit: TokenHit<Alias>; name: string[]; description: string[] } | undefined {
    const parts = LISTING.exec(appName);
    if (!parts) return undefined;
    const name = tokens(parts[1]!);
    if (name.length === 0 || name.length > 4) return undefined;
    const hit = names.best(name);
    return hit && hit.start === 0 && hit.length === name.length ? { hit, name, description: tokens(parts[2]!) } : undefined;
  }

  /** Without a name hit: a platform's own app, a known publisher, or the words that say AI. */
  function unlessNamed(grant: MatchInputOf<'oauth_grant'>, appName: string, nameTokens: string[]): MatchResult | { signals: string[] } {
    const platform = platformApps(grant, nameTokens);
    if (platform) return platform;
    const publisher = grant.publisher?.trim();
    const given = publisher ? publisherKey(publisher) : undefined;
    // A publisher that sells products that are not AI publishes apps that are not AI too.
    const flagship = given && !sellsMore.has(given) ? (publishers.get(given) ?? companies.get(given) ?? undefined) : undefined;
    if (flagship) {
      const others = (productsOf.get(publisherKey(flagship.vendor)) ?? [flagship]).slice(0, 3).map((entry) => productBase(entry.product));
      return matched(flagship, 0.8, [`publisher '${publisher}' is ${flagship.vendor}, whose products in the catalog are AI (${others.join(', ')})`]);
    }
    const signals: string[] = [];
    const nameWord = aiWordIn(nameTokens) ?? gluedAi(appName) ?? IA.exec(appName)?.[1];
    if (nameWord) signals.push(`app name '${appName}' contains '${nameWord}', and no catalog entry knows the app`);
    const publisherWord = publisher ? aiWordIn(tokens(publisher)) : undefined;
    if (publisherWord) signals.push(`its publisher '${publisher}' has '${publisherWord}' in its name`);
    return { signals };
  }

  return (grant) => {
    let identity = byApp.get(grant, identify);
    const scopes = grant.scopes ?? [];
    if ('byScopes' in identity) {
      const { entry, confidence, reasons } = identity.byScopes;
      const fitting = scopesFor(entry.category, scopes);
      if (fitting) return matched(entry, confidence, [...reasons, `decided by: its scopes (${fitting}), what ${CATEGORY_WORDS[entry.category] ?? 'such a tool'} asks for`]);
      identity = identity.otherwise;
    }
    if (!('signals' in identity)) return identity;
    // Meeting transcripts and recordings are what AI notetakers read: that alone is a signal.
    let meetings: string[] | undefined;
    for (const scope of scopes) if (MEETING_CONTENT.test(scope)) (meetings ??= []).push(scope.trim());
    // Most grants go to apps with nothing that says AI: they allocate nothing on the way out.
    if (!meetings && identity.signals.length === 0) return NO_MATCH;
    const signals = [...identity.signals];
    if (meetings) signals.push(`it may read meeting transcripts or recordings (${meetings.slice(0, 2).join(', ')}), as AI notetakers do`);
    // Mail, files and calendars are asked for by every kind of app: they only rank an app something else flagged.
    const exposure = rateScopes(meetings ? scopes.filter((scope) => !MEETING_CONTENT.test(scope)) : scopes);
    if (DATA_EXPOSURE.has(exposure.level)) signals.push(`it was granted ${exposure.level}-exposure scopes, as AI assistants ask for (${exposure.reasons.slice(0, 2).join('; ')})`);
    const appName = grant.appName.trim();
    return possibleAi(grant.publisher?.trim() || appName, appName, signals);
  };
}

/** A name others share, found in an app's name: scopes that fit its product decide it. */
interface ByScopes {
  entry: CatalogEntry;
  confidence: number;
  reasons: string[];
}

/** What an app's identity says before its scopes are read. */
type AppIdentity = MatchResult | { signals: string[] } | { byScopes: ByScopes; otherwise: MatchResult | { signals: string[] } };

/** Scopes to the content of meetings: Teams transcripts, recordings and AI insights; Meet's conference records and recordings. */
const MEETING_CONTENT = /^\s*(OnlineMeetingTranscript|OnlineMeetingRecording|OnlineMeetingAiInsight)\.Read(\.All)?\s*$|\/auth\/(meetings\.space\.readonly|drive\.meet\.readonly)\s*$/i;

/** What data each kind of AI tool asks for: scopes of these families fit the product a name points to. */
const SCOPE_FAMILIES: [string, RegExp][] = [
  ['calendar', /^Calendars\.|\/auth\/calendar/i],
  ['meetings', /^(OnlineMeeting|OnlineMeetingTranscript|OnlineMeetingRecording|CallRecords)\.|\/auth\/meetings/i],
  ['mail', /^Mail\.|\/auth\/gmail|^https:\/\/mail\.google\.com/i],
  ['files', /^(Files|Sites)\.|\/auth\/(drive|documents|spreadsheets|presentations)/i],
  // Media tools read and write files in a drive, never spreadsheets or documents.
  ['drive files', /^Files\.|\/auth\/drive/i],
  ['contacts', /^(Contacts|People)\.|\/auth\/contacts/i],
  ['repositories', /^(repo|public_repo)$/],
];
const CATEGORY_SCOPES: Partial<Record<string, string[]>> = {
  meetings_transcription: ['calendar', 'meetings'],
  chat_assistant: ['files', 'mail', 'calendar'],
  writing_marketing: ['files', 'mail'],
  productivity: ['calendar', 'mail', 'files'],
  search_research: ['files', 'mail'],
  sales_revenue: ['mail', 'calendar', 'contacts'],
  hr_recruiting: ['calendar', 'mail'],
  customer_support: ['mail'],
  legal: ['files', 'mail'],
  data_analytics: ['files'],
  agent_automation: ['mail', 'files', 'calendar'],
  image_video_voice: ['drive files'],
  coding: ['repositories'],
};
const CATEGORY_WORDS: Partial<Record<string, string>> = {
  meetings_transcription: 'a meeting notetaker',
  chat_assistant: 'an AI assistant',
  writing_marketing: 'a writing tool',
  productivity: 'a productivity assistant',
  search_research: 'a research assistant',
  sales_revenue: 'a sales assistant',
  hr_recruiting: 'a recruiting tool',
  customer_support: 'a support agent',
  legal: 'a legal assistant',
  data_analytics: 'an analytics tool',
  agent_automation: 'an agent',
  image_video_voice: 'a media tool',
  coding: 'a coding assistant',
};

/** The granted scope families that fit a product category ("calendar, meetings"), if any. */
function scopesFor(category: string, scopes: readonly string[]): string | undefined {
  const wanted = CATEGORY_SCOPES[category];
  if (!wanted) return undefined;
  const found = SCOPE_FAMILIES.filter(([family, pattern]) => wanted.includes(family) && scopes.some((scope) => pattern.test(scope.trim()))).map(([family]) => family);
  return found.length > 0 ? found.join(', ') : undefined;
}

/** "IA", AI in Spanish, Portuguese, French and Italian ("Jus IA"). */
const IA = /\S\s+(IA)\b/;

/** What a product's name adds to its company's brand that a consent screen may leave out. */
const BRAND_ENDINGS = new Set(['AI', 'IO', 'FR', 'DE', 'CO', 'APP', 'LABS', 'HQ', 'HR']);

/** A company's name less the company words that close it ("HUMANTIC LABS", "HUMANTIC AI" → "HUMANTIC"). */
function withoutCompanyWords(name: string): string {
  const words = name.split(' ');
  while (words.length > 1 && COMPANY_WORDS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** Words after a vendor's name in its legal name that do not make it another company. */
const COMPANY_WORDS = new Set([
  'TECHNOLOGIES', 'TECHNOLOGY', 'TECH', 'LABS', 'LAB', 'AI', 'HQ', 'APP', 'APPS', 'SOFTWARE', 'SYSTEMS', 'SOLUTIONS', 'IO', 'PLATFORM', 'PLATFORMS', 'GROUP',
  'HOLDINGS', 'INTERNATIONAL', 'GLOBAL', 'DEV', 'RESEARCH', 'INTELLIGENCE', 'SERVICES', 'AND',
]);

/**
 * Platform vendors' own AI apps (Microsoft 365 Copilot, Copilot Studio and Sales Copilot as
 * Entra first-party service principals; Gemini as a Google app): their publisher is the
 * platform, which says nothing by itself, so the name must be the product's own (its catalog
 * name, with or without the vendor in front, or a licence name of it) and the publisher the
 * platform. Without a publisher, the provider stands in for a name of two words or more.
 */
function compilePlatformApps(catalog: Catalog): (grant: MatchInputOf<'oauth_grant'>, nameTokens: string[]) => MatchResult | undefined {
  const names = new NameIndex();
  for (const entry of catalog.entries) {
    const vendor = tokens(entry.vendor);
    if (!PLATFORMS.has(vendor.join(' '))) continue;
    let product = tokens(productBase(entry.product));
    while (product.length > 1 && ['APP', 'APPS'].includes(product[product.length - 1]!)) product = product.slice(0, -1);
    const skuNames = entry.fingerprints.skus.flatMap((sku) => (sku.name ? [tokens(sku.name)] : []));
    for (const name of [product, ...skuNames]) {
      // "Microsoft Copilot Studio" is also shown as "Copilot Studio".
      const withoutVendor = name.join(' ').startsWith(`${vendor.join(' ')} `) ? name.slice(vendor.length) : [];
      for (const alias of [name, withoutVendor]) if (alias.length > 0) names.add(alias.join(' '), entry);
    }
  }
  return (grant, nameTokens) => {
    const hit = names.best(nameTokens);
    if (!hit?.value.entry) return undefined;
    const entry = hit.value.entry;
    const vendor = key(entry.vendor);
    const publisher = grant.publisher?.trim();
    const appName = grant.appName.trim();
    // "Google NotebookLM": the platform's name, then its product's.
    const named = hit.start === 1 && hit.length === nameTokens.length - 1 && nameTokens[0] === vendor.split(' ')[0];
    const exact = hit.length === nameTokens.length || named;
    // A one-word name is a word as often as a product ("Jules"), unless written in a case of its
    // own ("NotebookLM") or after the platform's name.
    const coined = hit.length >= 2 || named || /[a-z][A-Z]/.test(appName);
    const byPlatform = publisher ? publisherKey(publisher).split(' ')[0] === vendor.split(' ')[0] : exact && coined && PROVIDER_OF[vendor] === grant.provider?.trim().toLowerCase();
    if (!byPlatform || (!exact && hit.length < 2)) return undefined;
    return matched(entry, exact ? 0.9 : 0.85, [
      `app name '${appName}' ${exact ? 'is' : 'contains'} '${hit.value.text}', ${label(entry)}`,
      publisher ? `decided by: the publisher '${publisher}' is ${entry.vendor} itself, whose own apps these are` : `decided by: it signs in through ${entry.vendor}'s own provider (${grant.provider})`,
    ]);
  };
}
