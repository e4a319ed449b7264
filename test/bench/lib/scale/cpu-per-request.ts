/**
 * Diagnostic for the scale benchmark: how much CPU one stream's connector spends per request
 * (fetch, validate, normalise, match: what a worker does before the inventory), in this process,
 * against a double in its own process whose limits are lifted (speed-up 10⁶). CPU time is what
 * a busy machine cannot stretch: one core serves at most 1000 ÷ (ms per request) requests a
 * second, which says whether a stream can keep up with a (scaled) quota at all.
 *
 *   npx tsx test/bench/lib/scale/cpu-per-request.ts graph|google|github [employees] [speed-up]
 *
 * With a speed-up the double's limits are on (divided by it, as in the benchmark) and a rate
 * limit is handled as the runner does: wait as asked, then fetch the page again with a new
 * runtime (a new job attempt), so the refusals and repeated requests of one stream on a free
 * core can be counted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { githubConnector } from '../../../../connectors/github/index.js';
import { googleWorkspaceConnector } from '../../../../connectors/google-workspace/index.js';
import { microsoft365Connector } from '../../../../connectors/microsoft365/index.js';
import { loadCatalog } from '../../../../src/catalog/load.js';
import type { Connector, ConnectorRuntime } from '../../../../src/domain/connector.js';
import { compileMatcher } from '../../../../src/matcher/index.js';
import { startDouble, stop } from './children.js';
import { memoryOf } from './proc.js';
import { GITHUB_TOKEN } from './github-double.js';
import { GRAPH_CLIENT } from './graph-double.js';
import type { DoubleStats } from './server.js';

const [provider = 'graph', employeesArg = '20000', speedupArg = '1000000'] = process.argv.slice(2);
const employees = Number(employeesArg);
const speedup = Number(speedupArg);
const matcher = compileMatcher(loadCatalog());
const double = await startDouble<{ url: string; tenantId?: string; org?: string }>(provider, employees, speedup, 0);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

const plans: Record<string, () => { connector: Connector<never>; runtime: ConnectorRuntime<never>; streams: string[] }> = {
  graph: () => ({
    connector: microsoft365Connector as Connector<never>,
    runtime: { options: microsoft365Connector.optionsSchema.parse({ tenantId: double.described.tenantId, clientId: GRAPH_CLIENT.clientId, graphUrl: double.url, authorityUrl: double.url }) as never, secrets: { clientSecret: GRAPH_CLIENT.clientSecret } },
    streams: ['grants', 'detected-apps'],
  }),
  google: () => ({
    connector: googleWorkspaceConnector as Connector<never>,
    runtime: { options: googleWorkspaceConnector.optionsSchema.parse({ adminEmail: 'admin@scale.example', apiRoot: double.url, tokenUrl: `${double.url}/token`, requestsPerSecond: 1000 }) as never, secrets: { keyFile: JSON.stringify({ client_email: 'cpu@scale-bench.iam.gserviceaccount.com', private_key: privateKey }) } },
    streams: ['tokens'],
  }),
  github: () => ({
    connector: githubConnector as Connector<never>,
    runtime: { options: githubConnector.optionsSchema.parse({ org: double.described.org, apiUrl: double.url }) as never, secrets: { token: GITHUB_TOKEN } },
    streams: ['repositories'],
  }),
};
const plan = plans[provider]?.();
if (!plan) throw new Error(`unknown provider ${provider}`);

try {
  for (const stream of plan.streams) {
    const before = await double.stats<DoubleStats>();
    const cpu = process.cpuUsage();
    const started = performance.now();
    // One runtime for the whole stream, as one scan.stream job has (its session, token and caches).
    let runtime = { ...plan.runtime };
    let cursor: unknown = null;
    let observations = 0;
    let delays = 0;
    do {
      try {
        const page = await plan.connector.fetchPage(runtime, stream, cursor);
        for (const observation of page.observations) matcher.match(observation);
        observations += page.observations.length;
        cursor = page.next;
      } catch (error) {
        if ((error as Error).name !== 'RateLimitedError') throw error;
        delays++;
        await new Promise((resolve) => setTimeout(resolve, (error as { retryAfterMs: number }).retryAfterMs));
        runtime = { ...plan.runtime };
      }
    } while (cursor !== null);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    const after = await double.stats<DoubleStats>();
    const requests = after.requests - before.requests;
    const refused = after.throttled - before.throttled;
    const repeated = after.repeated - before.repeated;
    const cpuMs = (used.user + used.system) / 1000;
    console.log(`${provider} ${stream} (${employees} employees): ${requests} requests, ${observations} observations; CPU ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / requests).toFixed(2)} ms per request (at most ${Math.round(1000 / (cpuMs / requests))} requests/s on one free core); wall ${(wall / 1000).toFixed(1)} s${speedup < 1e6 ? `; speed-up ${speedup}: ${refused} refused for a limit (${((refused / requests) * 100).toFixed(2)} %), ${repeated} repeated after a success, ${delays} pages given back to wait` : ''}; this process's peak RSS so far ${Math.round(memoryOf(process.pid)?.hwmMb ?? 0)} MB`);
  }
} finally {
  await stop([double.child]);
}
process.exit(0);
