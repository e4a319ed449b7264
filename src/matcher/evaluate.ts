import type { MatchInput, ObservationKind } from '../domain/observation.js';
import type { Matcher } from './index.js';

/** One labelled record of a quality corpus: what the matcher should say of it. */
export interface LabelledRecord {
  kind: ObservationKind;
  attributes: Record<string, unknown>;
  expected: { flagged: boolean; catalogId: string | null; alternatives?: string[] };
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

/**
 * Precision and recall per kind. A hit is a flagged record whose catalog id is the expected one
 * (or an accepted alternative); a flagged record with another id counts as a false positive and
 * a false negative, as a reviewer would see both a wrong entry and a missing one.
 */
export function evaluate(matcher: Matcher, records: LabelledRecord[]): KindScore[] {
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
    const correct = predicted === expected || (predicted !== null && accepted.includes(predicted));
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
