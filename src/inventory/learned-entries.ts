import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { type CatalogEntryInput, type CatalogFile, catalogFileSchema, type Category } from '../domain/catalog.js';
import { DECIDED_STATUSES, type UseDomain } from '../domain/register.js';
import { aiDomains, normaliseDescriptor, tokens } from '../matcher/normalise.js';

/**
 * What reviewers taught unshadow about the long tail: a catalog file with one entry per AI
 * system that the matcher found as "possible AI" (no catalog entry) and a reviewer then confirmed
 * as AI (approved, with conditions, restricted or prohibited). Each entry carries the
 * fingerprints of its evidence (merchant descriptors, OAuth app names, client ids and publishers,
 * package names, seat plans, GitHub Apps), names the review as its source and is marked
 * `reviewed`, so the lint accepts that it rests on no public page. Saved under UNSHADOW_CATALOG,
 * it makes the matcher identify the tool by its entry in every later scan and import.
 */

interface Evidence {
  kind: string;
  attributes: Record<string, unknown>;
}

interface ConfirmedRow {
  id: string;
  vendor: string;
  product: string;
  status: string;
  review: { roles?: string[]; useContext?: { domain?: UseDomain } };
  evidence: Evidence[];
}

/** The catalog category a use domain implies, where it implies one. */
const CATEGORY_OF_DOMAIN: Partial<Record<UseDomain, Category>> = {
  employment: 'hr_recruiting',
  legal_rights: 'legal',
  justice: 'legal',
  health: 'healthcare',
  education: 'education',
  internal_productivity: 'productivity',
};

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** A readable id that stays the same for the same system: "fyxer-ai-1a2b3c4d". */
function entryId(row: ConfirmedRow): string {
  const slug = tokens(row.product).join('-').toLowerCase().slice(0, 40).replace(/-+$/, '');
  return `${slug ? `${slug}-` : 'reviewed-'}${row.id.slice(0, 8)}`;
}

/**
 * The category a reviewer's answers and the evidence suggest: the use domain where it names one,
 * a developer kit for packages, a coding tool for GitHub Apps, else a productivity assistant.
 */
function categoryOf(row: ConfirmedRow, kinds: Set<string>): Category {
  const byDomain = row.review.useContext?.domain ? CATEGORY_OF_DOMAIN[row.review.useContext.domain] : undefined;
  if (byDomain) return byDomain;
  if (kinds.has('dependency')) return 'ml_framework';
  if (kinds.has('app_install') || kinds.has('repo_artefact')) return 'coding';
  return 'productivity';
}

export function learnedEntry(row: ConfirmedRow): CatalogEntryInput {
  const merchants = new Set<string>();
  const domains = new Set<string>();
  const oauthNames = new Set<string>();
  const googleClientIds = new Set<string>();
  const entraAppIds = new Set<string>();
  const publishers = new Set<string>();
  const packages: Record<string, Set<string>> = {};
  const skus = new Map<string, { provider: 'other' | 'microsoft' | 'google' | 'github' | 'slack' | 'zoom' | 'salesforce' | 'atlassian'; name: string }>();
  const githubApps = new Set<string>();
  const kinds = new Set(row.evidence.map((item) => item.kind));
  for (const { kind, attributes } of row.evidence) {
    if (kind === 'expense') {
      const merchant = text(attributes.merchant);
      if (!merchant) continue;
      // The descriptor without its store number, city or processor prefix: "GLING AI", not "PADDLE.NET* GLING AI 4029".
      const display = normaliseDescriptor(merchant).display;
      if (display) merchants.add(display);
      for (const domain of aiDomains(merchant.toUpperCase())) domains.add(domain);
    } else if (kind === 'oauth_grant') {
      const appName = text(attributes.appName);
      const appId = text(attributes.appId);
      const publisher = text(attributes.publisher);
      const provider = text(attributes.provider)?.toLowerCase();
      if (appName) oauthNames.add(appName);
      if (publisher) publishers.add(publisher);
      if (appId && provider === 'google') googleClientIds.add(appId);
      if (appId && provider === 'microsoft' && GUID.test(appId)) entraAppIds.add(appId.toLowerCase());
    } else if (kind === 'dependency') {
      const ecosystem = text(attributes.ecosystem);
      const name = text(attributes.name);
      if (ecosystem && name) (packages[ecosystem] ??= new Set()).add(name);
    } else if (kind === 'licence') {
      const name = text(attributes.skuName);
      const provider = text(attributes.provider)?.toLowerCase();
      if (!name) continue;
      const known = ['microsoft', 'google', 'github', 'slack', 'zoom', 'salesforce', 'atlassian'] as const;
      const skuProvider = known.find((candidate) => candidate === provider) ?? 'other';
      // An AI vendor's plan names are short ("Team"): the vendor's name in front makes them its own.
      const vendor = text(attributes.vendor);
      const full = skuProvider === 'other' && vendor && !tokens(name).includes(tokens(vendor)[0] ?? '') ? `${vendor} ${name}` : name;
      skus.set(`${skuProvider}:${full.toLowerCase()}`, { provider: skuProvider, name: full });
    } else if (kind === 'app_install') {
      const slug = text(attributes.slug);
      if (slug) githubApps.add(slug.toLowerCase());
    }
  }
  // A charge's name form ("FYXER AI") is the system's vendor: it matches the same tool billed from
  // elsewhere, and makes the longer descriptors that contain it ("FYXER AI LONDON") redundant.
  const vendorTokens = tokens(row.vendor);
  if (kinds.has('expense') && vendorTokens.length > 0 && !row.vendor.includes('.')) {
    const alias = vendorTokens.join(' ');
    for (const merchant of merchants) if (` ${tokens(merchant).join(' ')} `.includes(` ${alias} `)) merchants.delete(merchant);
    merchants.add(alias);
  }
  const developer = kinds.has('dependency') || (row.review.roles ?? []).some((role) => role === 'ai_producer' || role === 'ai_provider');
  return {
    id: entryId(row),
    vendor: row.vendor,
    product: row.product,
    category: categoryOf(row, kinds),
    domains: sorted(domains),
    sources: [`unshadow:review/${row.id}`],
    fingerprints: {
      merchants: sorted(merchants),
      oauth: { names: sorted(oauthNames), googleClientIds: sorted(googleClientIds), entraAppIds: sorted(entraAppIds), publishers: sorted(publishers) },
      skus: [...skus.values()].sort((a, b) => a.name.localeCompare(b.name)),
      packages: Object.fromEntries(Object.entries(packages).map(([ecosystem, names]) => [ecosystem, sorted(names)])),
      githubApps: sorted(githubApps),
      artefacts: [],
      ambiguous: [],
    },
    hints: { processesPersonalData: true, hrEmploymentUse: row.review.useContext?.domain === 'employment', impliedRole: developer ? 'developer' : 'user' },
    reviewed: true,
  };
}

export async function learnedEntries(db: Db): Promise<CatalogFile> {
  const rows = await queryRows<ConfirmedRow>(
    db,
    sql`select s.id, s.vendor, s.product, s.status, s.review,
        coalesce(jsonb_agg(jsonb_build_object('kind', o.kind, 'attributes', o.attributes) order by o.id) filter (where o.id is not null), '[]') as evidence
      from ai_systems s left join observations o on o.ai_system_id = s.id
      where s.catalog_id is null and s.status in (${sql.join(
        DECIDED_STATUSES.map((status) => sql`${status}`),
        sql`, `,
      )})
      group by s.id order by s.product, s.id`,
  );
  return catalogFileSchema.parse({ entries: rows.map(learnedEntry), notAi: [] });
}
