import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import { NameIndex } from './name-index.js';
import { marketplaceOf, tokens } from './normalise.js';
import { label, matched, productBase } from './result.js';

/**
 * Many AI add-ons are billed under their host's plain descriptor ("SLACK T02ABCDEF",
 * "GITHUB, INC.", "INTERCOM"), and only the memo says what was bought ("Slack AI add-on",
 * "Copilot Business 12 seats"). A memo names an AI product only when the charge comes from
 * that product's own vendor, or from an app store that bills for everyone; a memo alone
 * ("book: ChatGPT for dummies" at a bookshop) is never enough.
 */

/** Tokens too common to stand for a vendor on a card statement. */
const NOT_A_HOST = new Set(['AI', 'THE', 'OPEN', 'APP', 'GET', 'MY', 'HEY']);
/** Descriptors of stores that bill other vendors' subscriptions (cloud marketplaces too, below). */
const APP_STORES = new Set(['APPLE', 'ITUNES', 'PAYPAL']);
/** Words at the end of a product name that a memo leaves out. */
const GENERIC_SUFFIX = new Set(['SERVICE', 'SERVICES', 'PLATFORM', 'APP', 'SUITE', 'PLAN', 'SUBSCRIPTION', 'API']);

/** How card statements shorten the platforms' names ("MSFT * E0400RQ7ZK" is an Azure charge). */
const SHORT_FORMS: Record<string, string> = { MSFT: 'MICROSOFT', AMZN: 'AMAZON', GOOG: 'GOOGLE' };

/** `what` the text is, for the reason: a memo, or the app name a store's descriptor gives. */
export type MemoMatcher = (merchantTokens: readonly string[], memo: string, what?: string) => MatchResult | undefined;

export function compileMemoMatcher(catalog: Catalog): MemoMatcher {
  // Charges from the vendor itself ("GITHUB, INC."): any name of the product, even a short one.
  const byVendor = new Map<string, NameIndex>();
  // Charges under the product's own first word ("SLACK …" for Slack AI, sold by Salesforce): only
  // the product's full name, since that word can be a first name ("CHEZ CLAUDE" + "team dinner").
  const byProduct = new Map<string, NameIndex>();
  const viaStores = new NameIndex();
  const indexFor = (map: Map<string, NameIndex>, token: string) => {
    let index = map.get(token);
    if (!index) {
      index = new NameIndex();
      map.set(token, index);
    }
    return index;
  };
  for (const entry of catalog.entries) {
    const base = tokens(productBase(entry.product));
    const vendorHost = tokens(entry.vendor)[0];
    const productHost = base[0];
    let trimmed = base;
    while (trimmed.length > 1 && GENERIC_SUFFIX.has(trimmed[trimmed.length - 1]!)) trimmed = trimmed.slice(0, -1);
    // "Notion AI" less its vendor's name is "AI": on a Notion charge a memo saying AI buys the AI
    // add-on. "Vertex AI" less its first word is "AI" too, but a memo saying AI on a Google charge
    // (a Play Store app, Workspace) is no sign of Google's model API.
    const rest = trimmed.filter((token) => token !== vendorHost && token !== productHost);
    const remainder = rest.some((token) => token !== 'AI') || entry.category === 'saas_ai_addon' ? rest : [];
    // Memos shorten long product names: "Azure OpenAI in Azure AI Foundry Models" → "Azure OpenAI".
    // Not to words that name only the vendor and a number: "Microsoft 365" of Microsoft 365 Copilot
    // is every Microsoft 365 plan.
    const head = trimmed.slice(0, 2);
    const shortened = trimmed.length >= 3 && head.some((token) => token !== vendorHost && /[A-Z]/.test(token)) ? head.join(' ') : '';
    // A vendor's own plans ("Otter Pro", "Qodo Teams") are what memos of its charges say.
    const plans = entry.fingerprints.skus.filter((sku) => sku.provider === 'other' && sku.name).map((sku) => sku.name!);
    const full = [base.join(' '), trimmed.join(' '), ...entry.fingerprints.oauth.names, ...entry.fingerprints.merchants, ...plans].filter(Boolean);
    if (vendorHost && !NOT_A_HOST.has(vendorHost)) {
      for (const alias of new Set([...full, remainder.join(' '), shortened].filter(Boolean))) indexFor(byVendor, vendorHost).add(alias, entry);
    }
    if (productHost && productHost !== vendorHost && !NOT_A_HOST.has(productHost)) {
      for (const alias of new Set(full)) indexFor(byProduct, productHost).add(alias, entry);
    }
    // Through an app store the memo must name the product itself, not a generic remainder; a
    // closing AI is often left out ("Lensa" for Lensa AI) where the rest is a name of its own.
    const unAi = base.length === 2 && base[1] === 'AI' && base[0]!.length >= 5 && !/\d/.test(base[0]!) ? base[0]! : '';
    for (const alias of [base.join(' '), unAi, ...entry.fingerprints.oauth.names, ...plans]) if (alias && tokens(alias).join('').length >= 5) viaStores.add(alias, entry);
  }
  // One index of suppressions for all vendors: a suppression at least as long as the alias found
  // wins, as it would inside each vendor's index (where a copy per vendor cost 200 MB at 3,000 entries).
  const suppressions = new NameIndex();
  for (const suppression of catalog.notAi) for (const text of [...suppression.merchants, ...suppression.oauthNames]) suppressions.suppress(text, suppression.name);
  const suppressed = (memoTokens: readonly string[], length: number) => (suppressions.best(memoTokens)?.length ?? 0) >= length;

  const verdict = (entry: CatalogEntry, memo: string, alias: string, from: string, what: string) =>
    matched(entry, 0.8, [`${what} '${memo.trim()}' names '${alias}' (${label(entry)}) on a charge from ${from}`]);

  return (merchantTokens, memo, what = 'memo') => {
    const memoTokens = tokens(memo);
    if (memoTokens.length === 0) return undefined;
    for (const written of merchantTokens) {
      const token = SHORT_FORMS[written] ?? written;
      const hit = byVendor.get(token)?.best(memoTokens) ?? byProduct.get(token)?.best(memoTokens);
      if (hit?.value.entry && !suppressed(memoTokens, hit.length)) return verdict(hit.value.entry, memo, hit.value.text, `its vendor (${token})`, what);
    }
    // A cloud's own charge whose memo says marketplace ("AWS EMEA", memo "Marketplace: Twelve Labs").
    const marketplace = marketplaceOf(merchantTokens) ?? (memoTokens.includes('MARKETPLACE') ? marketplaceOf([...merchantTokens.map((token) => SHORT_FORMS[token] ?? token), 'MARKETPLACE']) : undefined);
    if (marketplace || merchantTokens.some((token) => APP_STORES.has(token)) || (merchantTokens[0] === 'GOOGLE' && merchantTokens.length > 1)) {
      const hit = viaStores.best(memoTokens);
      // A one-word name counts only where it leads the memo, as an app's name does ("Crush
      // Pro"), not inside another's ("Candy Crush gems").
      if (hit?.value.entry && (hit.length > 1 || hit.start === 0) && !suppressed(memoTokens, hit.length)) return verdict(hit.value.entry, memo, hit.value.text, marketplace ?? 'an app store', what);
    }
    return undefined;
  };
}
