import type { MatchResult } from '../domain/match.js';
import { tokens } from './normalise.js';

/**
 * "Possible AI": the long tail no catalog will ever hold. A record is flagged for a person to
 * look at when something in it says AI, and ranked by how many independent signals agree (the
 * name, the memo, the category, the publisher, the scopes, the registry's description): one
 * signal gives 0.3, each further one 0.1 more, up to 0.5, always below a catalog match. Every
 * signal is one reason, so the reviewer sees exactly what fired.
 */

const POSSIBLE_AI_BASE = 0.3;
const POSSIBLE_AI_CEILING = 0.5;

export function possibleAi(vendor: string, product: string, signals: readonly string[]): MatchResult {
  const confidence = Math.min(POSSIBLE_AI_CEILING, POSSIBLE_AI_BASE + 0.1 * (signals.length - 1));
  return {
    flagged: true,
    match: { catalogId: null, vendor, product, category: 'unknown', confidence: Math.round(confidence * 100) / 100, reasons: [...signals] },
  };
}

/** Whole-token words that, in a product's name, say AI: "FYXER AI", "InboxGPT", "ACME LLM", "Qlik AutoML". */
const AI_NAME_TOKENS = new Set(['AI', 'GPT', 'GPTS', 'CHATGPT', 'LLM', 'LLMS', 'GENAI', 'CHATBOT', 'CHATBOTS', 'AGENTIC', 'AUTOML']);

/**
 * AI glued to a name in its own case ("ListingAI", "FortiAI", "KaneAI"): read from the name as
 * written, so that THAI or DUBAI never are.
 */
const GLUED_AI = /\b[A-Z]?[a-z]{2,}AI\b/;
export const gluedAi = (name: string): string | undefined => GLUED_AI.exec(name)?.[0];

/**
 * Words that brand an AI product when they follow its name ("Clari Copilot", "Acme Notetaker")
 * and mean something else when they lead it ("Copilot: Track & Budget Money", "CoPilot Cars").
 */
const AI_BRAND_SUFFIXES = new Set(['COPILOT', 'NOTETAKER']);

/** The token of a name that says AI ("GPT" glued to a word counts: "MEETINGGPT", "GPTZERO"). */
export function aiWordIn(nameTokens: readonly string[]): string | undefined {
  for (let i = 0; i < nameTokens.length; i++) {
    const token = nameTokens[i]!;
    if (AI_NAME_TOKENS.has(token) || (i > 0 && AI_BRAND_SUFFIXES.has(token))) return token;
    if (token.length >= 5 && (token.endsWith('GPT') || token.startsWith('GPT'))) return token;
  }
  return undefined;
}

/** Phrases of free text (memos, plan names) that say AI, besides the name words. */
const AI_PHRASES = [
  ['ARTIFICIAL', 'INTELLIGENCE'],
  ['MACHINE', 'LEARNING'],
  ['LANGUAGE', 'MODEL'],
  ['LANGUAGE', 'MODELS'],
  ['COPILOT'],
  ['NOTETAKER'],
];

/** What in a memo or a plan name says AI ("AI email assistant", "transcription seats"), as written. */
export function aiWordsInText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const found = tokens(text);
  return aiWordIn(found) ?? phraseIn(found, AI_PHRASES);
}

/** The first of `phrases` that `words` hold, word after word, as written. */
export function phraseIn(words: readonly string[], phrases: readonly string[][]): string | undefined {
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((token, j) => words[i + j] === token)) return phrase.join(' ');
    }
  }
  return undefined;
}

/**
 * Memo words that say the charge is not for using a tool, even when it mentions AI: courses,
 * books, conference tickets, hardware, meals and travel ("AI Summit ticket", "GPU for the ML
 * team", "dinner with the Claude team").
 */
const NOT_A_TOOL = new Set([
  'COURSE', 'COURSES', 'TRAINING', 'CONFERENCE', 'SUMMIT', 'TICKET', 'TICKETS', 'BOOK', 'BOOKS', 'WORKSHOP', 'BOOTCAMP', 'CERTIFICATION', 'EXAM',
  'CERTIFICATE', 'SPECIALIZATION', 'SPECIALISATION', 'CLASS', 'CLASSES', 'LESSON', 'LESSONS', 'TUTORIAL', 'WEBINAR', 'SEMINAR', 'LECTURE',
  'MEETUP', 'GPU', 'GPUS', 'RTX', 'HARDWARE', 'LAPTOP', 'MONITOR', 'DINNER', 'LUNCH', 'BREAKFAST', 'CATERING', 'HOTEL', 'FLIGHT', 'TAXI', 'GIFT', 'SWAG',
  'SHIRTS', 'TEES', 'SPONSORSHIP', 'DONATION', 'CONSULTING', 'FACILITATION', 'SPEAKER', 'BOOTH',
]);

/** Words beside GPU that say compute was rented, not a card bought ("GPU node", "GPU hours"). */
const COMPUTE = new Set(['HOUR', 'HOURS', 'HR', 'HRS', 'NODE', 'NODES', 'INSTANCE', 'INSTANCES', 'CLOUD', 'RENTAL', 'CREDITS', 'COMPUTE', 'CLUSTER', 'USAGE']);

/**
 * The word of a memo that says it paid for something other than a tool, if any. A hotel beside a
 * word that says AI is the tool's trade ("hotel chatbot"), and GPUs by the hour are a service.
 */
export function notAToolIn(memo: string | undefined): string | undefined {
  if (!memo) return undefined;
  const words = tokens(memo);
  return words.find((token) => {
    if (!NOT_A_TOOL.has(token)) return false;
    if (token === 'GPU' || token === 'GPUS' || token === 'RTX') return !words.some((word) => COMPUTE.has(word));
    if (token === 'HOTEL') return !aiWordsInText(memo);
    return true;
  });
}

/**
 * Expense categories (and MCC groups) where software is booked. Departments (Marketing, Legal,
 * Recruiting) are not among them: they book agencies, lawyers and consultants too.
 */
const TOOL_CATEGORIES = new Set([
  'SOFTWARE', 'SAAS', 'SUBSCRIPTION', 'SUBSCRIPTIONS', 'CLOUD', 'IT', 'TECHNOLOGY', 'TECH', 'COMPUTER', 'INTERNET', 'DIGITAL', 'DATA', 'DEVELOPMENT',
  'PRODUCTIVITY', 'TOOLS', 'APPS', 'HOSTING',
]);
/** Expense categories where no software is bought: meals, travel, fuel, events, hardware. */
const OTHER_CATEGORIES = new Set([
  'MEALS', 'MEAL', 'FOOD', 'DINING', 'RESTAURANT', 'RESTAURANTS', 'BAR', 'ENTERTAINMENT', 'TRAVEL', 'LODGING', 'HOTEL', 'HOTELS', 'AIRFARE', 'AIRLINE',
  'FUEL', 'GAS', 'AUTO', 'CAR', 'PARKING', 'TAXI', 'RIDESHARE', 'TRANSPORTATION', 'UTILITIES', 'EVENTS', 'CONFERENCE', 'CONFERENCES', 'TRAINING',
  'EDUCATION', 'BOOKS', 'EQUIPMENT', 'HARDWARE', 'OFFICE', 'SUPPLIES', 'GIFTS', 'CHARITY', 'DONATIONS', 'PROFESSIONAL', 'SHIPPING', 'POSTAGE', 'RENT',
  'INSURANCE', 'GROCERIES', 'CLOTHING', 'APPAREL',
]);
/** Category words that say goods were bought, which decide over a word shared with software ("Computer Equipment"). */
const GOODS_CATEGORIES = new Set(['EQUIPMENT', 'HARDWARE']);

/**
 * Merchant category codes in a category column ("5812 Eating places"): software and digital
 * goods say tool; restaurants, travel, fuel, lodging, books and schools say not.
 */
const TOOL_MCCS = new Set([4816, 5045, 5734, 5817, 5818, 7372, 7379]);
function otherMcc(code: number): boolean {
  return (code >= 3000 && code <= 3999) || [4111, 4121, 4131, 4411, 4511, 4722, 5541, 5542, 5811, 5812, 5813, 5814, 5942, 5994, 7011, 7512, 7523, 7832, 7991, 7996, 7997, 7999, 8211, 8220, 8241, 8244, 8249, 8299].includes(code);
}

type CategoryFit = 'tool' | 'other' | 'unknown';

/** Whether an expense's category is where AI tools are booked, where they never are, or silent. */
export function categoryFit(category: string | undefined): CategoryFit {
  if (!category) return 'unknown';
  const words = tokens(category);
  const mcc = words.find((token) => /^\d{4}$/.test(token));
  if (mcc) {
    const code = Number(mcc);
    if (TOOL_MCCS.has(code)) return 'tool';
    if (otherMcc(code)) return 'other';
  }
  // "Computer Equipment" is goods, whatever the computer.
  if (words.some((token) => GOODS_CATEGORIES.has(token))) return 'other';
  if (words.some((token) => TOOL_CATEGORIES.has(token))) return 'tool';
  if (words.some((token) => OTHER_CATEGORIES.has(token))) return 'other';
  return 'unknown';
}

/**
 * An amount priced like a software plan: positive, at most 1,000, in whole units or with the
 * usual price endings (.99, .95, .50, .49, .90). A restaurant bill or a fuel stop rarely is.
 */
export function priceLike(amount: number | undefined): boolean {
  if (amount === undefined || !(amount > 0) || amount > 1000) return false;
  const cents = Math.round(amount * 100) % 100;
  return cents === 0 || cents === 99 || cents === 95 || cents === 50 || cents === 49 || cents === 90;
}
