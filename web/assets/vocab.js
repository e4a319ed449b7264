/**
 * The words for every code (statuses, roles, categories, event types…), as the server says them:
 * GET /api/vocabulary serves src/domain/words.ts, the one source the CLI, the documents and the
 * API's messages use too. The console keeps no copy: each dictionary below starts empty and is
 * filled in place when the console starts, before any page renders, so pages import them as
 * they always did.
 */

export const STATUSES = {};
export const CATEGORIES = {};
export const SOURCES = {};
export const ROLES = {};
export const USE_DOMAINS = {};
/** Least to most severe, as the alert filter's minimum tier reads them. */
export const RISK_TIERS = {};
export const EXPOSURE_LEVELS = {};
export const EVENT_TYPES = {};
export const CONNECTION_KINDS = {};
export const CHANNELS = {};
export const CERTIFICATIONS = {};
export const IMPLEMENTATION = {};
export const INCIDENT_KINDS = {};
export const SEVERITIES = {};
export const INCIDENT_STATUSES = {};
export const DOCUMENTS = {};
export const SCAN_STATUSES = {};
export const ACCESS_ROLES = {};
export const ACCESS_ROLE_DESCRIPTIONS = {};
export const DELIVERY_STATUSES = {};
export const SCHEDULE_PRESETS = {};
export const WEEKDAYS = {};

const DICTIONARIES = {
  STATUSES,
  CATEGORIES,
  SOURCES,
  ROLES,
  USE_DOMAINS,
  RISK_TIERS,
  EXPOSURE_LEVELS,
  EVENT_TYPES,
  CONNECTION_KINDS,
  CHANNELS,
  CERTIFICATIONS,
  IMPLEMENTATION,
  INCIDENT_KINDS,
  SEVERITIES,
  INCIDENT_STATUSES,
  DOCUMENTS,
  SCAN_STATUSES,
  ACCESS_ROLES,
  ACCESS_ROLE_DESCRIPTIONS,
  DELIVERY_STATUSES,
  SCHEDULE_PRESETS,
  WEEKDAYS,
};

/** Fills every dictionary from the served vocabulary (a dictionary the server does not send stays empty). */
export function useVocabulary(words) {
  for (const [name, dictionary] of Object.entries(DICTIONARIES)) {
    for (const key of Object.keys(dictionary)) delete dictionary[key];
    Object.assign(dictionary, words?.[name] ?? {});
  }
}

/** Asks the server for its words; no sign-in is needed, and the browser revalidates its cached copy. */
export async function loadVocabulary() {
  const response = await fetch('/api/vocabulary', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the server did not send the console its words (it answered ${response.status})`);
  useVocabulary(await response.json());
}

/** The label for a code, or the code itself when the server knows a word the console does not. */
export function label(words, code) {
  return words[code] ?? String(code ?? '');
}
