/**
 * Benchmark: network log import into Postgres against reading and splitting the same file with
 * the same parser, both measured in this run (issue 17). Targets: import lines/s ≥ 0.7 ×
 * baseline, peak RSS < 300 MB, and no growth from 10M to 50M lines.
 *
 * The import reads a large plain file in pieces, one thread per core (src/pipeline/network-pieces.ts);
 * the baseline reads it in one thread, as a reader of the file alone would. The table says how many
 * pieces and threads the import read the file in.
 *
 * Each size is measured three times (--repeat), each import right after a baseline run, and the
 * ratio is the median of the pairs' ratios: on a shared 2-core machine the speed of both sides
 * drifts by ±10% from one minute to the next, and a pair shares its minute. The lines/s columns
 * are each side's median; the peak RSS is the highest of the runs.
 *
 *   npm run bench:import-network              # 10M lines
 *   npm run bench:import-network -- 10000000 50000000
 *   npm run bench:import-network -- 10000000 --repeat 5
 *   npm run bench:import-network -- 10000000 --compare-pretenuring   # also with V8's pretenuring on (src/v8-flags.ts)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';
import { createPostgresDatabase } from '../helpers/databases.js';
import { generateProxyLog } from './lib/generate-proxy-log.js';

interface Run {
  lines: number;
  records: number;
  seconds: number;
  peakRssMb: number;
  matched?: number;
  observations?: number;
  systems?: number;
  parts?: number;
  threads?: number;
}

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt === -1 ? 3 : Number(args.splice(repeatAt, 2)[1]);
if (!(repeat >= 1)) throw new Error('--repeat takes a number of runs, 1 or more');
const sizes = args.map(Number).filter((n) => n > 0);
const comparePretenuring = args.includes('--compare-pretenuring');
if (sizes.length === 0) sizes.push(10_000_000);
// Both runs are of the child bundled as the CLI is (scripts/bundle-options.mjs), not through tsx:
// tsx's loader holds some 70 MB that no user's import does. Bundled under node_modules/.cache so
// that it resolves the packages and finds the catalog as the build does.
const child = join(import.meta.dirname, '../../node_modules/.cache/unshadow-bench/import-network-child.js');
await build({
  ...bundleOptions,
  // The worker thread that reads part of a large file, beside the child as the build puts it beside the CLI.
  entryPoints: { 'import-network-child': join(import.meta.dirname, 'lib/import-network-child.ts'), 'network-range-worker': join(import.meta.dirname, '../../src/pipeline/network-range-worker.ts') },
  outdir: dirname(child),
  splitting: true,
  logLevel: 'warning',
});
const run = (...args: string[]): Run =>
  JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 })) as Run;

const dir = mkdtempSync(join(tmpdir(), 'unshadow-bench-'));
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const rate = (r: Run) => Math.round(r.lines / r.seconds);
/** The runs of one side summed up: median time, highest peak RSS. */
function summarise(runs: Run[]): Run {
  return { ...runs[0]!, seconds: median(runs.map((r) => r.seconds)), peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
}
const results: { size: number; mb: number; baseline: Run; imported: Run; ratios: number[]; pretenured?: Run }[] = [];
try {
  for (const size of sizes) {
    const file = join(dir, `access-${size}.log`);
    const generated = performance.now();
    await generateProxyLog(file, size);
    process.stderr.write(`generated ${size} lines in ${((performance.now() - generated) / 1000).toFixed(0)} s\n`);
    const baselines: Run[] = [];
    const imports: Run[] = [];
    for (let i = 0; i < repeat; i++) {
      baselines.push(run('baseline', file));
      const database = await createPostgresDatabase();
      try {
        imports.push(run('import', file, database.url));
      } finally {
        await database.drop();
      }
      process.stderr.write(`${size} lines, run ${i + 1} of ${repeat}: ${(rate(imports[i]!) / rate(baselines[i]!)).toFixed(2)}× the baseline's lines/s, import peak RSS ${imports[i]!.peakRssMb} MB\n`);
    }
    results.push({ size, mb: Math.round(statSync(file).size / 1024 / 1024), baseline: summarise(baselines), imported: summarise(imports), ratios: imports.map((r, i) => rate(r) / rate(baselines[i]!)) });
    if (comparePretenuring) {
      const again = await createPostgresDatabase();
      try {
        results.at(-1)!.pretenured = run('import-pretenuring', file, again.url);
      } finally {
        await again.drop();
      }
    }
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nimport-network benchmark (Squid native access.log, ~1% AI; Postgres; baseline = read and split the same file with the same parser, same run; ratio = median of ${repeat} pairs' ratios)\n`);
console.log('lines        file MB  baseline lines/s  import lines/s  ratio  baseline RSS MB  import peak RSS MB  matched  observations  pieces  threads');
for (const r of results) {
  const ratio = median(r.ratios);
  console.log(
    `${String(r.size).padEnd(12)} ${String(r.mb).padStart(7)}  ${String(rate(r.baseline)).padStart(16)}  ${String(rate(r.imported)).padStart(14)}  ${ratio.toFixed(2).padStart(5)}  ${String(r.baseline.peakRssMb).padStart(15)}  ${String(r.imported.peakRssMb).padStart(18)}  ${String(r.imported.matched).padStart(7)}  ${String(r.imported.observations).padStart(12)}  ${String(r.imported.parts).padStart(6)}  ${String(r.imported.threads).padStart(7)}`,
  );
}
for (const r of results) if (r.ratios.length > 1) console.log(`${r.size} lines, ratio of each run: ${r.ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`);
for (const r of results) {
  if (!r.pretenured) continue;
  // One run each: which mode pretenuring falls into is chance, so one run may look like the other.
  console.log(
    `${r.size} lines with V8's pretenuring back on: ${rate(r.pretenured)} lines/s (${(rate(r.pretenured) / rate(r.baseline)).toFixed(2)}×), peak RSS ${r.pretenured.peakRssMb} MB, against ${r.imported.peakRssMb} MB off`,
  );
}
const worstRatio = Math.min(...results.map((r) => median(r.ratios)));
const peak = Math.max(...results.map((r) => r.imported.peakRssMb));
console.log(`\ntarget ratio ≥ 0.70: ${worstRatio.toFixed(2)} ${worstRatio >= 0.7 ? 'met' : 'NOT met'}`);
console.log(`target peak RSS < 300 MB: ${peak} MB ${peak < 300 ? 'met' : 'NOT met'}`);
if (results.length > 1) {
  const growth = results.at(-1)!.imported.peakRssMb - results[0]!.imported.peakRssMb;
  console.log(`RSS growth from ${results[0]!.size} to ${results.at(-1)!.size} lines: ${growth} MB`);
}
