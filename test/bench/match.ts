/**
 * Benchmark: the matcher on one core over 1,000,000 mixed observations, next to a baseline
 * measured in the same run: JSON-parsing the same input lines (what `unshadow match` does
 * before matching). Targets: ≥ 500,000 observations/s, and matching at least 0.75× as fast as
 * the parsing baseline. It also reports the heap the compiled matcher holds (catalog indexes
 * and the registry index it reads at compile time), measured after garbage collection: the
 * script runs itself again under `node --expose-gc` when started without it.
 *
 *   npm run bench:match            # 1,000,000 observations
 *   npm run bench:match -- 200000
 */
import { spawnSync } from 'node:child_process';
import { loadCatalog } from '../../src/catalog/load.js';
import type { MatchInput } from '../../src/domain/observation.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { generateObservations } from './lib/generate-observations.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  // The heap can only be measured after a forced collection: run again under --expose-gc.
  const run = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
const count = Number(process.argv[2] ?? 1_000_000);
const heapAfterGc = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const catalog = loadCatalog();
const lines = generateObservations(count).map((observation) => JSON.stringify(observation));
const parsed: MatchInput[] = lines.map((line) => JSON.parse(line) as MatchInput);
// The matcher compiles each kind on first use: one record of every kind compiles all of them,
// so neither the memory below nor a timed round leaves any compiling out or in.
const oneOfEachKind = [...new Map(parsed.map((observation) => [observation.kind, observation])).values()];
const compiled = () => {
  const matcher = compileMatcher(catalog);
  for (const observation of oneOfEachKind) matcher.match(observation);
  return matcher;
};
const heapBefore = heapAfterGc();
const compileStarted = performance.now();
const measured = compiled();
const compileMs = performance.now() - compileStarted;
const matcherBytes = heapAfterGc() - heapBefore;
// Keeps the measured matcher alive until after the second reading.
if (!measured.catalogVersion) throw new Error('no catalog version');

function time(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

// Three rounds each, the median kept. Every matching round gets a freshly compiled matcher, so
// no round profits from verdicts a previous round remembered (the one record of each kind that
// compiled it is remembered, a handful among a million).
let flagged = 0;
const parseTimes: number[] = [];
const matchTimes: number[] = [];
for (let round = 0; round < 3; round++) {
  parseTimes.push(time(() => {
    for (const line of lines) JSON.parse(line);
  }));
  const matcher = compiled();
  matchTimes.push(time(() => {
    flagged = 0;
    for (const observation of parsed) if (matcher.match(observation).flagged) flagged++;
  }));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
const runs = { parse: median(parseTimes), match: median(matchTimes) };
const rate = (seconds: number) => Math.round(count / seconds);
console.log(`\nmatch benchmark: ${count} mixed observations, one core, ${catalog.entries.length} catalog entries (compiled in ${compileMs.toFixed(0)} ms)\n`);
console.log(`baseline JSON.parse   ${String(rate(runs.parse)).padStart(10)} obs/s   ${(runs.parse * 1000).toFixed(0).padStart(6)} ms`);
console.log(`matcher               ${String(rate(runs.match)).padStart(10)} obs/s   ${(runs.match * 1000).toFixed(0).padStart(6)} ms   (${flagged} flagged)`);
console.log(`compiled matcher      ${(matcherBytes / 1024 / 1024).toFixed(1).padStart(10)} MB heap after GC (catalog indexes and the registry index)`);
const speed = runs.parse / runs.match;
console.log(`\ntarget ≥ 500,000 obs/s: ${rate(runs.match)} ${rate(runs.match) >= 500_000 ? 'met' : 'NOT met'}`);
console.log(`target matching ≥ 0.75× the JSON.parse baseline's speed: ${speed.toFixed(2)}× ${speed >= 0.75 ? 'met' : 'NOT met'}`);
