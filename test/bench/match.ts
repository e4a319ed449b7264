/**
 * Benchmark: the matcher on one core over 1,000,000 mixed observations, next to a baseline
 * measured in the same run: JSON-parsing the same input lines (what `unshadow match` does
 * before matching). Targets (the matcher issue): ≥ 500,000 observations/s, and matching costs
 * no more than the parsing baseline.
 *
 *   npm run bench:match            # 1,000,000 observations
 *   npm run bench:match -- 200000
 */
import { loadCatalog } from '../../src/catalog/load.js';
import type { MatchInput } from '../../src/domain/observation.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { generateObservations } from './lib/generate-observations.js';

const count = Number(process.argv[2] ?? 1_000_000);
const catalog = loadCatalog();
const compileStarted = performance.now();
compileMatcher(catalog);
const compileMs = performance.now() - compileStarted;
const lines = generateObservations(count).map((observation) => JSON.stringify(observation));

function time(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

// Three rounds each, the median kept. Every matching round gets a freshly compiled matcher, so
// no round profits from verdicts a previous round remembered.
const parsed: MatchInput[] = lines.map((line) => JSON.parse(line) as MatchInput);
let flagged = 0;
const parseTimes: number[] = [];
const matchTimes: number[] = [];
for (let round = 0; round < 3; round++) {
  parseTimes.push(time(() => {
    for (const line of lines) JSON.parse(line);
  }));
  const matcher = compileMatcher(catalog);
  matchTimes.push(time(() => {
    flagged = 0;
    for (const observation of parsed) if (matcher.match(observation).flagged) flagged++;
  }));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
const runs = { parse: median(parseTimes), match: median(matchTimes) };
const rate = (seconds: number) => Math.round(count / seconds);
console.log(`\nmatch benchmark: ${count} mixed observations, one core (catalog compiled in ${compileMs.toFixed(0)} ms)\n`);
console.log(`baseline JSON.parse   ${String(rate(runs.parse)).padStart(10)} obs/s   ${(runs.parse * 1000).toFixed(0).padStart(6)} ms`);
console.log(`matcher               ${String(rate(runs.match)).padStart(10)} obs/s   ${(runs.match * 1000).toFixed(0).padStart(6)} ms   (${flagged} flagged)`);
console.log(`\ntarget ≥ 500,000 obs/s: ${rate(runs.match)} ${rate(runs.match) >= 500_000 ? 'met' : 'NOT met'}`);
console.log(`target match time ≤ parse time: ${(runs.match / runs.parse).toFixed(2)}× the baseline ${runs.match <= runs.parse ? 'met' : 'NOT met'}`);
