import { seededRandom } from '../../../helpers/random.js';

/**
 * The synthetic organisation of the scale benchmark: its sizes, all proportional to its
 * employees, and the generators its SaaS tenants share. Deterministic: the same employees give
 * the same organisation in every process (each double builds its own part at start).
 *
 * OAuth grants follow the skew real tenants show: a user consents to a handful of apps (0–19,
 * five on average), and which apps follows a Zipf law over the apps (exponent 1.1), so a few apps
 * have tens of thousands of users and most have a few. AI apps sit at fixed popularity ranks
 * chosen so that about 2 % of the grants are theirs, plus a tail of unknown AI-looking apps.
 */

export const EMPLOYEES = 100_000;

export function sizes(employees: number) {
  return {
    employees,
    /** Microsoft Entra service principals (first-party, the tenant's own, managed identities, third-party). */
    servicePrincipals: Math.max(50, Math.round(employees / 10)),
    graphConsentsPerUser: 5,
    /** Intune-managed devices (laptops and phones) and the distinct apps (name, version, platform) found on them. */
    managedDevices: Math.round(employees * 1.1),
    detectedApps: Math.max(30, Math.round(employees / 5)),
    /** Distinct OAuth clients users granted tokens to in Google Workspace. */
    googleApps: Math.max(50, Math.round(employees / 20)),
    googleTokensPerUser: 5,
    /** Users holding a Gemini licence. */
    geminiShare: 0.06,
    repositories: Math.max(20, Math.round(employees / 10)),
    archivedRepositories: Math.round(employees / 250),
    copilotSeats: Math.max(5, Math.round(employees * 0.08)),
    installations: Math.max(12, Math.round(employees / 800)),
    /** Card and expense lines a year. */
    cardLines: employees * 50,
  };
}

export type Sizes = ReturnType<typeof sizes>;

export const ZIPF_EXPONENT = 1.1;

/** Draws ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** s;
    cumulative[i] = sum;
  }
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** A compressed sparse row list: the members of owner i are members[offsets[i] .. offsets[i+1]). */
export interface Rows {
  offsets: Int32Array;
  members: Int32Array;
}

export const rowOf = (rows: Rows, owner: number): Int32Array => rows.members.subarray(rows.offsets[owner]!, rows.offsets[owner + 1]!);

/**
 * Which user grants which app, by popularity rank: every user draws 0–19 distinct ranks (five on
 * average; the product of two uniforms puts most users at a few and some at many). Returned both
 * ways: per user (Google lists tokens per user) and per rank (Graph lists grants per app).
 */
export function grantsByRank(users: number, apps: number, perUser: number, seed: number): { byUser: Rows; byRank: Rows } {
  const { random } = seededRandom(seed);
  const draw = zipfSampler(apps, ZIPF_EXPONENT, random);
  const userOffsets = new Int32Array(users + 1);
  const ranks: number[] = [];
  const mine: number[] = [];
  for (let user = 0; user < users; user++) {
    const wanted = Math.min(apps, Math.round(random() * random() * 4 * perUser));
    mine.length = 0;
    // A user grants an app once: a popular app drawn twice is drawn again (a few tries).
    for (let tries = 0; mine.length < wanted && tries < wanted * 4; tries++) {
      const rank = draw();
      if (!mine.includes(rank)) mine.push(rank);
    }
    mine.sort((a, b) => a - b);
    ranks.push(...mine);
    userOffsets[user + 1] = ranks.length;
  }
  const byUser: Rows = { offsets: userOffsets, members: Int32Array.from(ranks) };
  const rankOffsets = new Int32Array(apps + 1);
  for (const rank of byUser.members) rankOffsets[rank + 1]!++;
  for (let rank = 0; rank < apps; rank++) rankOffsets[rank + 1]! += rankOffsets[rank]!;
  const fill = rankOffsets.slice(0, apps);
  const members = new Int32Array(byUser.members.length);
  for (let user = 0; user < users; user++) {
    for (let i = userOffsets[user]!; i < userOffsets[user + 1]!; i++) members[fill[byUser.members[i]!]!++] = user;
  }
  return { byUser, byRank: { offsets: rankOffsets, members } };
}

/** Fisher–Yates with a seeded generator: the order in which a provider lists its apps or repos. */
export function shuffled(count: number, seed: number): Int32Array {
  const { random } = seededRandom(seed);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/**
 * Popularity ranks (0-based) at which known AI apps sit, most popular first. With Zipf 1.1 over
 * thousands of apps these give about 2 % of the grants; ranks beyond the app count are dropped.
 */
export const AI_RANKS = [11, 23, 41, 67, 103, 151, 223, 317, 449, 631, 887, 1231, 1709, 2351, 3203, 4327, 5779, 7681, 9001];
/** Ranks of AI apps no catalog knows (shadow AI from small vendors): far in the tail. */
export const UNKNOWN_AI_RANKS = [1501, 2711, 3907, 4813, 6101, 7309, 8807];

/** Everyday SaaS, for the most popular non-AI apps. */
export const EVERYDAY_APPS = [
  'Zoom', 'Slack', 'DocuSign', 'Salesforce', 'Calendly', 'Dropbox', 'Adobe Acrobat Sign', 'Atlassian', 'Trello', 'Asana', 'Miro', 'Box', 'HubSpot', 'Mailchimp',
  'Airtable', 'Smartsheet', 'Lucidchart', 'Webex', 'ServiceNow', 'Workday', 'Zendesk', 'Monday.com', 'Canva', 'Figma', 'Loom', 'Evernote', 'Todoist', 'Doodle',
  'SurveyMonkey', 'Typeform', 'Expensify', 'Concur', 'Coupa', 'Greenhouse', 'Lever', 'BambooHR', 'Gusto', 'Okta', 'Duo Security', '1Password', 'LastPass',
  'Pipedrive', 'Intercom', 'Freshdesk', 'Hootsuite', 'Buffer', 'Later', 'Vimeo', 'Wistia', 'Prezi',
];

const PREFIXES = ['Blue', 'North', 'Silver', 'Oak', 'River', 'Stone', 'Maple', 'Iron', 'Cedar', 'Harbor', 'Summit', 'Bright', 'Clear', 'Red', 'Green', 'Swift', 'Pine', 'Lake', 'Eagle', 'Falcon', 'Copper', 'Granite', 'Meadow', 'Willow', 'Aspen', 'Birch', 'Coral', 'Delta', 'Echo', 'Fern'];
const SUFFIXES = ['field', 'peak', 'crest', 'gate', 'bridge', 'line', 'point', 'wood', 'stone', 'view', 'haven', 'ridge', 'brook', 'port', 'vale', 'mark', 'side', 'ford', 'well', 'way'];
const NOUNS = ['Scheduler', 'Ledger', 'Forms', 'Sync', 'Planner', 'Desk', 'Reports', 'Docs', 'Portal', 'Tracker', 'Notes', 'Board', 'Inbox', 'Calendar', 'Connect', 'Drive Backup', 'Timesheets', 'Payroll', 'Invoices', 'Contracts', 'Surveys', 'Rostering', 'Travel', 'Signatures', 'Archive'];

/** The n-th made-up business app name ("Bluefield Scheduler"): 15,000 distinct ones. */
export function madeUpName(n: number): string {
  const prefix = PREFIXES[n % PREFIXES.length]!;
  const suffix = SUFFIXES[Math.floor(n / PREFIXES.length) % SUFFIXES.length]!;
  const noun = NOUNS[Math.floor(n / (PREFIXES.length * SUFFIXES.length)) % NOUNS.length]!;
  const round = Math.floor(n / (PREFIXES.length * SUFFIXES.length * NOUNS.length));
  return `${prefix}${suffix} ${noun}${round ? ` ${round + 1}` : ''}`;
}

/** AI apps no catalog has: names that say AI, from vendors nobody approved. */
export const UNKNOWN_AI_NAMES = ['Summarize.ai Notes', 'Memoquill AI', 'Brieflytic AI Meeting Notes', 'Draftwell AI Writer', 'Inboxsage AI', 'Scribblenote.ai', 'Quillomatic AI Assistant'];

/** A 32-bit hash of a few integers (deterministic ids, shas and choices without a generator). */
export function hash(...parts: number[]): number {
  let h = 2166136261;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 16777619);
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/** 40 hex digits (a git sha) from a few integers. */
export function sha(...parts: number[]): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += hash(...parts, i).toString(16).padStart(8, '0');
  return out;
}

/** A GUID-shaped id from a kind and a number. */
export const guid = (kind: number, n: number) => `${hash(kind, n).toString(16).padStart(8, '0')}-${(kind & 0xffff).toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;
