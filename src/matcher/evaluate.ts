import type { MatchInput, ObservationKind } from '../domain/observation.js';
import type { Matcher } from './index.js';
import { tokens } from './normalise.js';

/** One labelled record of a quality corpus: what the matcher should say of it. */
export interface LabelledRecord {
  kind: ObservationKind;
  attributes: Record<string, unknown>;
  /** `vendor` and `product` name a positive of the tail set, written before the catalog knew it. */
  expected: { flagged: boolean; catalogId: string | null; alternatives?: string[]; vendor?: string; product?: string };
  note?: string;
  hard?: boolean;
}

export interface KindScore {
  kind: string;
  records: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** Every record the matcher got wrong, with what it said and what was expected. */
  errors: { record: LabelledRecord; predicted: string | null }[];
}

/** "unknown" stands for possible AI from an unknown vendor: flagged, no catalog entry. */
const verdictOf = (flagged: boolean, catalogId: string | null | undefined) => (flagged ? (catalogId ?? 'unknown') : null);

/** Words two names of one product can share without being the same product. */
const GENERIC_WORDS = new Set(['AI', 'THE', 'INC', 'LLC', 'LTD', 'CORP', 'CO', 'APP', 'APPS', 'LABS', 'LAB', 'TECHNOLOGIES', 'TECHNOLOGY', 'SOFTWARE', 'PLATFORM', 'FOR', 'AND', 'OF', 'HQ', 'IO']);
const words = (text: string | undefined) => new Set(tokens(text ?? '').filter((token) => token.length >= 2 && !GENERIC_WORDS.has(token)));

/**
 * The catalog a corpus's labels were written against, for scoring it after the catalog has grown.
 * An entry added since then cannot be in a label: a positive labelled with no entry (an AI tool
 * the catalog did not know) that the matcher now gives the new entry naming that tool is right,
 * and so is a new entry of the labelled entry's vendor that is more specific than it (an SDK
 * module that has an entry of its own now). Both must be read from the labels, never guessed:
 * the new entry must share a word with the label's note, or have the labelled entry's vendor.
 */
export interface WrittenAgainst {
  /** Catalog ids that existed when the corpus was written. */
  ids: ReadonlySet<string>;
  /** Vendor and product of every entry of today's catalog, by id. */
  entries: ReadonlyMap<string, { vendor: string; product: string }>;
}

/** Words of a note that say what a label is about, not whether the catalog had it. */
const NOTE_WORDS = new Set(['NOT', 'NO', 'IN', 'CATALOG', 'ENTRY', 'ENTRIES']);

function laterEntryIsRight(predicted: string, record: LabelledRecord, written: WrittenAgainst): boolean {
  const entry = written.entries.get(predicted);
  if (!entry || written.ids.has(predicted)) return false;
  if (record.expected.catalogId) return written.entries.get(record.expected.catalogId)?.vendor === entry.vendor;
  const note = new Set([...words(record.note)].filter((word) => !NOTE_WORDS.has(word)));
  return [...words(entry.vendor), ...words(entry.product)].some((word) => note.has(word));
}

/**
 * Precision and recall per kind. A hit is a flagged record whose catalog id is the expected one
 * (or an accepted alternative, or with `written`, an entry added since the labels were written
 * that names the labelled tool); a flagged record with another id counts as a false positive and
 * a false negative, as a reviewer would see both a wrong entry and a missing one.
 */
export function evaluate(matcher: Matcher, records: LabelledRecord[], written?: WrittenAgainst): KindScore[] {
  const scores = new Map<string, KindScore>();
  for (const record of records) {
    let score = scores.get(record.kind);
    if (!score) {
      score = { kind: record.kind, records: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1, errors: [] };
      scores.set(record.kind, score);
    }
    score.records++;
    const result = matcher.match({ kind: record.kind, attributes: record.attributes } as MatchInput);
    const predicted = verdictOf(result.flagged, result.match?.catalogId);
    const expected = verdictOf(record.expected.flagged, record.expected.catalogId);
    const accepted = expected === null ? [] : [expected, ...(record.expected.alternatives ?? [])];
    const acceptedNow = predicted !== null && expected !== null && written !== undefined && laterEntryIsRight(predicted, record, written);
    const correct = predicted === expected || (predicted !== null && accepted.includes(predicted)) || acceptedNow;
    if (predicted !== null && correct) score.truePositives++;
    if (predicted !== null && !correct) score.falsePositives++;
    if (expected !== null && !correct) score.falseNegatives++;
    if (!correct) score.errors.push({ record, predicted });
  }
  for (const score of scores.values()) {
    const flagged = score.truePositives + score.falsePositives;
    const relevant = score.truePositives + score.falseNegatives;
    score.precision = flagged === 0 ? 1 : score.truePositives / flagged;
    score.recall = relevant === 0 ? 1 : score.truePositives / relevant;
  }
  return [...scores.values()];
}

/**
 * Scores of a set whose positives name their tool instead of a catalog id (the tools were absent
 * from the catalog when it was written). A positive is found when it is flagged and either left
 * as possible AI or given an entry whose vendor or product shares a word (case-insensitive, not
 * a generic one) with the expected vendor or product; given another entry, it counts as a false
 * positive and a false negative, as in `evaluate`. A negative is a false positive when flagged.
 */
export function evaluateByName(matcher: Matcher, records: LabelledRecord[]): KindScore[] {
  const scores = new Map<string, KindScore>();
  for (const record of records) {
    let score = scores.get(record.kind);
    if (!score) {
      score = { kind: record.kind, records: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1, errors: [] };
      scores.set(record.kind, score);
    }
    score.records++;
    const result = matcher.match({ kind: record.kind, attributes: record.attributes } as MatchInput);
    const predicted = verdictOf(result.flagged, result.match?.catalogId);
    if (!record.expected.flagged) {
      if (predicted !== null) {
        score.falsePositives++;
        score.errors.push({ record, predicted });
      }
      continue;
    }
    const expected = new Set([...words(record.expected.vendor), ...words(record.expected.product)]);
    const named = result.match?.catalogId ? [...words(result.match.vendor), ...words(result.match.product)].some((word) => expected.has(word)) : true;
    if (predicted !== null && named) score.truePositives++;
    else {
      if (predicted !== null) score.falsePositives++;
      score.falseNegatives++;
      score.errors.push({ record, predicted });
    }
  }
  for (const score of scores.values()) {
    const flagged = score.truePositives + score.falsePositives;
    const relevant = score.truePositives + score.falseNegatives;
    score.precision = flagged === 0 ? 1 : score.truePositives / flagged;
    score.recall = relevant === 0 ? 1 : score.truePositives / relevant;
  }
  return [...scores.values()];
}
