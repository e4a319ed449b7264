/**
 * Benchmark (issue #19, "Done when"): a synthetic organisation of 100,000 employees scanned by
 * two `unshadow worker` processes on a fresh Postgres database, against local doubles of
 * Microsoft Graph, the Google Admin SDK and GitHub that enforce their providers' documented
 * limits (see the comment at the top of each double in lib/scale/), plus a year of card lines
 * imported through an expenses connection. The four scans start at once. Per provider it prints
 * the requests made, the quota-bound minimum (what counted against the quota ÷ the quota), the
 * time taken and their ratio (target ≤ 1.2×, no more than 1 % of requests refused for a limit),
 * and the workers' memory; then the organisation's end-to-end time, what was stored, a second
 * GitHub scan, and the workers' RSS at 25/50/75/100 % of the run.
 *
 * Each double runs its limits divided by a speed-up (a real 100,000-employee scan takes hours:
 * 100,000 tokens.list calls at 40/s is 42 minutes), and the connector is configured as an admin
 * would for that quota, so the ratio measures the same thing at any speed-up, only sooner.
 *
 *   npm run bench:scale
 *   npm run bench:scale -- --employees 20000 --graph-speedup 2 --google-speedup 15 --github-speedup 100 \
 *       [--latency-ms 0] [--push-share 0.03] [--timeout-min 90] [--keep]
 */
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findConnection } from '../../src/inventory/connections.js';
import { getScan, type ScanRow, startScan } from '../../src/inventory/scans.js';
import { jobIds } from '../../src/queue/jobs.js';
import { connectorFor } from '../../src/scan/stages.js';
import { queueEnvironment } from '../helpers/queue.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { generateExpenseCsv } from './lib/generate-expenses.js';
import { type DoubleProcess, runCli, spawnWorker, startDouble, stop, workerReady } from './lib/scale/children.js';
import { GITHUB_LIMITS, GITHUB_TOKEN, githubQuota } from './lib/scale/github-double.js';
import { GOOGLE_LIMITS, googleQuota } from './lib/scale/google-double.js';
import { GRAPH_CLIENT, GRAPH_LIMITS, graphQuota, tenantSize } from './lib/scale/graph-double.js';
import { EMPLOYEES, sizes } from './lib/scale/organisation.js';
import { cpuSecondsOf, loadAverage, memoryOf, peakBetween, sampleAt, sampleRss } from './lib/scale/proc.js';
import type { DoubleStats } from './lib/scale/server.js';

// ---------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!(value >= 0)) {
    console.error(`--${name} takes a number`);
    process.exit(2);
  }
  return value;
};
const employees = flag('employees', EMPLOYEES);
// Defaults put each provider's quota-bound minimum at one to three minutes for 100,000 employees.
const speedup = { graph: flag('graph-speedup', 2), google: flag('google-speedup', 15), github: flag('github-speedup', 100) };
const latencyMs = flag('latency-ms', 0);
const pushShare = flag('push-share', 0.03);
const timeoutMs = flag('timeout-min', 90) * 60_000;
const keep = args.includes('--keep');
const size = sizes(employees);

const n = (value: number) => Math.round(value).toLocaleString('en');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(2)} %` : '—');
const mb = (value: number) => `${Math.round(value)} MB`;
const sumRoutes = (routes: Record<string, number>, pattern: RegExp) => Object.entries(routes).reduce((sum, [route, count]) => sum + (pattern.test(route) ? count : 0), 0);

console.log(`unshadow scale benchmark: ${n(employees)} employees, two worker processes (concurrency 4 each), fresh Postgres database, unique queue prefix`);
console.log(`machine: ${cpus().length} cores, shared with other work; load average at start ${loadAverage()}`);

// ---------------------------------------------------------------------------------------------
// The year of card lines: generated once per size (deterministic) and kept for later runs.

const cacheDir = '/tmp/unshadow-scale';
mkdirSync(cacheDir, { recursive: true });
const expenseFile = join(cacheDir, `expenses-${size.cardLines}.csv`);
const expenseMarker = `${expenseFile}.complete`;
if (!existsSync(expenseMarker)) {
  const started = performance.now();
  await generateExpenseCsv(expenseFile, size.cardLines);
  writeFileSync(expenseMarker, String(statSync(expenseFile).size));
  console.log(`generated ${n(size.cardLines)} card lines (${mb(statSync(expenseFile).size / 2 ** 20)}) in ${s(performance.now() - started)}: ${expenseFile}`);
} else {
  console.log(`card lines: ${n(size.cardLines)} (${mb(statSync(expenseFile).size / 2 ** 20)}), generated earlier by the same deterministic generator: ${expenseFile}`);
}

// Whatever happens, the children stop and the database goes (a failed run leaves nothing behind).
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await stop(children);
  // The workers' stderr reaches their log files through a pipe: let it drain.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(`clean-up failed: ${(error as Error).message}`));
}
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

async function main(): Promise<void> {
  // ---------------------------------------------------------------------------------------------
  // Doubles, database, connections (added through the CLI, as an admin would), workers.

  type GraphDescribed = { url: string; tenantId: string; summary: Record<string, unknown> & { detected: Record<string, number>; grants: number; aiGrants: number } };
  type GoogleDescribed = { url: string; summary: Record<string, unknown> & { tokens: number; aiTokens: number } };
  type GithubDescribed = { url: string; org: string; summary: { aiRepos: number; aiPackages: number; artefactRepos: number } & Record<string, number> };
  const started = performance.now();
  const [graph, google, github] = (await Promise.all([
    startDouble<GraphDescribed>('graph', employees, speedup.graph, latencyMs),
    startDouble<GoogleDescribed>('google', employees, speedup.google, latencyMs),
    startDouble<GithubDescribed>('github', employees, speedup.github, latencyMs),
  ])) as [DoubleProcess<GraphDescribed>, DoubleProcess<GoogleDescribed>, DoubleProcess<GithubDescribed>];
  children.push(graph.child, google.child, github.child);
  console.log(`doubles built their data and listen (${s(performance.now() - started)})`);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const secrets = {
    SCALE_GRAPH_SECRET: GRAPH_CLIENT.clientSecret,
    SCALE_GOOGLE_KEY: JSON.stringify({ type: 'service_account', client_email: 'unshadow-scale@scale-bench.iam.gserviceaccount.com', client_id: '104857600000000000001', private_key: privateKey }),
    SCALE_GITHUB_TOKEN: GITHUB_TOKEN,
  };
  const environment = await queueEnvironment(TEST_REDIS_URL, secrets);
  cleanups.push(() => (keep ? Promise.resolve() : environment.dispose()));
  const env = { ...environment.env, ...secrets, UNSHADOW_LOG_LEVEL: 'info' };
  const googleRate = 40 * speedup.google;
  // The double counts Google's per-minute quota over a minute divided by the speed-up.
  const googleWindowSeconds = 60 / speedup.google;
  await runCli(['connections', 'add', 'microsoft365', '--name', 'm365', '--tenant-id', graph.described.tenantId, '--client-id', GRAPH_CLIENT.clientId, '--client-secret', 'env:SCALE_GRAPH_SECRET', '--graph-url', graph.url, '--authority-url', graph.url, '--intune-requests-per-second', String(100 * speedup.graph)], env);
  await runCli(['connections', 'add', 'google-workspace', '--name', 'google', '--admin-email', 'admin@scale.example', '--key-file', 'env:SCALE_GOOGLE_KEY', '--api-root', google.url, '--token-url', `${google.url}/token`, '--requests-per-second', String(googleRate), '--quota-window-seconds', String(googleWindowSeconds)], env);
  await runCli(['connections', 'add', 'github', '--name', 'github', '--org', github.described.org, '--token', 'env:SCALE_GITHUB_TOKEN', '--api-url', github.url], env);
  await runCli(['connections', 'add', 'expenses', '--name', 'expenses', '--file', expenseFile], env);
  const PROVIDERS = [
    { name: 'm365', label: 'Microsoft Graph' },
    { name: 'google', label: 'Google Admin SDK' },
    { name: 'github', label: 'GitHub REST' },
    { name: 'expenses', label: 'expenses (file)' },
  ] as const;
  const connections = await Promise.all(PROVIDERS.map((provider) => findConnection(environment.db, provider.name)));

  const runDir = join(cacheDir, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(runDir, { recursive: true });
  const workers = [0, 1].map((i) => spawnWorker(env, join(runDir, `worker-${i + 1}.log`)));
  children.unshift(...workers);
  await Promise.all(workers.map(workerReady));
  const workerPids = workers.map((worker) => worker.pid!);
  const doublePids = [graph.pid, google.pid, github.pid];

  // ---------------------------------------------------------------------------------------------
  // The organisation, the quotas.

  const graphSummary = graph.described.summary;
  const googleSummary = google.described.summary;
  const githubSummary = github.described.summary;
  const totalGrants = graphSummary.grants + googleSummary.tokens;
  const aiGrants = graphSummary.aiGrants + googleSummary.aiTokens;
  console.log('\norganisation (generated, deterministic):');
  console.log(`  Entra ID: ${JSON.stringify(graphSummary)}`);
  console.log(`  Google Workspace: ${JSON.stringify(googleSummary)}`);
  console.log(`  GitHub: ${JSON.stringify(githubSummary)}`);
  console.log(`  OAuth grants, Graph and Google together: ${n(totalGrants)}, of them to AI apps ${n(aiGrants)} (${pct(aiGrants, totalGrants)})`);
  console.log(`  card lines: ${n(size.cardLines)} a year (test/bench/lib/generate-expenses.ts, about 2 % AI vendors)`);

  const quotas = { graph: graphQuota(employees, speedup.graph), google: googleQuota(speedup.google), github: githubQuota(speedup.github) };
  console.log('\nquotas (documented → speed-up → what the double enforces):');
  console.log(`  Graph:  ${quotas.graph.documented}\n          ×${speedup.graph} → ${quotas.graph.scaled}; the connection paces Intune at intuneRequestsPerSecond = 100 × ${speedup.graph} = ${100 * speedup.graph}`);
  console.log(`  Google: ${quotas.google.documented}\n          ×${speedup.google} → ${quotas.google.scaled}; the connection paces at requestsPerSecond = 40 × ${speedup.google} = ${googleRate}, quotaWindowSeconds = 60 ÷ ${speedup.google} = ${+googleWindowSeconds.toFixed(2)}`);
  console.log(`  GitHub: ${quotas.github.documented}\n          ×${speedup.github} → ${quotas.github.scaled}`);
  if (latencyMs) console.log(`  every answer delayed by ${latencyMs} ms ÷ the provider's speed-up`);

  // ---------------------------------------------------------------------------------------------
  // The run: four scans at once.

  const cpuBefore = [...workerPids, ...doublePids].map(cpuSecondsOf);
  const doublePorts = [graph.url, google.url, github.url].map((url) => Number(new URL(url).port));
  const sampler = sampleRss(workerPids, 1000, doublePorts);
  const t0 = Date.now();
  const scanIds = await Promise.all(
    connections.map(async (connection) => {
      const scanId = await startScan(environment.db, connection.id, {});
      await environment.queues.add('scan.run', { scanId }, jobIds.scan(scanId));
      return scanId;
    }),
  );
  console.log(`\nscans started ${new Date(t0).toISOString()}; waiting (worker logs in ${runDir})`);

  async function waitForScans(ids: string[], from: number): Promise<ScanRow[]> {
    const done = new Map<string, ScanRow>();
    let lastNote = Date.now();
    while (done.size < ids.length) {
      if (Date.now() - from > timeoutMs) throw new Error(`timed out after ${s(timeoutMs)} waiting for the scans`);
      for (const id of ids) {
        if (done.has(id)) continue;
        const scan = await getScan(environment.db, id);
        if (scan && scan.status !== 'running') {
          done.set(id, scan);
          const provider = PROVIDERS[scanIds.indexOf(id)]?.label ?? 'GitHub REST (second scan)';
          console.log(`  ${provider}: ${scan.status} after ${s(scan.finishedAt!.getTime() - from)}`);
        }
      }
      if (Date.now() - lastNote > 60_000) {
        lastNote = Date.now();
        console.log(`  … ${s(Date.now() - from)}, load average ${loadAverage()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return ids.map((id) => done.get(id)!);
  }

  const scans = await waitForScans(scanIds, t0);
  const tEnd = Math.max(...scans.map((scan) => scan.finishedAt!.getTime()));
  const cpuAfter = [...workerPids, ...doublePids].map(cpuSecondsOf);
  const loadAfterRun = loadAverage();
  type GraphStats = DoubleStats & { identity: number; intune: number; intuneThrottled: number; batches: number; batchedRequests: number };
  type GoogleStats = DoubleStats & { directory: number; licensing: number; reports: number; licensingThrottled: number; tokenExchanges: number };
  type GithubStats = DoubleStats & { primaryRefused: number; secondaryRefused: number; unchangedAnswers: number };
  const [graphStats, googleStats, githubStats] = await Promise.all([graph.stats<GraphStats>(), google.stats<GoogleStats>(), github.stats<GithubStats>()]);

  // ---------------------------------------------------------------------------------------------
  // Per provider: requests, quota-bound minimum, time, ratio, memory.

  interface Row {
    label: string;
    requests: number;
    notModified: number;
    throttled: number;
    counted: string;
    minimumMs: number;
    minimumNote: string;
    timeMs: number;
    lastRequestMs: number;
  }
  const graphMinimum = { identity: (graphStats.units / quotas.graph.perSecond) * 1000, intune: (graphStats.intune / quotas.graph.intunePerSecond) * 1000 };
  const googleMinimum = { directory: (googleStats.directory / quotas.google.perSecond) * 1000, licensing: (googleStats.licensing / quotas.google.licensingPerSecond) * 1000 };
  const githubMinimum = (githubStats.counted / quotas.github.perSecond) * 1000;
  // Each limit also lets a first burst through at once (a full bucket or window): the strict
  // minimum is what is left after it, at the quota's rate. The table uses the brief's plain ratio.
  const afterBurst = (count: number, burst: number, perSecond: number) => (Math.max(0, count - burst) / perSecond) * 1000;
  const strictRatio = (time: number, minimum: number) => (minimum > 0 ? `ratio ${(time / minimum).toFixed(2)}×` : 'everything fits in that burst');
  const strict = {
    graph: Math.max(afterBurst(graphStats.units, GRAPH_LIMITS.resourceUnits[tenantSize(employees)], quotas.graph.perSecond), afterBurst(graphStats.intune, GRAPH_LIMITS.intunePer20s, quotas.graph.intunePerSecond)),
    google: afterBurst(googleStats.directory, GOOGLE_LIMITS.directoryPerMinute, quotas.google.perSecond),
    github: afterBurst(githubStats.counted, GITHUB_LIMITS.primaryPerHour, quotas.github.perSecond),
  };
  const finished = (i: number) => scans[i]!.finishedAt!.getTime() - t0;
  const rows: Row[] = [
    {
      label: 'Microsoft Graph',
      requests: graphStats.requests,
      notModified: graphStats.notModified,
      throttled: graphStats.throttled,
      counted: `${n(graphStats.units)} RU in ${n(graphStats.identity)} identity requests; ${n(graphStats.intune)} Intune requests`,
      minimumMs: Math.max(graphMinimum.identity, graphMinimum.intune),
      minimumNote: `identity ${s(graphMinimum.identity)}, Intune ${s(graphMinimum.intune)}; the larger binds (separate limits, separate streams); after the first burst each limit allows: ${s(strict.graph)} (${strictRatio(finished(0), strict.graph)})`,
      timeMs: finished(0),
      lastRequestMs: (graphStats.lastAt ?? t0) - t0,
    },
    {
      label: 'Google Admin SDK',
      requests: googleStats.requests,
      notModified: googleStats.notModified,
      throttled: googleStats.throttled,
      counted: `${n(googleStats.directory)} Directory, ${n(googleStats.licensing)} Licensing, ${n(googleStats.reports)} Reports queries`,
      minimumMs: Math.max(googleMinimum.directory, googleMinimum.licensing),
      minimumNote: `Directory ${s(googleMinimum.directory)}, Licensing ${s(googleMinimum.licensing)}; after the first burst of 2,400: ${s(strict.google)} (${strictRatio(finished(1), strict.google)})`,
      timeMs: finished(1),
      lastRequestMs: (googleStats.lastAt ?? t0) - t0,
    },
    {
      label: 'GitHub REST',
      requests: githubStats.requests,
      notModified: githubStats.notModified,
      throttled: githubStats.throttled,
      counted: `${n(githubStats.counted)} requests against the primary limit`,
      minimumMs: githubMinimum,
      minimumNote: `${n(githubStats.counted)} ÷ ${quotas.github.perSecond.toFixed(1)}/s; after the first window's 5,000: ${s(strict.github)} (${strictRatio(finished(2), strict.github)})`,
      timeMs: finished(2),
      lastRequestMs: (githubStats.lastAt ?? t0) - t0,
    },
  ];

  const peaks = PROVIDERS.map((_, i) => peakBetween(sampler.samples, t0, scans[i]!.finishedAt!.getTime() + 1000));
  const hwm = workerPids.map((pid) => memoryOf(pid)?.hwmMb ?? Number.NaN);

  console.log(`\nresults (load average after the run ${loadAfterRun}; ${cpus().length} cores shared with other work):\n`);
  console.log('provider           requests     304   refused for a limit   quota-bound min   time taken   ratio   peak RSS while it ran (w1 / w2)');
  for (const [i, row] of rows.entries()) {
    const ratio = row.timeMs / row.minimumMs;
    console.log(
      `${row.label.padEnd(17)} ${n(row.requests).padStart(9)} ${n(row.notModified).padStart(7)}   ${`${n(row.throttled)} (${pct(row.throttled, row.requests)})`.padEnd(19)}   ${s(row.minimumMs).padStart(15)}   ${s(row.timeMs).padStart(10)}   ${`${ratio.toFixed(2)}×`.padStart(6)}   ${peaks[i]!.map(mb).join(' / ')}`,
    );
  }
  const expenseScan = scans[3]!;
  console.log(`${'expenses (file)'.padEnd(17)} ${'—'.padStart(9)} ${'—'.padStart(7)}   ${'— (no quota)'.padEnd(19)}   ${'—'.padStart(15)}   ${s(finished(3)).padStart(10)}   ${'—'.padStart(6)}   ${peaks[3]!.map(mb).join(' / ')}`);
  console.log('\ntarget per provider: time ≤ 1.2 × the quota-bound minimum, at most 1 % of requests refused for a limit');
  for (const row of rows) {
    const ratio = row.timeMs / row.minimumMs;
    const share = row.requests ? row.throttled / row.requests : 0;
    console.log(`  ${row.label}: ratio ${ratio.toFixed(2)}× ${ratio <= 1.2 ? 'MET' : 'NOT MET'}; refused ${pct(row.throttled, row.requests)} ${share <= 0.01 ? 'MET' : 'NOT MET'}`);
  }

  console.log('\ndetails:');
  for (const row of rows) console.log(`  ${row.label}: counted ${row.counted}; minimum: ${row.minimumNote}; last request at ${s(row.lastRequestMs)}, scan complete at ${s(row.timeMs)}`);
  console.log(`  Graph requests by route: ${JSON.stringify(graphStats.byRoute)}; repeated after a success: ${n(graphStats.repeated)}; refused: ${n(graphStats.throttled - graphStats.intuneThrottled)} identity, ${n(graphStats.intuneThrottled)} Intune`);
  console.log(`  Graph round trips: ${n(graphStats.requests - graphStats.batchedRequests + graphStats.batches)} for ${n(graphStats.requests)} requests (${n(graphStats.batchedRequests)} of them in ${n(graphStats.batches)} JSON batches)`);
  console.log(`  Google requests by route: ${JSON.stringify(googleStats.byRoute)}; repeated after a success: ${n(googleStats.repeated)}; refused: ${n(googleStats.throttled - googleStats.licensingThrottled)} Directory (403 rateLimitExceeded), ${n(googleStats.licensingThrottled)} Licensing (503); token exchanges ${n(googleStats.tokenExchanges)}`);
  console.log(`  GitHub requests by route: ${JSON.stringify(githubStats.byRoute)}; repeated after a success: ${n(githubStats.repeated)}; refused: ${n(githubStats.primaryRefused)} primary (403, remaining 0), ${n(githubStats.secondaryRefused)} secondary; If-None-Match sent: ${n(githubStats.conditional)}`);
  for (const [name, routes] of [['Graph', graphStats.byRoute], ['Google', googleStats.byRoute], ['GitHub', githubStats.byRoute]] as const) {
    const unserved = Object.entries(routes).filter(([route, count]) => /^not served|^GET [a-z]/i.test(route) && !/^GET (users|servicePrincipals|oauth2PermissionGrants|subscribedSkus|deviceManagement)/.test(route) && count > 0);
    if (unserved.length) console.log(`  NOTE: the ${name} double does not serve ${unserved.map(([route, count]) => `${route.replace(/^not served: /, '')} (${count} request${count === 1 ? '' : 's'} answered 404/400)`).join(', ')}: the connector stream that asks for it reads that as nothing there, so its work and quota are not in these figures`);
  }
  console.log(`  expenses: ${JSON.stringify(expenseScan.counts)}, ${n((expenseScan.counts as { rows?: number }).rows ?? 0)} rows in ${s(finished(3))} = ${n(((expenseScan.counts as { rows?: number }).rows ?? 0) / (finished(3) / 1000))} rows/s`);
  for (const [i, scan] of scans.entries()) {
    if (scan.status !== 'completed' || scan.errorCount) console.log(`  ${PROVIDERS[i]!.label}: status ${scan.status}, ${scan.errorCount} errors: ${JSON.stringify(scan.errors.slice(0, 3))}`);
  }
  const cpu = cpuAfter.map((after, i) => after - cpuBefore[i]!);
  const runSeconds = (tEnd - t0) / 1000;
  console.log(`  CPU seconds during the run: worker 1 ${cpu[0]!.toFixed(0)}, worker 2 ${cpu[1]!.toFixed(0)}; doubles: Graph ${cpu[2]!.toFixed(0)}, Google ${cpu[3]!.toFixed(0)}, GitHub ${cpu[4]!.toFixed(0)} (of ${runSeconds.toFixed(0)} s × ${cpus().length} cores)`);

  // Each stream is a job of its own: when it finished, and how long each of its requests took.
  const requestsOf: Record<string, (routes: Record<string, number>) => number> = {
    'm365/grants': (r) => sumRoutes(r, /^GET (servicePrincipals|oauth2PermissionGrants)/) + Math.ceil(employees / 999),
    'm365/detected-apps': (r) => sumRoutes(r, /^GET deviceManagement/),
    'google/tokens': (r) => sumRoutes(r, /^(users|tokens)\.list$/),
    'github/repositories': (r) => sumRoutes(r, /^\/(orgs\/[^/]+\/repos|repos\/)/),
  };
  const routesOf: Record<string, Record<string, number>> = { m365: graphStats.byRoute, google: googleStats.byRoute, github: githubStats.byRoute };
  console.log('\nstreams (one scan.stream job each; finished at, from the scans\' start; wall time per request of the stream):');
  for (const [i, provider] of PROVIDERS.entries()) {
    if (provider.name === 'expenses') continue;
    const parts: string[] = [];
    for (const stream of connectorFor(connections[i]!.kind).streams) {
      const job = await environment.queues.get('scan').getJob(jobIds.stream(scanIds[i]!, stream));
      const doneAt = job?.finishedOn ? job.finishedOn - t0 : Number.NaN;
      const count = requestsOf[`${provider.name}/${stream}`]?.(routesOf[provider.name]!);
      parts.push(`${stream} ${s(doneAt)}${count ? ` (${n(count)} requests, ${(doneAt / count).toFixed(1)} ms each)` : ''}`);
    }
    console.log(`  ${provider.label}: ${parts.join('; ')}`);
  }

  // ---------------------------------------------------------------------------------------------
  // The whole organisation: end to end, and what was stored.

  const client = new pg.Client({ connectionString: environment.env.DATABASE_URL });
  await client.connect();
  const stored = await client.query<{ name: string; kind: string; count: string }>('select c.name, o.kind, count(*)::text as count from observations o join connections c on c.id = o.connection_id group by 1, 2 order by 1, 2');
  const systems = await client.query<{ count: string }>('select count(*)::text as count from ai_systems');
  const aggregates = await client.query<{ count: string }>('select count(*)::text as count from expense_aggregates');
  const events = await client.query<{ count: string }>('select count(*)::text as count from events');

  console.log(`\nwhole organisation: ${s(tEnd - t0)} end to end on two worker processes (all four scans started at once; the last finished at ${s(tEnd - t0)})`);
  console.log(`  stored observations (AI-relevant records only): ${stored.rows.map((row) => `${row.name} ${row.kind} ${n(Number(row.count))}`).join('; ')}`);
  console.log(`  total ${n(stored.rows.reduce((sum, row) => sum + Number(row.count), 0))} observations, ${n(Number(systems.rows[0]!.count))} AI systems, ${n(Number(aggregates.rows[0]!.count))} expense aggregate rows (non-AI spend per merchant and month), ${n(Number(events.rows[0]!.count))} events`);
  console.log(`  generated AI grants: Graph ${n(graphSummary.aiGrants)}, Google ${n(googleSummary.aiTokens)}; AI desktop apps ${graphSummary.detected.ai}; repositories with AI packages ${n(githubSummary.aiRepos)} (${n(githubSummary.aiPackages)} packages), with AI assistant / MCP files ${n(githubSummary.artefactRepos)}`);
  console.log(`  scans: ${scans.map((scan, i) => `${PROVIDERS[i]!.name} ${JSON.stringify(scan.counts)}`).join('; ')}`);

  // ---------------------------------------------------------------------------------------------
  // Memory over the run.

  sampler.stop();
  console.log('\nworkers\' RSS over the first run (sampled every second):');
  for (const share of [0.25, 0.5, 0.75, 1]) {
    const sample = sampleAt(sampler.samples, t0 + share * (tEnd - t0));
    console.log(`  ${`${share * 100} %`.padStart(5)} (${s((sample?.at ?? t0) - t0).padStart(8)}): ${sample?.rssMb.map(mb).join(' / ')}`);
  }
  console.log(`  peak (VmHWM): worker 1 ${mb(hwm[0]!)}, worker 2 ${mb(hwm[1]!)}`);
  console.log('workers\' CPU (share of one core in each quarter of the run) and the doubles each had connections open to (share of samples):');
  const quarters = [0, 0.25, 0.5, 0.75, 1].map((share) => sampleAt(sampler.samples, t0 + share * (tEnd - t0))!);
  for (const w of [0, 1]) {
    const busy = quarters.slice(1).map((sample, q) => `${Math.round(((sample.cpu[w]! - quarters[q]!.cpu[w]!) / Math.max(0.001, (sample.at - quarters[q]!.at) / 1000)) * 100)} %`);
    const during = sampler.samples.filter((sample) => sample.at >= t0 && sample.at <= tEnd);
    const talking = ['Graph', 'Google', 'GitHub'].map((name, d) => `${name} ${Math.round((during.filter((sample) => (sample.connections[w]?.[d] ?? 0) > 0).length / Math.max(1, during.length)) * 100)} %`);
    console.log(`  worker ${w + 1}: CPU ${busy.join(', ')}; connected to ${talking.join(', ')}`);
  }
  const quarter = sampleAt(sampler.samples, t0 + 0.25 * (tEnd - t0))!.rssMb;
  const whole = peakBetween(sampler.samples, t0 + 0.25 * (tEnd - t0), tEnd);
  const grows = whole.some((peak, i) => peak > quarter[i]! * 1.5);
  console.log(`  ${grows ? 'NOT flat: a worker\'s RSS after the first quarter rose above 1.5× what it was at 25 %' : 'flat: no worker rose above 1.5× its 25 % figure after the first quarter'} (peaks after 25 %: ${whole.map(mb).join(' / ')})`);

  // ---------------------------------------------------------------------------------------------
  // A second GitHub scan: what conditional requests and "not pushed since" leave to do.

  const pushed = await github.control<{ pushed: number; changed: number }>('push', { share: pushShare });
  const before = await github.stats<GithubStats>();
  const t1 = Date.now();
  const secondId = await startScan(environment.db, connections[2]!.id, {});
  await environment.queues.add('scan.run', { scanId: secondId }, jobIds.scan(secondId));
  const [second] = await waitForScans([secondId], t1);
  const after = await github.stats<GithubStats>();
  const diff = (key: keyof GithubStats) => (after[key] as number) - (before[key] as number);
  const routes = Object.fromEntries(Object.entries(after.byRoute).map(([route, count]) => [route, count - (before.byRoute[route] ?? 0)]).filter(([, count]) => (count as number) > 0));
  console.log(`\nsecond GitHub scan (${n(pushed.pushed)} repositories pushed since the first, ${n(pushed.changed)} of them with changed content; the others pushed without changing their SBOM or tree):`);
  console.log(`  ${second!.status} in ${s(second!.finishedAt!.getTime() - t1)}: ${n(diff('requests'))} requests, ${n(diff('counted'))} counted against the primary limit, ${n(diff('notModified'))} answered 304, ${n(diff('conditional'))} sent If-None-Match, ${n(diff('throttled'))} refused for a limit`);
  console.log(`  by route: ${JSON.stringify(routes)}`);
  if (diff('conditional') === 0) {
    console.log(`  the GitHub connector sends no If-None-Match (connectors/github/client.ts knows NOT_MODIFIED, but no request carries an ETag): ${n(diff('unchangedAnswers'))} of these answers had the same ETag as in the first scan and would have been free 304s`);
  }

  // ---------------------------------------------------------------------------------------------

  await client.end();
  await cleanUp();
  if (keep) console.log(`\nkept: DATABASE_URL=${environment.env.DATABASE_URL} UNSHADOW_QUEUE_PREFIX=${environment.env.UNSHADOW_QUEUE_PREFIX}`);
  console.log(`\nload average at the end ${loadAverage()}; worker logs: ${runDir}`);
  // Worker logs (at info, where these are said): how often a job was put back to wait for a rate
  // limit, retried, or handed to another worker, per scan.
  const delays = new Map<string, number>();
  const retries = new Map<string, number>();
  const handedOver = new Map<string, number>();
  for (const i of [0, 1]) {
    for (const line of readFileSync(join(runDir, `worker-${i + 1}.log`), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { msg?: string; scanId?: string };
        if (!entry.scanId) continue;
        if (entry.msg?.includes('waiting as asked')) delays.set(entry.scanId, (delays.get(entry.scanId) ?? 0) + 1);
        if (entry.msg?.includes('will be retried')) retries.set(entry.scanId, (retries.get(entry.scanId) ?? 0) + 1);
        if (entry.msg?.includes('the stream goes on there')) handedOver.set(entry.scanId, (handedOver.get(entry.scanId) ?? 0) + 1);
      } catch {
        // not a log line
      }
    }
  }
  const label = (id: string) => PROVIDERS[scanIds.indexOf(id)]?.label ?? (id === secondId ? 'GitHub (second scan)' : id);
  console.log(`jobs put back to wait out a rate limit (the page they were on is fetched again): ${[...delays].map(([id, count]) => `${label(id)} ${count}`).join(', ') || 'none'}; jobs retried after a failure: ${[...retries].map(([id, count]) => `${label(id)} ${count}`).join(', ') || 'none'}; streams handed from a saturated worker to one with time: ${[...handedOver].map(([id, count]) => `${label(id)} ${count}`).join(', ') || 'none'}`);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(error);
  await cleanUp();
  process.exit(1);
}
