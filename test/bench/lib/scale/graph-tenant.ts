import { AI_RANKS, EVERYDAY_APPS, grantsByRank, guid, hash, madeUpName, type Rows, rowOf, shuffled, type Sizes, UNKNOWN_AI_NAMES, UNKNOWN_AI_RANKS } from './organisation.js';

/**
 * The Entra ID tenant of the synthetic organisation, as Microsoft Graph lists it: users with
 * licences, subscribed SKUs, and service principals (Microsoft's own, the tenant's own app
 * registrations, managed identities and third-party apps) with their delegated permission
 * grants (user consents by Zipf popularity, a few admin consents), application permissions on
 * Microsoft Graph, and users assigned to the apps that require assignment.
 */

export const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

type Kind = 'first-party' | 'own' | 'managed-identity' | 'third-party';

export interface TenantApp {
  kind: Kind;
  name: string;
  publisher: string | null;
  verified: boolean;
  scope: string;
  ai: boolean;
  /** Popularity rank among the apps users consent to (-1: the tenant's own apps and managed identities). */
  rank: number;
  adminConsent: boolean;
  applicationPermissions: number;
  assignmentRequired: boolean;
}

/** Known AI apps as their publishers register them in Entra ID, with the scopes they ask for. */
const AI_APPS: [string, string, string][] = [
  ['ChatGPT', 'OpenAI OpCo, LLC', 'openid profile email offline_access User.Read Files.Read.All'],
  ['Otter.ai', 'Otter.ai, Inc.', 'openid profile email offline_access User.Read Calendars.Read OnlineMeetings.Read'],
  ['Claude', 'Anthropic, PBC', 'openid profile email offline_access User.Read'],
  ['Fireflies.ai', 'Fireflies.ai Corp', 'openid profile email offline_access Calendars.Read OnlineMeetings.Read'],
  ['Grammarly', 'Grammarly, Inc.', 'openid profile email User.Read'],
  ['Read AI', 'Read AI, Inc.', 'openid profile email offline_access Calendars.Read Mail.Read'],
  ['Perplexity', 'Perplexity AI, Inc.', 'openid profile email User.Read'],
  ['Jasper', 'Jasper AI, Inc.', 'openid profile email User.Read'],
  ['Copy.ai', 'CopyAI, Inc.', 'openid profile email User.Read'],
  ['Fathom AI Notetaker', 'Fathom Video, Inc.', 'openid profile email offline_access Calendars.Read'],
  ['tl;dv', 'tl;dv GmbH', 'openid profile email offline_access Calendars.Read OnlineMeetings.Read'],
  ['Gamma', 'Gamma Tech, Inc.', 'openid profile email User.Read'],
  ['Writer', 'Writer, Inc.', 'openid profile email User.Read'],
  ['Glean', 'Glean Technologies, Inc.', 'openid profile email offline_access Files.Read.All Sites.Read.All Mail.Read'],
  ['Motion', 'Motion Technologies, Inc.', 'openid profile email offline_access Calendars.ReadWrite'],
  ['Reclaim.ai', 'Reclaim.ai, Inc.', 'openid profile email offline_access Calendars.ReadWrite'],
  ['Avoma', 'Avoma, Inc.', 'openid profile email offline_access Calendars.Read'],
  ['Superhuman', 'Superhuman Labs, Inc.', 'openid profile email offline_access Mail.ReadWrite Mail.Send'],
  ['Tome', 'Magical Tome, Inc.', 'openid profile email User.Read'],
];

const FIRST_PARTY = [
  'Microsoft Teams', 'Office 365 Exchange Online', 'Office 365 SharePoint Online', 'Microsoft Graph Command Line Tools', 'Graph Explorer', 'Microsoft Azure CLI',
  'Microsoft Azure PowerShell', 'Microsoft Intune', 'Power BI Service', 'Microsoft Forms', 'Microsoft To-Do', 'OneNote', 'Microsoft Planner', 'Microsoft Stream Portal',
  'Microsoft Whiteboard Services', 'Yammer', 'Dynamics 365 Business Central', 'Microsoft Power Automate', 'PowerApps Service', 'Microsoft Bookings',
];

const SCOPES = [
  'openid profile email User.Read',
  'openid profile email offline_access User.Read',
  'openid profile email offline_access User.Read Calendars.ReadWrite',
  'openid profile email offline_access User.Read Files.ReadWrite.All',
  'openid profile email offline_access User.Read Mail.Read',
  'openid profile User.Read Contacts.Read',
  'User.Read',
];

/** Microsoft Graph's app roles that third-party apps hold as application permissions. */
export const GRAPH_APP_ROLES = ['Mail.Read', 'Files.Read.All', 'User.Read.All', 'Calendars.Read', 'OnlineMeetingTranscript.Read.All', 'Sites.Read.All', 'Directory.Read.All', 'Chat.Read.All', 'Group.Read.All', 'Team.ReadBasic.All'].map((value, i) => ({
  id: guid(5, i),
  value,
  allowedMemberTypes: ['Application'],
  displayName: value,
  isEnabled: true,
}));

export const SKUS = [
  { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', skuPartNumber: 'SPE_E5', share: 1 },
  { skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb', skuPartNumber: 'Microsoft_365_Copilot', share: 0.08 },
  { skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', skuPartNumber: 'POWER_BI_PRO', share: 0.2 },
  { skuId: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', skuPartNumber: 'VISIOCLIENT', share: 0.03 },
  { skuId: '53818b1b-4a27-454b-8896-0dba576410e6', skuPartNumber: 'PROJECTPROFESSIONAL', share: 0.02 },
];

/** AI apps as Intune detects them on devices: name, publisher. */
const AI_DESKTOP_APPS: [string, string][] = [
  ['ChatGPT', 'OpenAI'], ['Claude', 'Anthropic PBC'], ['Cursor', 'Anysphere'], ['Ollama', 'Ollama'], ['LM Studio', 'Element Labs'], ['Windsurf', 'Codeium'],
  ['Perplexity', 'Perplexity AI'], ['Jan', 'Jan'], ['GPT4All', 'Nomic'], ['AnythingLLM', 'Mintplex Labs'],
];
const EVERYDAY_DESKTOP_APPS: [string, string][] = [
  ['Google Chrome', 'Google LLC'], ['Microsoft Edge', 'Microsoft Corporation'], ['Microsoft Teams', 'Microsoft Corporation'], ['Microsoft 365 Apps for enterprise - en-us', 'Microsoft Corporation'],
  ['Zoom Workplace', 'Zoom Video Communications, Inc.'], ['Slack', 'Slack Technologies'], ['7-Zip', 'Igor Pavlov'], ['Notepad++', 'Notepad++ Team'], ['Adobe Acrobat Reader', 'Adobe Inc.'],
  ['Microsoft OneDrive', 'Microsoft Corporation'], ['VLC media player', 'VideoLAN'], ['Git', 'The Git Development Community'], ['Mozilla Firefox', 'Mozilla'], ['Webex', 'Cisco Systems, Inc.'],
  ['Cisco Secure Client', 'Cisco Systems, Inc.'], ['CrowdStrike Falcon Sensor', 'CrowdStrike, Inc.'], ['Dropbox', 'Dropbox, Inc.'], ['1Password', 'AgileBits Inc.'], ['Figma', 'Figma, Inc.'],
  ['Postman', 'Postman, Inc.'], ['PuTTY', 'Simon Tatham'], ['WinSCP', 'Martin Prikryl'], ['Docker Desktop', 'Docker Inc.'], ['Node.js', 'Node.js Foundation'], ['Python 3.12.4 (64-bit)', 'Python Software Foundation'],
];
/** Ranks (by devices) at which AI desktop apps sit. */
const AI_DESKTOP_RANKS = [140, 380, 610, 950, 1730, 2450, 3300, 5200, 8100, 12_700];
const PLATFORMS = ['windows', 'windows', 'windows', 'windows', 'windows', 'windows', 'windows', 'macOS', 'macOS', 'iOS'];

export interface DetectedApp {
  name: string;
  publisher: string;
  version: string;
  platform: string;
  devices: number;
  ai: boolean;
}

export class GraphTenant {
  readonly tenantId: string;
  readonly users: number;
  readonly apps: TenantApp[] = [];
  /** App index by popularity rank. */
  readonly byRank: Int32Array;
  /** Consenting users per rank. */
  readonly consents: Rows;

  /** Intune's detected apps (one per name, version and platform), by devices, most common first. */
  readonly detectedApps: DetectedApp[];
  readonly devices: number;

  constructor(readonly size: Sizes) {
    this.tenantId = guid(9, 1);
    this.devices = size.managedDevices;
    // Devices per detected app fall off as a Zipf law: the browser on nine devices in ten, most apps on one or two.
    const aiDesktop = new Map(AI_DESKTOP_RANKS.map((rank, i) => [rank, AI_DESKTOP_APPS[i]!]));
    let madeUpDesktop = 0;
    this.detectedApps = Array.from({ length: size.detectedApps }, (_, rank) => {
      const known = aiDesktop.get(rank) ?? (rank < EVERYDAY_DESKTOP_APPS.length ? EVERYDAY_DESKTOP_APPS[rank] : undefined);
      const h = hash(14, rank);
      return {
        name: known ? known[0] : madeUpName(madeUpDesktop++ * 11 + 5),
        publisher: known ? known[1] : `${madeUpName(rank).split(' ')[0]} Software`,
        version: `${1 + (h % 12)}.${(h >>> 4) % 30}.${(h >>> 9) % 100}`,
        platform: PLATFORMS[(h >>> 16) % PLATFORMS.length]!,
        // One in fifty is stale: detected once, on no device now.
        devices: rank >= 100 && (h >>> 20) % 50 === 0 ? 0 : Math.min(this.devices, Math.max(1, Math.round((0.9 * this.devices) / (rank + 1) ** 1.1))),
        ai: aiDesktop.has(rank),
      };
    });
    this.users = size.employees;
    const count = size.servicePrincipals;
    const kinds: Kind[] = Array.from({ length: count }, (_, a) => {
      if (a === 0) return 'first-party'; // Microsoft Graph itself, the resource of every grant
      const h = hash(7, a) % 100;
      return h < 9 ? 'first-party' : h < 14 ? 'own' : h < 16 ? 'managed-identity' : 'third-party';
    });
    const inventoried = kinds.flatMap((kind, a) => (kind === 'first-party' || kind === 'third-party' ? [a] : []));
    const order = shuffled(inventoried.length, 17);
    this.byRank = Int32Array.from(order, (i) => inventoried[i]!);
    const rankOf = new Int32Array(count).fill(-1);
    this.byRank.forEach((a, rank) => (rankOf[a] = rank));
    this.consents = grantsByRank(this.users, inventoried.length, size.graphConsentsPerUser, 23).byRank;

    // Known and unknown AI apps at their ranks (the next third-party app when a Microsoft one is there).
    const aiAt = new Map<number, [string, string, string]>();
    const claim = (rank: number, app: [string, string, string]) => {
      for (let r = rank; r < this.byRank.length; r++) {
        if (kinds[this.byRank[r]!] === 'third-party' && !aiAt.has(this.byRank[r]!)) {
          aiAt.set(this.byRank[r]!, app);
          return;
        }
      }
    };
    AI_RANKS.forEach((rank, i) => i < AI_APPS.length && rank < this.byRank.length && claim(rank, AI_APPS[i]!));
    UNKNOWN_AI_RANKS.forEach((rank, i) => rank < this.byRank.length && claim(rank, [UNKNOWN_AI_NAMES[i]!, `${UNKNOWN_AI_NAMES[i]!.split(/[ .]/)[0]} Labs`, 'openid profile email offline_access User.Read Mail.Read']));
    // Microsoft 365 Copilot is Microsoft's own app, consented to by the users who have it.
    const copilotRank = inventoried.length > 90 ? [...this.byRank.slice(90)].findIndex((a) => kinds[a] === 'first-party' && a !== 0) + 90 : -1;

    // Apps that are not AI are named in popularity order: everyday SaaS and Microsoft's best-known apps first.
    const names = new Map<number, string>();
    let everyday = 0;
    let madeUp = 0;
    let firstParty = 0;
    for (const a of this.byRank) {
      if (a === 0 || aiAt.has(a)) continue;
      if (kinds[a] === 'third-party') names.set(a, everyday < EVERYDAY_APPS.length ? EVERYDAY_APPS[everyday++]! : madeUpName(madeUp++));
      else if (rankOf[a] !== copilotRank) names.set(a, firstParty < FIRST_PARTY.length ? FIRST_PARTY[firstParty++]! : `Microsoft Service ${firstParty++}`);
    }
    let own = 0;
    for (let a = 0; a < count; a++) {
      const kind = kinds[a]!;
      const rank = rankOf[a]!;
      const ai = aiAt.get(a);
      let name: string;
      let publisher: string | null = null;
      let scope = SCOPES[hash(8, a) % SCOPES.length]!;
      if (a === 0) name = 'Microsoft Graph';
      else if (kind === 'first-party') name = rank === copilotRank ? 'Microsoft 365 Copilot' : names.get(a)!;
      else if (kind === 'own') name = `Northwind ${madeUpName(own++)}`;
      else if (kind === 'managed-identity') name = `mi-${a.toString(36)}`;
      else if (ai) [name, publisher, scope] = ai;
      else name = names.get(a)!;
      if (kind === 'first-party') publisher = 'Microsoft Services';
      else if (kind === 'third-party' && !publisher) publisher = `${name.split(' ')[0]} Software Ltd`;
      const third = kind === 'third-party';
      this.apps.push({
        kind,
        name,
        publisher,
        verified: kind === 'first-party' || (third && hash(10, a) % 100 < 60),
        scope,
        ai: Boolean(ai) || rank === copilotRank,
        rank,
        adminConsent: rank >= 0 && hash(11, a) % 100 < 3,
        applicationPermissions: third && hash(12, a) % 100 < 5 ? 1 + (hash(12, a) >>> 8) % 3 : 0,
        assignmentRequired: third && hash(13, a) % 100 < 2,
      });
    }
  }

  consentingUsers(a: number): Int32Array {
    const rank = this.apps[a]!.rank;
    return rank < 0 ? new Int32Array(0) : rowOf(this.consents, rank);
  }

  /** Delegated grants of app `a`: its user consents, then its admin consent. */
  grantCount(a: number): number {
    return this.consentingUsers(a).length + (this.apps[a]!.adminConsent ? 1 : 0);
  }

  userId = (u: number) => guid(1, u);
  appObjectId = (a: number) => guid(2, a);
  appId = (a: number) => (a === 0 ? GRAPH_APP_ID : guid(3, a));
  /** The user a Graph user id names (ids are guid(1, u): the last group is u). */
  userIndex(id: string): number {
    const u = Number.parseInt(id.slice(24), 16);
    return Number.isInteger(u) && u >= 0 && u < this.users && this.userId(u) === id ? u : -1;
  }
  appIndex(id: string): number {
    const a = Number.parseInt(id.slice(24), 16);
    return Number.isInteger(a) && a >= 0 && a < this.apps.length && this.appObjectId(a) === id ? a : -1;
  }

  userEnabled = (u: number) => hash(1, u) % 100 !== 0;
  detectedAppId = (d: number) => `${hash(15, d).toString(16).padStart(8, '0')}${d.toString(16).padStart(8, '0')}${'0'.repeat(48)}`;
  detectedAppIndex(id: string): number {
    const d = Number.parseInt(id.slice(8, 16), 16);
    return Number.isInteger(d) && d >= 0 && d < this.detectedApps.length && this.detectedAppId(d) === id ? d : -1;
  }
  /** The i-th device app `d` is on: a stride through the devices, so that each is distinct. */
  deviceOf(d: number, i: number): number {
    return (hash(16, d) + i * 7919) % this.devices;
  }
  licences(u: number): string[] {
    return SKUS.filter((sku, i) => i === 0 || hash(20 + i, u) % 10_000 < sku.share * 10_000).map((sku) => sku.skuId);
  }

  /** What the double generated, for the benchmark's report. */
  summary() {
    let delegated = 0;
    let admin = 0;
    let application = 0;
    let assigned = 0;
    let ai = 0;
    const kinds: Record<string, number> = {};
    this.apps.forEach((app, a) => {
      kinds[app.kind] = (kinds[app.kind] ?? 0) + 1;
      const users = this.consentingUsers(a).length;
      delegated += users;
      admin += app.adminConsent ? 1 : 0;
      application += app.applicationPermissions;
      const assignments = app.assignmentRequired ? users : 0;
      assigned += assignments;
      if (app.ai) ai += users + (app.adminConsent ? 1 : 0) + app.applicationPermissions + assignments;
    });
    const grants = delegated + admin + application + assigned;
    const detected = { apps: this.detectedApps.length, withDevices: this.detectedApps.filter((app) => app.devices > 0).length, ai: this.detectedApps.filter((app) => app.ai).length, devices: this.devices };
    return {
      detected, users: this.users, servicePrincipals: this.apps.length, kinds, grants, delegated, admin, application, assigned, aiGrants: ai, aiApps: this.apps.filter((app) => app.ai).length };
  }
}
