/**
 * Matcher quality on both labelled corpora, per kind. fixtures/match-corpus guards against
 * regressions (the quality test asserts its thresholds); fixtures/match-corpus-holdout was never
 * used to tune the matcher or the catalog, and says how well it generalises. Its even records
 * ("dev") have been looked at for general rules; its odd records ("test") never.
 *
 *   npm run bench:match-quality
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { evaluate, type LabelledRecord } from '../../src/matcher/evaluate.js';
import { compileMatcher } from '../../src/matcher/index.js';

const root = join(import.meta.dirname, '../../fixtures');
const read = (folder: string): LabelledRecord[] =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(root, folder, name), 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as LabelledRecord));

const matcher = compileMatcher(loadCatalog());
const holdout = read('match-corpus-holdout');
const sets: [string, LabelledRecord[]][] = [
  ['match-corpus (regression set)', read('match-corpus')],
  ['holdout, dev half (inspected)', holdout.filter((_, i) => i % 2 === 0)],
  ['holdout, test half (never inspected)', holdout.filter((_, i) => i % 2 === 1)],
];
for (const [name, records] of sets) {
  console.log(`\n${name}: ${records.length} records`);
  console.log('kind           records  precision  recall');
  for (const score of evaluate(matcher, records)) {
    console.log(`${score.kind.padEnd(14)} ${String(score.records).padStart(7)}  ${score.precision.toFixed(3).padStart(9)}  ${score.recall.toFixed(3).padStart(6)}`);
  }
}
