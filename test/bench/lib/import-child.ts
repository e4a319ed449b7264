/**
 * One measured run, in its own process so its peak RSS is its own:
 *   baseline <file>            plain csv-parse over the file, counting records
 *   import <file> <databaseUrl> unshadow's expense import into Postgres
 * Prints one JSON line: { rows, seconds, peakRssMb }.
 * V8's flags are set as for every unshadow process (src/v8-flags.ts).
 */
import '../../../src/v8-flags.js';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { loadCatalog } from '../../../src/catalog/load.js';
import { openDatabase } from '../../../src/db/client.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { importExpenses } from '../../../src/pipeline/import-expenses.js';

const [mode, file, databaseUrl] = process.argv.slice(2);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

let rows = 0;
let seconds = 0;
if (mode === 'baseline') {
  const started = performance.now();
  const parser = createReadStream(file!).pipe(parse());
  for await (const _ of parser) rows++;
  rows -= 1;
  seconds = (performance.now() - started) / 1000;
} else {
  const matcher = compileMatcher(loadCatalog());
  const database = await openDatabase({ databaseUrl, pgliteDir: '' });
  const started = performance.now();
  const result = await importExpenses(database, matcher, file!, { connection: 'bench' });
  seconds = (performance.now() - started) / 1000;
  rows = result.rows;
  await database.close();
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ rows, seconds, peakRssMb: Math.round(peak / 1024 / 1024) })}\n`);
