/**
 * Benchmark: expense import into Postgres against plain csv-parse on the same file, both
 * measured in this run. Targets (the foundation issue): import rows/s ≥ 0.6 × baseline, peak
 * RSS < 300 MB, and no growth from 1M to 5M rows.
 *
 *   npm run bench:import-expenses              # 1M and 5M rows
 *   npm run bench:import-expenses -- 200000    # custom sizes
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../helpers/databases.js';
import { generateExpenseCsv } from './lib/generate-expenses.js';

interface Run {
  rows: number;
  seconds: number;
  peakRssMb: number;
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1_000_000, 5_000_000);
const child = join(import.meta.dirname, 'lib/import-child.ts');
const run = (...args: string[]): Run =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Run;

const dir = mkdtempSync(join(tmpdir(), 'unshadow-bench-'));
const results: { size: number; mb: number; baseline: Run; imported: Run }[] = [];
try {
  for (const size of sizes) {
    const file = join(dir, `expenses-${size}.csv`);
    await generateExpenseCsv(file, size);
    const baseline = run('baseline', file);
    const database = await createPostgresDatabase();
    try {
      const imported = run('import', file, database.url);
      results.push({ size, mb: Math.round(statSync(file).size / 1024 / 1024), baseline, imported });
    } finally {
      await database.drop();
    }
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rate = (r: Run) => Math.round(r.rows / r.seconds);
console.log('\nimport-expenses benchmark (Postgres; baseline = plain csv-parse over the same file, same run)\n');
console.log('rows        file MB  baseline rows/s  import rows/s  ratio  baseline RSS MB  import peak RSS MB');
for (const r of results) {
  const ratio = rate(r.imported) / rate(r.baseline);
  console.log(
    `${String(r.size).padEnd(11)} ${String(r.mb).padStart(7)}  ${String(rate(r.baseline)).padStart(15)}  ${String(rate(r.imported)).padStart(13)}  ${ratio.toFixed(2).padStart(5)}  ${String(r.baseline.peakRssMb).padStart(15)}  ${String(r.imported.peakRssMb).padStart(18)}`,
  );
}
const worstRatio = Math.min(...results.map((r) => rate(r.imported) / rate(r.baseline)));
const peak = Math.max(...results.map((r) => r.imported.peakRssMb));
console.log(`\ntarget ratio ≥ 0.60: ${worstRatio.toFixed(2)} ${worstRatio >= 0.6 ? 'met' : 'NOT met'}`);
console.log(`target peak RSS < 300 MB: ${peak} MB ${peak < 300 ? 'met' : 'NOT met'}`);
if (results.length > 1) {
  const growth = results.at(-1)!.imported.peakRssMb - results[0]!.imported.peakRssMb;
  console.log(`RSS growth from ${results[0]!.size} to ${results.at(-1)!.size} rows: ${growth} MB`);
}
