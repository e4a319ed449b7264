import { AI_RANKS, EVERYDAY_APPS, grantsByRank, hash, madeUpName, type Rows, rowOf, type Sizes, UNKNOWN_AI_NAMES, UNKNOWN_AI_RANKS } from './organisation.js';

/**
 * The Google Workspace domain of the synthetic organisation: its users (1 % suspended, a few
 * archived), the OAuth tokens each user granted (Zipf popularity over the domain's apps, as in
 * the Entra tenant), and Gemini licence assignments.
 */

const G = 'https://www.googleapis.com/auth/';
const SCOPE_SETS = [
  ['openid', `${G}userinfo.email`, `${G}userinfo.profile`],
  ['openid', `${G}userinfo.email`, `${G}calendar`],
  ['openid', `${G}userinfo.email`, `${G}drive.file`],
  ['openid', `${G}userinfo.email`, `${G}drive.readonly`],
  ['openid', `${G}userinfo.email`, `${G}gmail.readonly`],
  ['openid', `${G}userinfo.email`, `${G}contacts.readonly`],
];

const AI_APPS: [string, string[]][] = [
  ['ChatGPT', ['openid', `${G}userinfo.email`, `${G}userinfo.profile`, `${G}drive.readonly`]],
  ['Otter.ai', ['openid', `${G}userinfo.email`, `${G}calendar.events.readonly`]],
  ['Claude', ['openid', `${G}userinfo.email`, `${G}userinfo.profile`]],
  ['Fireflies.ai', ['openid', `${G}userinfo.email`, `${G}calendar.events`]],
  ['Grammarly', ['openid', `${G}userinfo.email`, `${G}userinfo.profile`]],
  ['Read AI', ['openid', `${G}userinfo.email`, `${G}calendar.readonly`, `${G}gmail.readonly`]],
  ['Perplexity', ['openid', `${G}userinfo.email`, `${G}userinfo.profile`]],
  ['Jasper', ['openid', `${G}userinfo.email`]],
  ['Copy.ai', ['openid', `${G}userinfo.email`]],
  ['Fathom AI Notetaker', ['openid', `${G}userinfo.email`, `${G}calendar.events.readonly`]],
  ['tl;dv', ['openid', `${G}userinfo.email`, `${G}calendar.events.readonly`]],
  ['Gamma', ['openid', `${G}userinfo.email`, `${G}drive.file`]],
  ['Writer', ['openid', `${G}userinfo.email`]],
  ['Glean', ['openid', `${G}userinfo.email`, `${G}drive.readonly`, `${G}gmail.readonly`]],
  ['Motion', ['openid', `${G}userinfo.email`, `${G}calendar`]],
  ['Reclaim.ai', ['openid', `${G}userinfo.email`, `${G}calendar`]],
  ['Avoma', ['openid', `${G}userinfo.email`, `${G}calendar.readonly`]],
  ['Superhuman', ['openid', `${G}userinfo.email`, 'https://mail.google.com/']],
  ['Tome', ['openid', `${G}userinfo.email`]],
];

export interface DomainApp {
  name: string;
  clientId: string;
  scopes: string[];
  nativeApp: boolean;
  ai: boolean;
}

/** Gemini for Workspace products and SKUs (Licensing API products table). */
export const GEMINI = [
  { productId: '101068', productName: 'Gemini Business', skuId: '1010680001', skuName: 'Gemini Enterprise Business Edition', share: 0.04 },
  { productId: '101047', productName: 'Gemini', skuId: '1010470009', skuName: 'Google AI Expanded Access', share: 0.02 },
];

export class GoogleDomain {
  readonly users: number;
  readonly customerId = 'C03az79cb';
  readonly apps: DomainApp[];
  readonly tokens: Rows;

  constructor(readonly size: Sizes) {
    this.users = size.employees;
    const count = size.googleApps;
    const ai = new Map<number, [string, string[]]>();
    AI_RANKS.forEach((rank, i) => i < AI_APPS.length && rank < count && ai.set(rank, AI_APPS[i]!));
    UNKNOWN_AI_RANKS.forEach((rank, i) => rank < count && ai.set(rank, [UNKNOWN_AI_NAMES[i]!, ['openid', `${G}userinfo.email`, `${G}gmail.readonly`]]));
    let everyday = 0;
    let madeUp = 0;
    // Apps by popularity rank: rank r is app r.
    this.apps = Array.from({ length: count }, (_, rank) => {
      const known = ai.get(rank);
      const name = known ? known[0] : everyday < EVERYDAY_APPS.length ? EVERYDAY_APPS[everyday++]! : madeUpName(madeUp++ * 7 + 3);
      return {
        name,
        clientId: `${100000000000 + rank}-${hash(30, rank).toString(36)}${hash(31, rank).toString(36)}.apps.googleusercontent.com`,
        scopes: known ? known[1] : SCOPE_SETS[hash(32, rank) % SCOPE_SETS.length]!,
        nativeApp: !known && hash(33, rank) % 10 === 0,
        ai: Boolean(known),
      };
    });
    this.tokens = grantsByRank(this.users, count, size.googleTokensPerUser, 29).byUser;
  }

  userId = (u: number) => String(100000000000000000000n + BigInt(u));
  /** The user a Directory user id (or the primary email) names, or -1. */
  userIndex(key: string): number {
    const email = /^user(\d+)@scale\.example$/.exec(key);
    const u = email ? Number(email[1]) : key.length === 21 && key.startsWith('1') ? Number(key.slice(1)) : Number.NaN;
    return Number.isInteger(u) && u >= 0 && u < this.users ? u : -1;
  }
  email = (u: number) => `user${u}@scale.example`;
  suspended = (u: number) => hash(40, u) % 100 === 0;
  archived = (u: number) => hash(41, u) % 500 === 0;

  tokensOf(u: number): Int32Array {
    return rowOf(this.tokens, u);
  }

  /** Users holding product `p`'s Gemini licence, in user order. */
  geminiHolders(p: number): number[] {
    const share = GEMINI[p]!.share;
    const holders: number[] = [];
    for (let u = 0; u < this.users; u++) if (!this.suspended(u) && hash(42 + p, u) % 10_000 < share * 10_000) holders.push(u);
    return holders;
  }

  summary() {
    let aiTokens = 0;
    for (const app of this.tokens.members) if (this.apps[app]!.ai) aiTokens++;
    let suspended = 0;
    for (let u = 0; u < this.users; u++) if (this.suspended(u)) suspended++;
    return { users: this.users, suspended, apps: this.apps.length, aiApps: this.apps.filter((app) => app.ai).length, tokens: this.tokens.members.length, aiTokens, gemini: GEMINI.map((_, p) => this.geminiHolders(p).length) };
  }
}
