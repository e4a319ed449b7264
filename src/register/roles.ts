/**
 * Role suggestion (ISO/IEC 22989 roles as ISO/IEC 42001 clause 4.1 uses them) from the
 * evidence of one AI system. Pure: a reviewer confirms or overrides; the suggestion and its
 * reasons stay visible beside the decision.
 */
import { ORG_ROLES, type OrgRole, type RegisterEntry } from '../domain/register.js';

/** Evidence kinds that show the organisation uses someone else's AI system. */
const USE_EVIDENCE: readonly { kind: string; one: string; many: string }[] = [
  { kind: 'licence', one: 'licence', many: 'licences' },
  { kind: 'oauth_grant', one: 'OAuth grant', many: 'OAuth grants' },
  { kind: 'expense', one: 'expense', many: 'expenses' },
  { kind: 'app_install', one: 'app install', many: 'app installs' },
  { kind: 'repo_artefact', one: 'assistant configuration in a repository', many: 'assistant configurations in repositories' },
  { kind: 'network', one: 'day of network traffic', many: 'days of network traffic' },
  { kind: 'browser_extension', one: 'browser extension', many: 'browser extensions' },
  { kind: 'endpoint_app', one: 'installed app', many: 'installed apps' },
];

/** Catalog categories whose SDK in a repository means the organisation builds an AI system. */
const DEVELOPMENT_SDK_CATEGORIES = new Set(['model_api', 'agent_automation']);

export interface RoleSuggestion {
  roles: OrgRole[];
  reasons: string[];
}

function count(entry: RegisterEntry, kind: string): number {
  const n = entry.sources[kind];
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function productName(entry: RegisterEntry): string {
  return entry.product.toLowerCase().startsWith(entry.vendor.toLowerCase()) || !entry.vendor
    ? entry.product
    : `${entry.vendor} ${entry.product}`;
}

/**
 * Suggest the organisation's roles for one AI system:
 * - licence, OAuth grant, expense, app install (or an assistant configured in a repository) → ai_customer;
 * - an SDK for a model API or agent framework in a repository → ai_producer (it develops an AI system);
 *   the same shipped to customers → also ai_provider;
 * - an ML training framework → ai_producer.
 * Several at once → all of them (a hybrid), in ORG_ROLES order.
 */
export function suggestRoles(entry: RegisterEntry): RoleSuggestion {
  const roles = new Set<OrgRole>();
  const reasons: string[] = [];
  const name = productName(entry);

  const used = USE_EVIDENCE.map((e) => ({ ...e, n: count(entry, e.kind) })).filter((e) => e.n > 0);
  if (used.length > 0) {
    roles.add('ai_customer');
    const evidence = used.map((e) => plural(e.n, e.one, e.many)).join(', ');
    reasons.push(`AI customer: the organisation uses ${name} as a third-party AI tool (${evidence})`);
  }

  const dependencies = count(entry, 'dependency');
  const developer = entry.hints.impliedRole === 'developer';
  let develops = false;
  if (dependencies > 0 && developer && DEVELOPMENT_SDK_CATEGORIES.has(entry.category)) {
    develops = true;
    const what = entry.category === 'agent_automation' ? 'an agent framework' : 'an SDK for a model API';
    reasons.push(
      `AI producer: ${what} (${name}) is a dependency in ${plural(dependencies, 'manifest', 'manifests')}, so the organisation develops an AI system with it`,
    );
  }
  if (dependencies > 0 && entry.category === 'ml_framework') {
    develops = true;
    reasons.push(
      `AI producer: the ML framework ${name} is a dependency in ${plural(dependencies, 'manifest', 'manifests')}, so the organisation designs, trains or tests models`,
    );
  }
  const apiHosts = entry.endpoint?.apiHosts ?? [];
  if (apiHosts.length > 0 && DEVELOPMENT_SDK_CATEGORIES.has(entry.category)) {
    develops = true;
    reasons.push(`AI producer: software on the organisation's network calls its API (${apiHosts.slice(0, 3).join(', ')}), so the organisation builds with ${name}`);
  }
  if (develops) {
    roles.add('ai_producer');
    if (entry.useContext.shippedToCustomers === true) {
      roles.add('ai_provider');
      reasons.push(`AI provider: the reviewer recorded that what is built with ${name} is shipped to customers`);
    }
  }

  if (roles.size === 0) {
    // No usable evidence counts: fall back on the catalog's hint so the reviewer has a starting point.
    if (developer) {
      roles.add('ai_producer');
      reasons.push(`AI producer (assumed): no usage evidence recorded yet; the catalog lists ${name} as a developer tool`);
    } else {
      roles.add('ai_customer');
      reasons.push(`AI customer (assumed): no usage evidence recorded yet; the catalog lists ${name} as a tool people use`);
    }
  }

  const ordered = ORG_ROLES.filter((r) => roles.has(r));
  if (ordered.length > 1) reasons.push(`hybrid: the organisation holds several roles for ${name} (${ordered.join(', ')})`);
  return { roles: ordered, reasons };
}
