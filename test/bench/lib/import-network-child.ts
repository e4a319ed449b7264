/**
 * One measured run, in its own process so its peak RSS is its own:
 *   baseline <file>             read and split the file with the same parser, counting records
 *   import <file> <databaseUrl>  unshadow's network import into Postgres
 *   import-pretenuring <file> <databaseUrl>  the same with V8's allocation-site pretenuring back on
 * Prints one JSON line: { lines, seconds, peakRssMb }.
 * V8's flags are set as for every unshadow process (src/v8-flags.ts).
 */
import '../../../src/v8-flags.js';
import { setFlagsFromString } from 'node:v8';
import { openNetworkLog } from '../../../connectors/network/index.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import { openDatabase } from '../../../src/db/client.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { importNetwork } from '../../../src/pipeline/import-network.js';

const [mode, file, databaseUrl] = process.argv.slice(2);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

let lines = 0;
let records = 0;
let seconds = 0;
let extra: Record<string, number> = {};
if (mode === 'baseline') {
  const started = performance.now();
  const log = await openNetworkLog(file!);
  for await (const batch of log.batches()) {
    lines += batch.lines;
    records += batch.records.length;
  }
  seconds = (performance.now() - started) / 1000;
} else {
  // What src/v8-flags.ts switches off, back on: its figures can be measured again this way.
  if (mode === 'import-pretenuring') setFlagsFromString('--allocation-site-pretenuring');
  const matcher = compileMatcher(loadCatalog());
  const database = await openDatabase({ databaseUrl, pgliteDir: '' });
  const started = performance.now();
  const result = await importNetwork(database, matcher, [file!], { connection: 'bench' });
  seconds = (performance.now() - started) / 1000;
  lines = result.lines;
  records = result.records;
  extra = { matched: result.matched, observations: result.observationsNew, systems: result.systemsNew, parts: result.files[0]!.parts, threads: result.files[0]!.threads };
  await database.close();
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ lines, records, seconds, peakRssMb: Math.round(peak / 1024 / 1024), ...extra })}\n`);
