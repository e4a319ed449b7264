/**
 * Benchmark: observations/s through scan (fetch and match) → inventory on the queue, with two
 * `unshadow worker` processes, on a generated source of 1,000,000 records; next to a raw
 * BullMQ baseline measured in the same run: the same number of jobs, processed by two worker
 * processes that do nothing.
 *
 *   npm run bench:pipeline               # 1,000,000 records in pages of 1,000
 *   npm run bench:pipeline -- 200000
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { getScan } from '../../src/inventory/scans.js';
import { cpuSecondsOf, cpuSecondsOfCommand } from './lib/scale/proc.js';
import { ROOT } from '../helpers/cli.js';
import { queueEnvironment, queueScan } from '../helpers/queue.js';
import { TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/services.js';

const records = Number(process.argv[2] ?? 1_000_000);
const pageSize = 1000;
const concurrency = 4;
const pages = Math.ceil(records / pageSize);
// The baseline carries every source page through a job of its own, plus the scan's two jobs:
// the least a queue pipeline that hands pages between workers has to do. (unshadow's own
// pipeline needs fewer jobs, since it hands pages on in batches; the comparison is with the
// work, not with its own job count.)
const jobs = 2 + pages;

function spawnAll(commands: string[][], env: Record<string, string> = {}): ChildProcess[] {
  return commands.map(([command, ...args]) => {
    const child = spawn(command!, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.pipe(process.stderr);
    return child;
  });
}

/** Resolves once the child has written `line` to its standard error: it listens for jobs. */
function ready(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(line)) {
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
  });
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
}

/**
 * Both sides are timed by polling every 5 ms. The baseline takes a few tenths of a second:
 * waitFor's default 100 ms steps rounded it up by as much as a third (runs of 0.27 s and 0.44 s
 * in one hour), which made the ratio look better than it was by as much.
 */
const POLL_MS = 5;

// Baseline: the same number of jobs through raw BullMQ with no-op processors, three times (the
// median counts): a run this short moves with whatever else the machine does that moment.
const prefix = uniquePrefix();
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('noop', { connection: redis, prefix });
const noopWorker = join(import.meta.dirname, 'lib/noop-worker.ts');
const baselineWorkers = spawnAll([0, 1].map(() => [process.execPath, '--import', 'tsx', noopWorker, TEST_REDIS_URL, prefix, 'noop', String(concurrency)]));
await Promise.all(baselineWorkers.map((worker) => ready(worker, 'noop worker: ready')));
const baselineRuns: number[] = [];
for (let run = 0; run < 3; run++) {
  const baselineStarted = performance.now();
  for (let start = 0; start < jobs; start += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - start) }, (_, i) => ({ name: 'noop', data: { i: start + i }, opts: { removeOnComplete: true } })));
  }
  await waitFor(async () => (await queue.getJobCounts('waiting', 'active', 'delayed')).waiting === 0 && (await queue.getActiveCount()) === 0, 600_000, 'the baseline jobs', POLL_MS);
  baselineRuns.push((performance.now() - baselineStarted) / 1000);
}
/** The middle one of three runs, by `seconds`. */
const middleOf = <T>(runs: T[], seconds: (run: T) => number): T => [...runs].sort((a, b) => seconds(a) - seconds(b))[1]!;
const baselineSeconds = middleOf(baselineRuns, (run) => run);
await stop(baselineWorkers);
await queue.obliterate({ force: true });
await queue.close();
redis.disconnect();

// unshadow: the real pipeline, two worker processes, three scans of the same size (each of a
// connection of its own, so each stores every record anew), the median counts, as the
// baseline's does. A single run moved by as much as a third with whatever else the machine did
// (2.7-3.8 s in one hour); the first run also pays for the workers' code being optimised.
const environment = await queueEnvironment(TEST_REDIS_URL);
const workers = spawnAll(
  [0, 1].map(() => [process.execPath, join(ROOT, 'bin/unshadow.js'), 'worker', '--concurrency', String(concurrency)]),
  { ...environment.env, UNSHADOW_LOG_LEVEL: 'error' },
);
// Timed from when both workers listen: loading the catalog and the modules is start-up, not pipeline.
await Promise.all(workers.map((worker) => ready(worker, 'unshadow worker: processing')));
// Where the time goes: the pipeline shares the machine's cores with Postgres and Redis.
const cpuAt = () => ({ workers: workers.map((worker) => cpuSecondsOf(worker.pid!)), postgres: cpuSecondsOfCommand('postgres'), redis: cpuSecondsOfCommand('redis-server') });
// Polled with the least query that tells: getScan read the whole scan row (counts, cursor,
// progress) two hundred times a second from the Postgres being timed.
const status = new pg.Client({ connectionString: environment.env.DATABASE_URL });
await status.connect();
const used = (after: number, before: number) => (after - before).toFixed(1);
const runs: { seconds: number; status: string; flagged: number; cpu: string }[] = [];
for (let run = 0; run < 3; run++) {
  const cpuBefore = cpuAt();
  const started = performance.now();
  const { scanId } = await queueScan(environment, `bench-${run + 1}`, { records, pageSize });
  await waitFor(async () => (await status.query<{ status: string }>('select status from scans where id = $1', [scanId])).rows[0]?.status !== 'running', 3_600_000, 'the scan', POLL_MS);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuAt();
  const scan = (await getScan(environment.db, scanId))!;
  runs.push({
    seconds,
    status: scan.status,
    flagged: scan.counts.flagged ?? 0,
    cpu: `workers ${cpuAfter.workers.map((after, i) => used(after, cpuBefore.workers[i]!)).join(' + ')}, Postgres ${used(cpuAfter.postgres, cpuBefore.postgres)}, Redis ${used(cpuAfter.redis, cpuBefore.redis)} (of ${seconds.toFixed(1)} s × ${availableParallelism()} cores)`,
  });
}
await status.end();
await stop(workers);
await environment.dispose();
const median = middleOf(runs, (run) => run.seconds);
const first = runs[0]!;

console.log(`\npipeline benchmark: ${records} records in ${pages} pages of ${pageSize}, ${jobs} jobs, two worker processes (concurrency ${concurrency} each)\n`);
console.log(`baseline: raw BullMQ no-op, one job per page  ${String(Math.round(jobs / baselineSeconds)).padStart(9)} jobs/s   ${baselineSeconds.toFixed(2).padStart(6)} s (median of ${baselineRuns.map((r) => r.toFixed(2)).join(', ')} s)`);
console.log(
  `unshadow scan+match→inventory                ${String(Math.round(pages / median.seconds)).padStart(9)} pages/s  ${median.seconds.toFixed(2).padStart(6)} s (median of ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s)   ${Math.round(records / median.seconds)} observations/s`,
);
for (const [i, run] of runs.entries()) console.log(`  scan ${i + 1}: ${run.status}, ${run.flagged} AI observations stored; CPU seconds meanwhile: ${run.cpu}`);
console.log(`\nthe pipeline takes ${(median.seconds / baselineSeconds).toFixed(1)}× the baseline's time for the same pages, medians of three (target ≤ 10×); the first scan, on workers that had run nothing yet, ${(first.seconds / baselineSeconds).toFixed(1)}×`);
process.exit(0);
