/**
 * One measured run in its own process (so its peak RSS is its own):
 *   baseline <root>   walk the tree and read every manifest file, nothing else
 *   scan <root>       unshadow's repository scan: parse, match
 * Prints one JSON line: { files, seconds, peakRssMb, aiDependencies }.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artefactKind, manifestKind } from '../../../connectors/manifests/index.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { scanRepository } from '../../../src/repo-scan/scan-repository.js';
import { walkRepository } from '../../../src/repo-scan/walk.js';

const [mode, root] = process.argv.slice(2);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const wanted = (path: string) => manifestKind(path) !== null || artefactKind(path) !== null;
let files = 0;
let aiDependencies = 0;
let started = performance.now();
if (mode === 'baseline') {
  for await (const path of walkRepository(root!, wanted)) {
    await readFile(join(root!, path), 'utf8');
    files++;
  }
} else {
  const catalog = loadCatalog();
  const matcher = compileMatcher(catalog);
  started = performance.now();
  const scan = await scanRepository(root!, matcher, catalog);
  files = scan.files;
  aiDependencies = scan.dependencies.filter((d) => d.match).length;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ files, seconds, peakRssMb: Math.round(peak / 1024 / 1024), aiDependencies })}\n`);
