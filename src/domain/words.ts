import { CATEGORY_LABELS } from './taxonomy.js';

/**
 * The codes in the words people read, in one place for every reader: documents for auditors,
 * the audit history, the CLI, API messages, and the console, which loads them from
 * GET /api/vocabulary (src/domain/vocabulary.ts) when it starts. Codes stay in machine formats
 * (JSON, CSV columns scripts filter on); people never have to read one.
 */

export const STATUS_LABELS: Record<string, string> = {
  discovered: 'Discovered',
  in_review: 'In review',
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  restricted: 'Restricted',
  prohibited: 'Prohibited',
  not_ai: 'Not AI',
};

export const ROLE_LABELS: Record<string, string> = {
  ai_customer: 'AI customer',
  ai_provider: 'AI provider',
  ai_producer: 'AI producer',
  ai_partner: 'AI partner',
};

export const DOMAIN_LABELS: Record<string, string> = {
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

export const TIER_LABELS: Record<string, string> = { minimal: 'Minimal', limited: 'Limited', high: 'High', prohibited: 'Prohibited' };
export const EXPOSURE_LABELS: Record<string, string> = { none: 'None', low: 'Low', medium: 'Medium', high: 'High' };

export const SOURCE_LABELS: Record<string, string> = {
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

export const CERTIFICATION_LABELS: Record<string, string> = { iso42001: 'ISO/IEC 42001', iso27001: 'ISO/IEC 27001', iso27701: 'ISO/IEC 27701', soc2: 'SOC 2' };

export const IMPLEMENTATION_LABELS: Record<string, string> = {
  not_started: 'Not started',
  planned: 'Planned',
  in_progress: 'In progress',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};

export const INCIDENT_KIND_LABELS: Record<string, string> = {
  harmful_output: 'Harmful output',
  biased_output: 'Biased output',
  wrong_output: 'Wrong output',
  data_exposure: 'Data exposure',
  misuse: 'Misuse',
  security: 'Security',
  other: 'Other',
};
export const SEVERITY_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const INCIDENT_STATUS_LABELS: Record<string, string> = { open: 'Open', investigating: 'Investigating', closed: 'Closed' };

export const DOCUMENT_LABELS: Record<string, string> = {
  register: 'AI system register',
  soa: 'Statement of Applicability',
  scope: 'Scope of the AI management system',
  incidents: 'AI incident log',
};

/** Audit-trail field names in words: what a reviewer sees in the history. */
export const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  roles: 'Roles',
  conditions: 'Conditions',
  'useContext.purpose': 'Purpose',
  'useContext.owner': 'Owner',
  'useContext.departments': 'Departments',
  'useContext.decisions': 'Decisions its outputs affect',
  'useContext.dataCategories': 'Data categories',
  'useContext.domain': 'Use domain',
  'useContext.interactsWithPublic': 'Outputs shown to the public',
  'useContext.shippedToCustomers': 'Shipped to customers',
  'oversight.reviewer': 'Human oversight: who reviews outputs',
  'oversight.when': 'Human oversight: when',
  'oversight.override': 'Human oversight: how to override',
  certifications: 'Certifications',
  dataProcessingAgreement: 'Data processing agreement',
  trainsOnCustomerData: 'Trains on customer data',
  dataResidency: 'Data residency',
  subprocessors: 'Subprocessors',
  incidentNotification: 'Incident notification',
  modelDocumentation: 'Model documentation received',
  owner: 'Owner',
  documents: 'Documents',
  reviewedOn: 'Reviewed on',
  nextReviewOn: 'Next review due',
  name: 'Name',
  legalName: 'Legal name',
  description: 'Description',
  sector: 'Sector',
  location: 'Location',
  website: 'Website',
  internalIssues: 'Internal issues (4.1)',
  externalIssues: 'External issues (4.1)',
  interestedParties: 'Interested parties and their requirements (4.2)',
  scopeBoundaries: 'Scope boundaries (4.3)',
  scopeInterfaces: 'Scope interfaces (4.3)',
  scopeDependencies: 'Scope dependencies (4.3)',
  documentOwner: 'Document owner',
  classification: 'Classification',
  implementation: 'Implementation',
  evidence: 'Evidence',
  justification: 'Justification',
  title: 'Title',
  kind: 'Kind',
  severity: 'Severity',
  occurredOn: 'Occurred on',
  investigation: 'Investigation',
  correctiveAction: 'Corrective action',
  vendorEscalation: 'Escalation to the vendor',
  escalatedOn: 'Escalated on',
  authorityNotification: 'Notification to an authority',
  approval: 'Approval',
};

export const ACTION_LABELS: Record<string, string> = {
  discovered: 'Discovered',
  withdrawn: 'Withdrawn (its import failed)',
  reviewed: 'Review',
  reopened: 'Reopened',
  due_diligence: 'Vendor due diligence',
  organisation: 'Organisation record',
  control: 'Control implementation',
  incident_opened: 'Incident opened',
  incident_updated: 'Incident updated',
  approved: 'Document approved',
  connection_changed: 'Connection changed',
  token_created: 'API token created',
  token_revoked: 'API token revoked',
  user_added: 'User added',
  user_removed: 'User removed',
};

export const EVENT_TYPE_LABELS: Record<string, string> = {
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

/** The kinds a connection can be added as; imports make others (shown as they are). */
export const CONNECTION_KIND_LABELS: Record<string, string> = {
  microsoft365: 'Microsoft 365',
  'google-workspace': 'Google Workspace',
  github: 'GitHub',
  synthetic: 'Synthetic (test data)',
  expenses: 'Expenses file',
  network: 'Network logs',
};

export const CHANNEL_LABELS: Record<string, string> = { slack: 'Slack', teams: 'Microsoft Teams', webhook: 'Webhook', email: 'E-mail', file: 'File' };

export const SCAN_STATUS_LABELS: Record<string, string> = { running: 'Running', completed: 'Completed', failed: 'Failed' };

/** What a scan or import counted, singular and plural, in the order a summary lists them. */
export const COUNT_LABELS: Record<string, { one: string; many: string }> = {
  systemsNew: { one: 'new AI system', many: 'new AI systems' },
  records: { one: 'record', many: 'records' },
  rows: { one: 'row', many: 'rows' },
  lines: { one: 'log line', many: 'log lines' },
  files: { one: 'file', many: 'files' },
  pages: { one: 'page', many: 'pages' },
  flagged: { one: 'flagged as AI', many: 'flagged as AI' },
  matched: { one: 'matched an AI system', many: 'matched AI systems' },
  observationsNew: { one: 'new piece of evidence', many: 'new pieces of evidence' },
  imported: { one: 'imported', many: 'imported' },
  aggregated: { one: 'kept as totals only', many: 'kept as totals only' },
  skipped: { one: 'skipped', many: 'skipped' },
  blocked: { one: 'blocked request', many: 'blocked requests' },
  rematchedHosts: { one: 'host matched again', many: 'hosts matched again' },
};

/** Who may do what in the console and the API (src/domain/access.ts). */
export const ACCESS_ROLE_LABELS: Record<string, string> = { admin: 'Admin', compliance: 'Compliance', security: 'Security', viewer: 'Viewer' };
export const ACCESS_ROLE_DESCRIPTIONS: Record<string, string> = {
  admin: 'connections, schedules, users and tokens, and everything else',
  compliance: 'reviews, vendors, incidents and exports',
  security: 'alert rules',
  viewer: 'reads everything, changes nothing',
};

/** How often a schedule runs, as the console's presets offer it. */
export const SCHEDULE_PRESET_LABELS: Record<string, string> = { daily: 'Every day', weekdays: 'Every weekday (Monday to Friday)', weekly: 'Once a week', monthly: 'Once a month' };
export const WEEKDAY_LABELS: Record<string, string> = { monday: 'Monday', tuesday: 'Tuesday', wednesday: 'Wednesday', thursday: 'Thursday', friday: 'Friday', saturday: 'Saturday', sunday: 'Sunday' };

export const DELIVERY_STATUS_LABELS: Record<string, string> = { pending: 'Waiting to be retried', delivered: 'Delivered', failed: 'Given up' };

/** The words for a code in any of the register's vocabularies; the code itself when none knows it. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  status: { ...STATUS_LABELS, ...INCIDENT_STATUS_LABELS, ...IMPLEMENTATION_LABELS },
  roles: ROLE_LABELS,
  'useContext.domain': DOMAIN_LABELS,
  certifications: CERTIFICATION_LABELS,
  kind: INCIDENT_KIND_LABELS,
  severity: SEVERITY_LABELS,
  category: CATEGORY_LABELS,
};

export const words = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code.replace(/_/g, ' ')) : '');

export const yesNo = (value: boolean | undefined): string => (value === undefined ? '' : value ? 'Yes' : 'No');

/** A recorded value in words, for the field it belongs to: lists joined, booleans as yes/no, codes as labels. */
export function valueWords(field: string | null, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const labels = field ? VALUE_WORDS[field] : undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => (typeof item === 'string' ? (labels ? words(labels, item) : item) : describeObject(item))).join('; ');
  }
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'object') return describeObject(value);
  return labels ? words(labels, String(value)) : String(value);
}

function describeObject(value: unknown): string {
  if (!value || typeof value !== 'object') return String(value ?? '');
  const record = value as Record<string, unknown>;
  // The two shapes lists of objects take in the register: interested parties and document references.
  if (typeof record.party === 'string') return `${record.party}: ${String(record.requirements ?? '')}`;
  if (typeof record.title === 'string' && typeof record.reference === 'string') return `${record.title} (${record.reference})`;
  return Object.entries(record)
    .map(([key, item]) => `${FIELD_LABELS[key] ?? key}: ${valueWords(key, item)}`)
    .join(', ');
}

/**
 * Who made a change, in words: `token:demo` → "API token 'demo'", `user:carol` → "carol",
 * `scan:<id>` → "scan of <connection>" when the connection is known.
 */
export function actorWords(actor: string, scanConnections: ReadonlyMap<string, string> = new Map()): string {
  const [kind, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (!name) return actor;
  if (kind === 'token') return `API token '${name}'`;
  if (kind === 'user') return name;
  if (kind === 'scan') {
    const connection = scanConnections.get(name);
    return connection ? `scan of ${connection}` : 'a scan';
  }
  return actor;
}
