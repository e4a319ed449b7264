/**
 * Benchmark: how fast the compiled CLI answers, against `node -e 0` measured in the same run.
 * Targets (issue #18): `unshadow --help` at most 3× `node -e 0`; `unshadow inventory list --json`
 * on the demo's embedded database under 0.6 s, with its peak RSS reported.
 *
 *   npm run bench:cli            # 9 runs of each, medians
 *   npm run bench:cli -- 15
 *
 * It runs bin/unshadow.js as a user would, after building dist/ when the build is missing or
 * older than the sources (the bin would run the sources otherwise), on a demo database it makes
 * in a temporary folder. The runs of the three commands take turns, so a machine whose load
 * changes during the run weighs on each alike; CPU time is shown beside wall time for that too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIsCurrent } from '../../bin/current-build.js';

interface Sample {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/unshadow.js');
const REPORT = join(import.meta.dirname, 'lib/resource-report.cjs');
const runs = Number(process.argv[2]) || 9;

if (!buildIsCurrent(ROOT)) {
  console.log('dist/ is missing or older than the sources: building it first (npm run build)');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

/** One process: wall time around it, its own CPU time and peak RSS from resource-report.cjs. */
function measure(args: string[], env: Record<string, string> = {}): Sample & { stdout: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', REPORT, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const usage = JSON.parse(child.output[3] as string) as { cpuUs: number; maxRssKb: number };
  return { wallS, cpuS: usage.cpuUs / 1e6, rssMb: usage.maxRssKb / 1024, stdout: child.stdout };
}

const home = mkdtempSync(join(tmpdir(), 'unshadow-bench-cli-'));
try {
  console.log('preparing the demo database (unshadow demo)…');
  execFileSync(process.execPath, [BIN, 'demo'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', UNSHADOW_HOME: home }, stdio: 'ignore' });
  const demo = { UNSHADOW_HOME: join(home, 'demo') };

  const commands = [
    { name: 'node -e 0', args: ['-e', '0'], env: {} },
    { name: 'unshadow --help', args: [BIN, '--help'], env: {} },
    { name: 'unshadow inventory list --json', args: [BIN, 'inventory', 'list', '--json'], env: demo },
  ];
  const systems = (JSON.parse(measure(commands[2]!.args, demo).stdout) as unknown[]).length;
  for (const command of commands) measure(command.args, command.env);
  const loadBefore = loadavg()[0]!;
  const samples = commands.map(() => [] as Sample[]);
  for (let round = 0; round < runs; round++) commands.forEach((command, i) => samples[i]!.push(measure(command.args, command.env)));
  const loadAfter = loadavg()[0]!;
  if (!buildIsCurrent(ROOT)) {
    console.error('\nthe sources changed during the run, so some runs may have been of the sources, not of the build: run it again');
    process.exitCode = 1;
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const medians = samples.map((list) => ({ wallS: median(list.map((s) => s.wallS)), cpuS: median(list.map((s) => s.cpuS)), peakRssMb: Math.max(...list.map((s) => s.rssMb)) }));
  const [node, help, list] = medians as [(typeof medians)[number], (typeof medians)[number], (typeof medians)[number]];

  console.log(`\nCLI benchmark: compiled bin, ${runs} runs each taking turns, medians; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (${availableParallelism()} cores)\n`);
  console.log('command                          wall s   CPU s   peak RSS MB');
  commands.forEach((command, i) => {
    const m = medians[i]!;
    console.log(`${command.name.padEnd(32)} ${m.wallS.toFixed(3).padStart(6)}  ${m.cpuS.toFixed(3).padStart(6)}  ${m.peakRssMb.toFixed(0).padStart(12)}`);
  });
  const ratio = help.wallS / node.wallS;
  console.log(`\nunshadow --help: ${ratio.toFixed(2)}× node -e 0 (CPU ${(help.cpuS / node.cpuS).toFixed(2)}×); target at most 3×: ${ratio <= 3 ? 'met' : 'NOT met'}`);
  console.log(`inventory list --json (${systems} AI systems): ${list.wallS.toFixed(3)} s, peak RSS ${list.peakRssMb.toFixed(0)} MB; target under 0.6 s: ${list.wallS < 0.6 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
