/**
 * V8 settings of every unshadow process (the CLI, the worker, the API server): imported first by
 * the CLI's entry, so they hold before anything else runs.
 *
 * No allocation-site pretenuring. V8 moves an allocation site to old space once most of its
 * objects survive a young collection. A streaming import's per-line objects (records, fields,
 * lines) can look like that, most likely while the first lines are matched, which allocates a
 * lot while a batch of lines is still alive. Once they were pretenured, every line's garbage went
 * to old space and a full collection ran every second (--trace-gc). Which runs it hit was chance:
 * - a 10M-line network log import peaked at 324–334 MB and ran up to 1.7× as long when it did,
 *   193–219 MB when it did not; with pretenuring off, thirteen runs of 10M and 50M lines peaked
 *   at 187–220 MB, and in interleaved runs it was never slower;
 * - a 5M-row expense import (the child of bench:import-expenses, run with and without the flag
 *   on node's command line) peaked at 317–324 MB in 23.3–23.4 s with it, 219–240 MB in
 *   20.7–22.7 s without.
 * `npm run bench:import-network -- 10000000 --compare-pretenuring` measures it again, one run
 * each way; since the bad mode is chance, one run may not show it.
 * It costs start-up nothing measurable: bench:cli's `--help` took 1.51× `node -e 0` before it and
 * 1.49× after.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');

/**
 * Old space may grow to this much above what the last full collection kept before the next one.
 * V8's own factor is chosen per collection, from 1.1 to 4: in a long streaming import the
 * garbage that outlives young collections (the batch of lines being read when one runs) piled
 * up between full collections as chance had them. bench:import-network's import of 50M lines
 * peaked at 251-320 MB in four runs; with 50%, at 214-224 MB in six (and 210-220 MB at 10M
 * lines, where runs had peaked at 243-272 MB), at the same speed (0.89-1.10× the baseline at
 * 50M, 0.66-0.78× at 10M, as before).
 */
const HEAP_GROWING_PERCENT = 50;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
