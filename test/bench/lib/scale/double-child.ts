/**
 * One double in a process of its own, so that its CPU is its own (the benchmark reads it from
 * /proc) and it never competes with the benchmark's sampling on one event loop:
 *
 *   node --import tsx double-child.ts graph|google|github <employees> <speed-up> [latency-ms]
 *
 * Prints one JSON line when listening: {url, pid, summary, ...}; stops on SIGTERM.
 */
import { startGithubDouble } from './github-double.js';
import { startGoogleDouble } from './google-double.js';
import { startGraphDouble } from './graph-double.js';
import { sizes } from './organisation.js';

const [provider, employees, speedup, latency] = process.argv.slice(2);
const size = sizes(Number(employees));
const factor = Number(speedup);
const latencyMs = Number(latency ?? 0);
if (!(factor > 0) || !(size.employees > 0)) {
  process.stderr.write('usage: double-child.ts graph|google|github <employees> <speed-up> [latency-ms]\n');
  process.exit(2);
}
const started =
  provider === 'graph' ? await startGraphDouble(size, factor, latencyMs)
  : provider === 'google' ? await startGoogleDouble(size, factor, latencyMs)
  : provider === 'github' ? await startGithubDouble(size, factor, latencyMs)
  : undefined;
if (!started) {
  process.stderr.write(`unknown provider ${provider}\n`);
  process.exit(2);
}
const { close, stats: _stats, ...described } = started;
process.stdout.write(`${JSON.stringify({ ...described, pid: process.pid })}\n`);
process.on('SIGTERM', () => void close().then(() => process.exit(0)));
// A benchmark that died without stopping its doubles leaves them to init: they go too.
setInterval(() => process.ppid === 1 && process.exit(0), 2000).unref();
