/**
 * Use-context risk triage for one AI system: a suggested EU AI Act tier, a data-exposure
 * rating, its reach, and a triage priority that orders the review queue. Pure functions:
 * every result carries plain-language reasons a reviewer can check.
 */
import type { RegisterEntry, RiskTier, UseDomain } from '../domain/register.js';
import { annexIIIArea, prohibitedPractice, transparencyObligation } from './reference.js';

export type Level = 'low' | 'medium' | 'high';

export interface TierSuggestion {
  tier: RiskTier;
  reasons: string[];
  /** EU AI Act references: "Art. 5(1)(f)", "Annex III 4(a)", "Art. 50(1)". */
  euAiActRefs: string[];
  /** No domain recorded: the tier is a guess from the catalog until a reviewer records the use context. */
  needsUseContext: boolean;
}

export interface ExposureRating {
  level: Level;
  reasons: string[];
}

export interface ReachRating {
  level: Level;
  reasons: string[];
}

export interface TriagePriority {
  /** 0–100; the review queue is ordered by it, highest first. */
  score: number;
  tier: RiskTier;
  exposure: Level;
  reach: Level;
  needsUseContext: boolean;
  reasons: string[];
}

/** Annex III point per domain. */
const ANNEX_III_POINT: Partial<Record<UseDomain, string>> = {
  biometrics: '1',
  critical_infrastructure: '2',
  education: '3',
  employment: '4',
  essential_services: '5',
  law_enforcement: '6',
  migration: '7',
  justice: '8',
};

/** Words in the purpose/decisions that pin an Annex III sub-point. */
const SUBPOINT_WORDS: Record<string, Record<string, RegExp>> = {
  '1': { a: /\b(identif|recogni[sz]e (people|persons|faces)|face (match|search))/i, b: /categori[sz]/i, c: /emotion/i },
  '3': { a: /\b(admission|admit|access to|assign)/i, b: /\b(grad|mark|learning outcome|assess(ing)? (students|pupils|learners))/i, c: /\blevel of education/i, d: /\b(proctor|cheat|exam monitoring|during tests)/i },
  '4': {
    a: /\b(recruit|hiring|hire|candidate|applicant|application|cv|résumé|resume|shortlist|interview|job ad|vacanc)/i,
    b: /\b(promot|terminat|dismiss|task allocation|allocat(e|ing) tasks|performance|monitor(ing)? (staff|employees|workers)|evaluat(e|ing) (staff|employees|workers))/i,
  },
  '5': { a: /\b(benefit|public assistance|eligib)/i, b: /\b(credit|loan|creditworth|lending)/i, c: /\b(life|health) insurance|\bpremium|\bunderwrit/i, d: /\b(emergency|dispatch|triage)/i },
};

function text(entry: RegisterEntry): string {
  return [entry.useContext.purpose, entry.useContext.decisions].filter(Boolean).join(' — ');
}

const WORKPLACE = /\b(employee|employees|staff|worker|workers|workplace|colleague|agent performance|call[- ]cent(er|re) agents|student|students|pupil|pupils|classroom|school)\b/i;

/**
 * Prohibited practices (Art. 5), deliberately conservative: only when the recorded domain and
 * purpose clearly describe the practice. Everything else is never auto-prohibited.
 */
function prohibitedMatches(entry: RegisterEntry): { ref: string; why: string }[] {
  const t = text(entry);
  if (!t) return [];
  const domain = entry.useContext.domain;
  const found: { ref: string; why: string }[] = [];
  const emotion = /\bemotion(s|al state)?\b.*\b(recogni|detect|infer|analys|analyz|track|monitor)|\b(recogni|detect|infer|analys|analyz|track|monitor)\w*\b.*\bemotion/i.test(t);
  const atWork = domain === 'employment' || domain === 'education' || WORKPLACE.test(t);
  const medicalOrSafety = /\b(medical|safety|therapeutic)\b/i.test(t);
  if (emotion && atWork && !medicalOrSafety) {
    found.push({ ref: '5(1)(f)', why: 'the purpose describes inferring the emotions of people at work or in education' });
  }
  if (/\bsocial(ly)?[- ]scor/i.test(t)) {
    found.push({ ref: '5(1)(c)', why: 'the purpose describes social scoring of people' });
  }
  if (/\b(scrap\w*)\b.*\b(face|facial)|\b(face|facial)\b.*\bscrap/i.test(t)) {
    found.push({ ref: '5(1)(e)', why: 'the purpose describes building a facial recognition database by scraping images' });
  }
  if (/\b(categori[sz]\w*|infer\w*)\b.*\b(race|ethnic\w*|political|trade union|relig\w*|sexual orientation|sex life)\b/i.test(t) && (domain === 'biometrics' || /\bbiometric|\bface|\bfacial/i.test(t))) {
    found.push({ ref: '5(1)(g)', why: 'the purpose describes biometric categorisation by sensitive attributes' });
  }
  return found;
}

function annexIIIRefs(point: string, entry: RegisterEntry): string[] {
  const words = SUBPOINT_WORDS[point];
  const t = text(entry);
  const subs = words && t ? Object.entries(words).filter(([, re]) => re.test(t)).map(([s]) => `Annex III ${point}(${s})`) : [];
  return subs.length > 0 ? subs : [`Annex III point ${point}`];
}

function describeAnnexIII(ref: string): string {
  const m = /^Annex III (?:point )?(\d)(?:\(([a-z])\))?$/.exec(ref);
  if (!m) return ref;
  const area = annexIIIArea(m[1]!);
  const sub = m[2] ? area.subpoints[m[2]] : undefined;
  return sub ? `${ref} (${area.area}: ${sub})` : `${ref} (${area.area})`;
}

const EMPLOYMENT_DECISION = SUBPOINT_WORDS['4']!;

/** Art. 50 transparency duties that follow from the category, when outputs reach the public. */
function transparencyRefs(entry: RegisterEntry): string[] {
  switch (entry.category) {
    case 'image_video_voice':
      return ['Art. 50(2)', 'Art. 50(4)'];
    case 'writing_marketing':
      return ['Art. 50(2)', 'Art. 50(4)'];
    default:
      return ['Art. 50(1)'];
  }
}

/**
 * Suggest an EU AI Act tier from the recorded use context (domain, purpose, decisions) and the
 * catalog hints: prohibited practice (only when clearly described), Annex III high-risk area,
 * limited (transparency: outputs reach the public), otherwise minimal.
 */
export function suggestTier(entry: RegisterEntry): TierSuggestion {
  const ctx = entry.useContext;
  const domain = ctx.domain;
  const reasons: string[] = [];
  const refs: string[] = [];
  const needsUseContext = domain === undefined;
  if (needsUseContext) reasons.push('use context not recorded yet: the tier is suggested from the catalog category and hints until a reviewer records the domain');

  const prohibited = prohibitedMatches(entry);
  if (prohibited.length > 0) {
    for (const p of prohibited) {
      refs.push(`Art. ${p.ref}`);
      reasons.push(`prohibited practice Art. ${p.ref} (${prohibitedPractice(p.ref).summary}): ${p.why}; confirm with legal, as narrow exceptions apply`);
    }
    return { tier: 'prohibited', reasons, euAiActRefs: refs, needsUseContext };
  }

  const point = domain ? ANNEX_III_POINT[domain] : undefined;
  if (point) {
    const annex = annexIIIRefs(point, entry);
    refs.push(...annex);
    reasons.push(`high-risk: the domain ${domain} is an Annex III area: ${annex.map(describeAnnexIII).join('; ')}`);
    reasons.push('Art. 6(3) may exempt a narrow procedural or preparatory use, never one that profiles people: record the assessment if you rely on it');
    return { tier: 'high', reasons, euAiActRefs: refs, needsUseContext };
  }

  const hr = entry.hints.hrEmploymentUse || entry.category === 'hr_recruiting';
  const t = text(entry);
  const employmentDecision = t !== '' && Object.values(EMPLOYMENT_DECISION).some((re) => re.test(t));
  if (hr && (needsUseContext || employmentDecision)) {
    const annex = annexIIIRefs('4', entry);
    refs.push(...annex);
    reasons.push(
      employmentDecision
        ? `high-risk: an HR tool used for employment decisions: ${annex.map(describeAnnexIII).join('; ')}`
        : `high-risk (provisional): the catalog marks it as an HR tool, likely used for employment decisions: ${annex.map(describeAnnexIII).join('; ')}`,
    );
    return { tier: 'high', reasons, euAiActRefs: refs, needsUseContext };
  }

  if (domain === 'health') {
    reasons.push('health: check whether it is (a safety component of) a medical device, which makes it high-risk under Art. 6(1) and Annex I, or decides eligibility for healthcare (Annex III 5(a))');
  }
  if (domain === 'legal_rights') {
    reasons.push('legal rights: check whether its outputs decide or materially influence decisions on people\'s rights (Annex III 5 and 8 cover the listed cases)');
  }

  const publicFacing = ctx.interactsWithPublic === true;
  const guessedPublic = needsUseContext && ctx.interactsWithPublic === undefined && entry.category === 'customer_support';
  if (publicFacing || guessedPublic) {
    const tr = transparencyRefs(entry);
    refs.push(...tr);
    reasons.push(
      `limited (transparency): ${publicFacing ? 'its outputs reach people outside the organisation' : 'a customer-support AI usually talks to customers'}, who must be told they deal with AI or AI-generated content: ${tr
        .map((r) => `${r} ${transparencyObligation(r.replace(/^Art\. /, '')).summary}`)
        .join('; ')}`,
    );
    return { tier: 'limited', reasons, euAiActRefs: refs, needsUseContext };
  }

  if (domain === 'internal_productivity') {
    reasons.push('minimal: internal productivity use with no Annex III area and no public-facing output (only Art. 4 AI literacy applies)');
  } else {
    reasons.push('minimal: no Annex III area, no prohibited practice and no public-facing output recorded');
  }
  return { tier: 'minimal', reasons, euAiActRefs: refs, needsUseContext };
}

const LEVELS: readonly Level[] = ['low', 'medium', 'high'];
function max(a: Level, b: Level): Level {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

const SPECIAL_CATEGORY = /\b(special|health|medical|biometric|genetic|racial|ethnic|religio|political|trade union|sexual|criminal)/i;
const SENSITIVE_CATEGORY = /\b(personal|pii|customer|client|source[ _-]?code|code|financial|payment|credential|secret|confidential|employee|hr)\b/i;

/**
 * How much sensitive data the AI system can reach: OAuth scope exposure, the data categories the
 * reviewer recorded, and the catalog hints (processes personal data; trains on customer data by
 * default, unless the vendor review confirmed it does not).
 */
export function dataExposure(entry: RegisterEntry): ExposureRating {
  let level: Level = 'low';
  const reasons: string[] = [];

  if (entry.exposure === 'high' || entry.exposure === 'medium') {
    level = max(level, entry.exposure);
    reasons.push(`${entry.exposure}: its OAuth grants have ${entry.exposure}-exposure scopes (mail, files or similar)`);
  } else if (entry.exposure === 'low') {
    reasons.push('low: its OAuth grants have low-exposure scopes only');
  }

  const categories = entry.useContext.dataCategories ?? [];
  const special = categories.filter((c) => SPECIAL_CATEGORY.test(c));
  const sensitive = categories.filter((c) => !SPECIAL_CATEGORY.test(c) && SENSITIVE_CATEGORY.test(c));
  if (special.length > 0) {
    level = 'high';
    reasons.push(`high: it touches special-category data (${special.join(', ')})`);
  }
  if (sensitive.length > 0) {
    level = max(level, 'medium');
    reasons.push(`medium: it touches ${sensitive.join(', ')} data`);
  }

  if (entry.hints.processesPersonalData) {
    level = max(level, 'medium');
    reasons.push('medium: the catalog says it processes personal data');
  }

  const vendorTrains = entry.vendorDiligence?.trainsOnCustomerData;
  if (vendorTrains === true) {
    level = 'high';
    reasons.push('high: the vendor review recorded that the vendor trains on customer data');
  } else if (entry.hints.trainsOnCustomerDataByDefault === true) {
    if (vendorTrains === false) {
      reasons.push('the catalog says the vendor trains on customer data by default, but the vendor review recorded it is off for the organisation');
    } else {
      level = 'high';
      reasons.push('high: the catalog says the vendor trains on customer data by default and no vendor review has confirmed it is off');
    }
  }

  const endpoint = entry.endpoint;
  if (endpoint && endpoint.uploadBytes >= UPLOAD_BYTES.medium) {
    const uploaded = endpoint.uploadBytes >= UPLOAD_BYTES.high ? 'high' : 'medium';
    level = max(level, uploaded);
    reasons.push(`${uploaded}: ${formatBytes(endpoint.uploadBytes)} were uploaded to it, by the network logs`);
  }
  if (endpoint && endpoint.extensionPermissions.length > 0) {
    level = 'high';
    reasons.push(`high: its browser extension can ${endpoint.extensionPermissions.map((p) => (p === 'clipboardRead' ? 'read the clipboard' : `read every page you visit (${p})`)).join(' and ')}`);
  }

  if (reasons.length === 0) reasons.push('low: no sensitive scopes, data categories or catalog data hints recorded');
  return { level, reasons };
}

/** Bytes uploaded to an AI system (network logs) at or above which exposure is medium / high. */
export const UPLOAD_BYTES = { medium: 10 * 1024 * 1024, high: 100 * 1024 * 1024 } as const;

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** People using it: the evidence's users, or the people and devices network logs and device inventories saw, whichever is more. */
function reachOf(entry: RegisterEntry): { users: number; devices: number } {
  const users = Math.max(0, entry.users || 0, entry.endpoint?.people ?? 0);
  return { users, devices: Math.max(0, entry.endpoint?.devices ?? 0) };
}

/** Users at or above these counts raise reach to medium / high. */
export const REACH_USERS = { medium: 20, high: 100 } as const;
/** Monthly spend (main currency) at or above these amounts raises reach to medium / high. */
export const REACH_SPEND = { medium: 500, high: 5000 } as const;

/** How widely the AI system is used: distinct users and monthly spend. */
export function reach(entry: RegisterEntry): ReachRating {
  const { users, devices } = reachOf(entry);
  const people = Math.max(users, devices);
  const spend = entry.monthlySpend ? Math.max(0, entry.monthlySpend.amount) : 0;
  const byUsers: Level = people >= REACH_USERS.high ? 'high' : people >= REACH_USERS.medium ? 'medium' : 'low';
  const bySpend: Level = spend >= REACH_SPEND.high ? 'high' : spend >= REACH_SPEND.medium ? 'medium' : 'low';
  const reasons = [`${byUsers}: ${users} ${users === 1 ? 'user' : 'users'}${devices > users ? ` on ${devices} devices` : ''}`];
  const endpoint = entry.endpoint;
  if (endpoint && endpoint.blocked > 0) {
    reasons.push(
      endpoint.blocked >= endpoint.requests
        ? `attempted use: all ${endpoint.blocked} request(s) to it were blocked, so people tried to use it against policy`
        : `attempted use: ${endpoint.blocked} of ${endpoint.requests} request(s) to it were blocked`,
    );
  }
  if (entry.monthlySpend) reasons.push(`${bySpend}: ${formatMoney(spend, entry.monthlySpend.currency)} a month`);
  else reasons.push('no spend recorded');
  return { level: max(byUsers, bySpend), reasons };
}

function formatMoney(amount: number, currency: string): string {
  return `${currency} ${amount.toFixed(2)}`;
}

const TIER_POINTS: Record<RiskTier, number> = { prohibited: 50, high: 40, limited: 20, minimal: 5 };
const EXPOSURE_POINTS: Record<Level, number> = { high: 30, medium: 18, low: 5 };

/**
 * Triage priority 0–100: tier (up to 50) + data exposure (up to 30) + reach (up to 20, growing
 * with users and spend), so prohibited/high-risk and high-exposure systems come first and, among
 * equals, more users and spend come first. A system with no use context recorded gets 5 extra
 * points so it reaches a reviewer.
 */
export function triagePriority(entry: RegisterEntry): TriagePriority {
  const tier = suggestTier(entry);
  const exposure = dataExposure(entry);
  const r = reach(entry);
  const { users: seen, devices } = reachOf(entry);
  const users = Math.max(seen, devices);
  const spend = entry.monthlySpend ? Math.max(0, entry.monthlySpend.amount) : 0;
  const reachPoints = Math.min(20, 5 * Math.log10(1 + users) + 3 * Math.log10(1 + spend));
  const contextPoints = tier.needsUseContext ? 5 : 0;
  const raw = TIER_POINTS[tier.tier] + EXPOSURE_POINTS[exposure.level] + reachPoints + contextPoints;
  const score = Math.max(0, Math.min(100, Math.round(raw)));
  return {
    score,
    tier: tier.tier,
    exposure: exposure.level,
    reach: r.level,
    needsUseContext: tier.needsUseContext,
    reasons: [
      `tier ${tier.tier}: ${tier.reasons.join('; ')}`,
      `data exposure ${exposure.level}: ${exposure.reasons.join('; ')}`,
      `reach ${r.level}: ${r.reasons.join('; ')}`,
    ],
  };
}

/** The review queue order: highest triage score first, then more users, then id (stable). */
export function compareTriage(a: { entry: RegisterEntry; priority: TriagePriority }, b: { entry: RegisterEntry; priority: TriagePriority }): number {
  return b.priority.score - a.priority.score || b.entry.users - a.entry.users || a.entry.id.localeCompare(b.entry.id);
}

/** Entries with their triage priority, ordered for the review queue. */
export function orderReviewQueue<E extends RegisterEntry>(entries: readonly E[]): { entry: E; priority: TriagePriority }[] {
  return entries.map((entry) => ({ entry, priority: triagePriority(entry) })).sort(compareTriage);
}
