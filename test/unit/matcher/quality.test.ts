import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import { evaluate, type LabelledRecord } from '../../../src/matcher/evaluate.js';
import { compileMatcher } from '../../../src/matcher/index.js';

/**
 * The matcher's quality on the regression corpus (fixtures/match-corpus, README there): written
 * independently of the matcher, then extended with a tuning case for every rule; it stays at
 * precision and recall 1.000 for every kind, so any record a change gets wrong is a regression.
 */
const CORPUS = join(import.meta.dirname, '../../../fixtures/match-corpus');
const records: LabelledRecord[] = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.jsonl'))
  .flatMap((name) =>
    readFileSync(join(CORPUS, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as LabelledRecord),
  );
const scores = evaluate(compileMatcher(loadCatalog()), records);

describe('matcher quality on the labelled corpus', () => {
  it('has at least 600 records across all five kinds, 40% of them negatives', () => {
    expect(records.length).toBeGreaterThanOrEqual(600);
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['expense', 'oauth_grant', 'licence', 'dependency', 'app_install']));
    expect(records.filter((r) => !r.expected.flagged).length / records.length).toBeGreaterThanOrEqual(0.4);
  });

  it.each(scores.map((score) => [score.kind, score] as const))('%s: precision and recall 1.000', (_, score) => {
    const figures = `${score.kind}: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} over ${score.records} records`;
    const wrong = score.errors.map((e) => `  ${JSON.stringify(e.record.attributes).slice(0, 120)} → ${e.predicted ?? 'not AI'}, expected ${e.record.expected.catalogId ?? (e.record.expected.flagged ? 'unknown' : 'not AI')}`);
    console.log(figures);
    expect(score.precision, `${figures}\n${wrong.join('\n')}`).toBe(1);
    expect(score.recall, `${figures}\n${wrong.join('\n')}`).toBe(1);
  });
});
