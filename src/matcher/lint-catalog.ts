import { type CatalogEntry, type NotAiEntry, REVIEW_SOURCE, type VendorFacts } from '../domain/catalog.js';
import { normalisePackage, tokens } from './normalise.js';

/**
 * Hosting, registry and platform hosts: they serve every project, so a network request to one
 * says nothing about which AI product is in use. An entry names its own hosts instead.
 */
const SHARED_HOSTS = new Set([
  'github.com', 'gitlab.com', 'bitbucket.org', 'pypi.org', 'npmjs.com', 'www.npmjs.com', 'nuget.org', 'www.nuget.org', 'crates.io', 'rubygems.org', 'pkg.go.dev',
  'search.maven.org', 'central.sonatype.com', 'google.com', 'www.google.com', 'microsoft.com', 'www.microsoft.com', 'amazon.com', 'aws.amazon.com', 'azure.com',
  'apple.com', 'apps.apple.com', 'play.google.com', 'chromewebstore.google.com', 'medium.com', 'youtube.com', 'linkedin.com', 'twitter.com', 'x.com',
  'readthedocs.io', 'github.io', 'vercel.app', 'netlify.app', 'herokuapp.com', 'notion.site', 'substack.com',
]);
const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** Categories of products an organisation pays for and signs in to, which usually have a consent-screen app. */
const LIBRARY_CATEGORIES = new Set(['ml_framework']);

/**
 * Checks of a catalog as the matcher will read it, which the schema cannot express: fingerprints
 * two entries claim (the matcher would pick one silently), aliases a suppression also names,
 * aliases too short to be safe alone, entries nothing could ever match, entries with no public
 * source or web host, and entries that declare a signal kind without the names it needs (an
 * OAuth publisher but no app names; a card-paid product with no consent-screen app named and no
 * `oauth.none`), and ambiguous names also listed as plain aliases. An entry learned from a
 * review (`reviewed`, with an `unshadow:review/…` source) needs no web domain or app name; the
 * review is its source. Each problem names the entries involved.
 */
export function lintCatalog(entries: CatalogEntry[], notAi: NotAiEntry[], vendors: VendorFacts[] = []): string[] {
  const problems: string[] = [];
  // A vendor fact names a vendor as the entries write it, or it says nothing of any of them.
  const vendorNames = new Set(entries.map((entry) => entry.vendor));
  for (const vendor of vendors) if (!vendorNames.has(vendor.name)) problems.push(`vendor '${vendor.name}': no entry has this vendor (vendors: name as the entries' vendor writes it)`);
  const claims = new Map<string, string>();
  const claim = (what: string, id: string) => {
    const previous = claims.get(what);
    if (previous && previous !== id) problems.push(`${what} is claimed by both ${previous} and ${id}`);
    else claims.set(what, id);
  };
  const vendorsWithHosts = new Set(entries.filter((entry) => entry.domains.length > 0).map((entry) => entry.vendor.toLowerCase()));
  const suppressed = new Set(notAi.filter((s) => !s.reviewed).flatMap((s) => [s.name, ...s.merchants, ...s.oauthNames]).map((text) => tokens(text).join(' ')));
  for (const entry of entries) {
    const f = entry.fingerprints;
    for (const merchant of f.merchants) {
      const aliasTokens = tokens(merchant);
      if (aliasTokens.length === 0) problems.push(`${entry.id}: merchant alias '${merchant}' has no letters or digits`);
      else if (aliasTokens.length === 1 && aliasTokens[0]!.length < 3) problems.push(`${entry.id}: merchant alias '${merchant}' is too short to be safe alone`);
      if (suppressed.has(aliasTokens.join(' '))) problems.push(`${entry.id}: merchant alias '${merchant}' is also a not-AI suppression`);
      // descriptorPattern() blanks such runs: an alias with one could never match.
      if (/\d{4,}/.test(merchant)) problems.push(`${entry.id}: merchant alias '${merchant}' has four digits in a row, which descriptors treat as a store or reference number`);
      claim(`merchant alias '${aliasTokens.join(' ')}'`, entry.id);
    }
    for (const name of f.oauth.names) if (suppressed.has(tokens(name).join(' '))) problems.push(`${entry.id}: OAuth name '${name}' is also a not-AI suppression`);
    for (const id of [...f.oauth.googleClientIds, ...f.oauth.entraAppIds]) claim(`OAuth client id '${id.toLowerCase()}'`, entry.id);
    for (const sku of f.skus) if (sku.id) claim(`${sku.provider} SKU id '${sku.id.toLowerCase()}'`, entry.id);
    for (const [ecosystem, names] of Object.entries(f.packages)) {
      for (const name of names ?? []) claim(`${ecosystem} package '${normalisePackage(ecosystem as never, name)}'`, entry.id);
    }
    for (const slug of f.githubApps) claim(`GitHub app '${slug.toLowerCase()}'`, entry.id);
    const reviews = entry.sources.filter((source) => REVIEW_SOURCE.test(source));
    if (entry.reviewed && reviews.length === 0) problems.push(`${entry.id}: is marked reviewed but names no review (sources: unshadow:review/<AI system id>)`);
    if (!entry.reviewed && reviews.length > 0) problems.push(`${entry.id}: names a review as its source but is not marked reviewed (only \`unshadow catalog learn\` writes such entries)`);
    if (entry.sources.length === 0) problems.push(`${entry.id}: names no public source (sources: the vendor site, registry page or marketplace listing it rests on)`);
    for (const name of f.ambiguous) {
      const nameTokens = tokens(name).join(' ');
      if (!nameTokens) problems.push(`${entry.id}: ambiguous name '${name}' has no letters or digits`);
      else if ([...f.merchants, ...f.oauth.names].some((alias) => tokens(alias).join(' ') === nameTokens)) {
        problems.push(`${entry.id}: '${name}' is both an ambiguous name and a plain alias; keep it in ambiguous only, so that it needs corroboration`);
      }
    }
    // Exempt from naming a host: an AI add-on of a SaaS or an AI feature sold inside a vendor's
    // product (featureOf): it lives on its host product's domain, notion.so or freshdesk.com,
    // which says nothing about the AI; code with no product to sign in to or pay for (a library,
    // an MCP server); and a plan or edition of a product whose vendor's
    // other entry holds the host (ChatGPT Enterprise on chatgpt.com); and an entry learned from a
    // review, which rests on the evidence seen here (a .ai domain when a descriptor named one).
    const usedInBrowser = f.merchants.length + f.oauth.names.length + f.skus.length > 0;
    if (entry.domains.length === 0 && entry.category !== 'saas_ai_addon' && !entry.featureOf && usedInBrowser && !vendorsWithHosts.has(entry.vendor.toLowerCase()) && !entry.reviewed) {
      problems.push(`${entry.id}: has no web domain (domains: the hosts the product is used at)`);
    }
    for (const domain of entry.domains) {
      const host = domain.toLowerCase();
      if (!HOST.test(host)) problems.push(`${entry.id}: domain '${domain}' is not a host name (no scheme, path or port)`);
      else if (SHARED_HOSTS.has(host)) problems.push(`${entry.id}: domain '${domain}' serves every project, so it cannot identify this one`);
      claim(`domain '${host}'`, entry.id);
    }
    const oauthIdentified = f.oauth.publishers.length + f.oauth.googleClientIds.length + f.oauth.entraAppIds.length > 0;
    if (oauthIdentified && f.oauth.names.length === 0 && !f.oauth.none) problems.push(`${entry.id}: declares an OAuth publisher or client id but no app names (oauth.names), so consents shown by name are missed`);
    if (f.merchants.length > 0 && f.oauth.names.length === 0 && !f.oauth.none && !LIBRARY_CATEGORIES.has(entry.category) && !entry.reviewed) {
      problems.push(`${entry.id}: is paid for by card but names no OAuth app (oauth.names); add the consent-screen names, or oauth.none: true when it has no sign-in app`);
    }
    const fingerprints = f.merchants.length + f.oauth.names.length + f.oauth.googleClientIds.length + f.oauth.entraAppIds.length + f.oauth.publishers.length +
      f.skus.length + Object.values(f.packages).flat().length + f.githubApps.length + f.artefacts.length + entry.domains.length + f.ambiguous.length;
    if (fingerprints === 0) problems.push(`${entry.id}: has no fingerprints, so nothing can ever match it`);
  }
  return problems;
}
