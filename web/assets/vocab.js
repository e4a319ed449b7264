/**
 * The register's words and their labels, copied from src/db/schema.ts, src/domain/taxonomy.ts,
 * src/domain/register.ts and src/domain/alerts.ts: the console has no build step to import them.
 */

export const STATUSES = {
  discovered: 'Discovered',
  in_review: 'In review',
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  restricted: 'Restricted',
  prohibited: 'Prohibited',
  not_ai: 'Not AI',
};

export const CATEGORIES = {
  chat_assistant: 'Chat assistant',
  model_api: 'Model API',
  coding: 'Coding assistant',
  meetings_transcription: 'Meetings & transcription',
  writing_marketing: 'Writing & marketing',
  image_video_voice: 'Image, video & voice',
  search_research: 'Search & research',
  hr_recruiting: 'HR & recruiting',
  legal: 'Legal',
  customer_support: 'Customer support',
  agent_automation: 'Agents & automation',
  ml_framework: 'ML framework / SDK',
  saas_ai_addon: 'AI add-on of a SaaS',
  sales_revenue: 'Sales & revenue',
  data_analytics: 'Data & analytics',
  productivity: 'Productivity & personal assistants',
  it_security: 'IT & security operations',
  finance: 'Finance & accounting',
  healthcare: 'Healthcare & clinical',
  education: 'Education & learning',
  unknown: 'Possible AI (unknown vendor)',
};

export const SOURCES = {
  expense: 'Expenses',
  oauth_grant: 'OAuth grants',
  licence: 'Licences',
  dependency: 'Dependencies',
  app_install: 'App installs',
  repo_artefact: 'Repository files',
  network: 'Network logs',
  browser_extension: 'Browser extensions',
  endpoint_app: 'Endpoint apps',
};

export const ROLES = {
  ai_customer: 'AI customer',
  ai_provider: 'AI provider',
  ai_producer: 'AI producer',
  ai_partner: 'AI partner',
};

export const USE_DOMAINS = {
  biometrics: 'Biometrics',
  critical_infrastructure: 'Critical infrastructure',
  education: 'Education',
  employment: 'Employment',
  essential_services: 'Essential services',
  law_enforcement: 'Law enforcement',
  migration: 'Migration',
  justice: 'Justice',
  health: 'Health',
  legal_rights: 'Legal rights',
  internal_productivity: 'Internal productivity',
};

/** Least to most severe, as the alert filter's minimum tier reads them. */
export const RISK_TIERS = {
  minimal: 'Minimal',
  limited: 'Limited',
  high: 'High',
  prohibited: 'Prohibited',
};

export const EXPOSURE_LEVELS = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };

export const EVENT_TYPES = {
  'ai_system.discovered': 'AI system discovered',
  'ai_system.use_widened': 'Use widened',
  'grant.high_exposure': 'High-exposure grant',
  'dependency.added': 'Dependency added',
  'review.overdue': 'Review overdue',
  'scan.failed': 'Scan failed',
  'incident.opened': 'AI incident opened',
  'network.new_ai_domain': 'AI service reached from the network',
  'endpoint.new_ai_app': 'AI extension or app on managed devices',
};

export const CONNECTION_KINDS = {
  microsoft365: 'Microsoft 365',
  'google-workspace': 'Google Workspace',
  github: 'GitHub',
  synthetic: 'Synthetic (test data)',
  expenses: 'Expenses file',
};

export const CHANNELS = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
  email: 'E-mail',
  file: 'File',
};

export const CERTIFICATIONS = { iso42001: 'ISO/IEC 42001', iso27001: 'ISO/IEC 27001', iso27701: 'ISO/IEC 27701', soc2: 'SOC 2' };

export const IMPLEMENTATION = {
  not_started: 'Not started',
  planned: 'Planned',
  in_progress: 'In progress',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};

export const INCIDENT_KINDS = {
  harmful_output: 'Harmful output',
  biased_output: 'Biased output',
  wrong_output: 'Wrong output',
  data_exposure: 'Data exposure',
  misuse: 'Misuse',
  security: 'Security',
  other: 'Other',
};
export const SEVERITIES = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const INCIDENT_STATUSES = { open: 'Open', investigating: 'Investigating', closed: 'Closed' };

export const DOCUMENTS = {
  register: 'AI system register',
  soa: 'Statement of Applicability',
  scope: 'Scope of the AI management system',
  incidents: 'AI incident log',
};

/** The label for a code, or the code itself when the server knows a word the console does not. */
export function label(words, code) {
  return words[code] ?? String(code ?? '');
}
