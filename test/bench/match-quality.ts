/**
 * Matcher quality on the labelled corpora, per kind. fixtures/match-corpus guards against
 * regressions (the quality test asserts its thresholds); fixtures/match-corpus-holdout was never
 * used to tune the matcher or the catalog, and says how well it generalises. Its even records
 * ("dev") have been looked at for general rules; its odd records ("test") never.
 * fixtures/match-corpus-tail holds AI tools that were absent from the catalog when it was
 * written, and hard negatives; nobody tuning the matcher reads it, and this prints only its
 * figures. Its positives name their vendor and product instead of a catalog id (evaluateByName).
 * fixtures/match-probes holds probes of the long tail that helpers wrote before reading the
 * catalog, labelled by name only ("NOT-AI: …" for the hard negatives); they have been read since,
 * so they say how far the fixes they prompted went, not how well the matcher generalises.
 *
 *   npm run bench:match-quality
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { evaluate, evaluateByName, type KindScore, type LabelledRecord, type WrittenAgainst } from '../../src/matcher/evaluate.js';
import { compileMatcher } from '../../src/matcher/index.js';

const root = join(import.meta.dirname, '../../fixtures');
/** The records of a folder's JSONL files (not of its subfolders). */
const read = <T = LabelledRecord>(folder: string): T[] =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(root, folder, name), 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as T));

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const holdout = read('match-corpus-holdout');
const written: WrittenAgainst = {
  ids: new Set(readFileSync(join(root, 'match-corpus-holdout/catalog-ids-when-written.txt'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'))),
  entries: new Map(catalog.entries.map((entry) => [entry.id, { vendor: entry.vendor, product: entry.product }])),
};
const laterEntries = (m: typeof matcher, records: LabelledRecord[]) => evaluate(m, records, written);
const tail = read('match-corpus-tail');
const sets: [string, number, KindScore[]][] = [
  ['match-corpus (regression set)', ...scored(read('match-corpus'), evaluate)],
  ['holdout, dev half (inspected)', ...scored(holdout.filter((_, i) => i % 2 === 0), evaluate)],
  ['holdout, test half (never inspected)', ...scored(holdout.filter((_, i) => i % 2 === 1), evaluate)],
  ['holdout, dev half, entries added since it was written accepted', ...scored(holdout.filter((_, i) => i % 2 === 0), laterEntries)],
  ['holdout, test half, entries added since it was written accepted', ...scored(holdout.filter((_, i) => i % 2 === 1), laterEntries)],
  ['tail set (tools absent from the catalog at the start; never inspected)', ...scored(tail, evaluateByName)],
];
function scored(records: LabelledRecord[], score: (m: typeof matcher, records: LabelledRecord[]) => KindScore[]): [number, KindScore[]] {
  return [records.length, score(matcher, records)];
}
// Figures only: the records the matcher got wrong stay unprinted, so no set is read through this.
for (const [name, count, scores] of sets) {
  console.log(`\n${name}: ${count} records`);
  console.log('kind           records  precision  recall');
  for (const score of scores) {
    console.log(`${score.kind.padEnd(14)} ${String(score.records).padStart(7)}  ${score.precision.toFixed(3).padStart(9)}  ${score.recall.toFixed(3).padStart(6)}`);
  }
}

// The probes: AI records given a catalog entry, flagged at all (possible AI too), and negatives flagged.
interface ProbeRecord {
  kind: string;
  attributes: Record<string, unknown>;
  label: string;
}
for (const [title, folder] of [
  ['probes of the long tail, round 1 (fixtures/match-probes, read since they were written):', 'match-probes'],
  ['probes of the long tail, round 2 (fixtures/match-probes/round-2, read since they were written):', 'match-probes/round-2'],
  ['probes of the long tail, round 3 (fixtures/match-probes/round-3, read since they were written):', 'match-probes/round-3'],
  ['probes of the long tail, round 4 (fixtures/match-probes/round-4, read since they were written):', 'match-probes/round-4'],
  ['probes of the long tail, round 5 (fixtures/match-probes/round-5, read since they were written):', 'match-probes/round-5'],
] as const) {
  const probes = read<ProbeRecord>(folder);
  console.log(`\n${title}`);
  console.log('kind           AI records  catalog entry  flagged  negatives  flagged');
  for (const kind of [...new Set(probes.map((p) => p.kind))].sort()) {
    const verdicts = probes.filter((p) => p.kind === kind).map((p) => ({ negative: p.label.startsWith('NOT-AI'), result: matcher.match({ kind: p.kind, attributes: p.attributes } as never) }));
    const ai = verdicts.filter((v) => !v.negative);
    const negatives = verdicts.filter((v) => v.negative);
    const share = (n: number) => (n / ai.length).toFixed(3);
    const cells = [
      kind.padEnd(14),
      String(ai.length).padStart(10),
      share(ai.filter((v) => v.result.match?.catalogId).length).padStart(13),
      share(ai.filter((v) => v.result.flagged).length).padStart(7),
      String(negatives.length).padStart(9),
      String(negatives.filter((v) => v.result.flagged).length).padStart(7),
    ];
    console.log(cells.join('  '));
  }
}
