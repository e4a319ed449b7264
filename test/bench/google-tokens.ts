/**
 * Benchmark: the google-workspace `tokens` stream against a local Directory API double that
 * enforces a quota of N requests per sliding second (429 + Retry-After: 1 beyond it). The
 * connector paces at requestsPerSecond = N. Targets: tokens.list throughput ≥ 90 % of N, and
 * < 1 % of requests answered 429.
 *
 *   npx tsx test/bench/google-tokens.ts            # N = 200, 20,000 users (≈ 100 s)
 *   npx tsx test/bench/google-tokens.ts 100 --users 5000
 *   npx tsx test/bench/google-tokens.ts 150 --rps 200   # quota below the pacing: adaptive slow-down
 */
import { googleWorkspaceConnector, resetGoogleWorkspaceSessions, type GoogleWorkspaceOptions } from '../../connectors/google-workspace/index.js';
import { generateKeyPairSync } from 'node:crypto';
import type { ConnectorRuntime } from '../../src/domain/connector.js';
import { startDirectoryServer } from './lib/google-directory-server.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.indexOf(name) >= 0 ? Number(args[args.indexOf(name) + 1]) : undefined);
const flagValues = new Set(['--users', '--rps'].map((name) => args.indexOf(name) + 1).filter((index) => index > 0));
const users = flag('--users') ?? 20_000;
const quota = Number(args.find((arg, index) => /^\d+$/.test(arg) && !flagValues.has(index)) ?? 200);
const rps = flag('--rps') ?? quota;
if (!(users > 0) || !(quota > 0) || !(rps > 0)) {
  console.error('usage: tsx test/bench/google-tokens.ts [quota] [--users N] [--rps R]');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const server = await startDirectoryServer(users, quota);
// Validated like `connections add` would, then requestsPerSecond set to the bench quota: the
// option's public maximum (100/s) is above Google's real per-project Directory quota but below
// the bench's default N = 200.
const options: GoogleWorkspaceOptions = {
  ...googleWorkspaceConnector.optionsSchema.parse({ adminEmail: 'admin@bench.example', apiRoot: server.url, tokenUrl: `${server.url}/token`, requestsPerSecond: Math.min(rps, 100) }),
  requestsPerSecond: rps,
};
const runtime: ConnectorRuntime<GoogleWorkspaceOptions> = { options, secrets: { keyFile: JSON.stringify({ client_email: 'bench@bench.iam.gserviceaccount.com', private_key: privateKey }) } };

console.log(`google-workspace tokens stream: ${users} users, quota ${quota} req/s, requestsPerSecond ${rps}, concurrency ${options.concurrency}`);
resetGoogleWorkspaceSessions();
const started = performance.now();
let cursor: unknown = null;
let observations = 0;
let pages = 0;
let rateLimitedPages = 0;
try {
  do {
    try {
      const page = await googleWorkspaceConnector.fetchPage(runtime, 'tokens', cursor);
      observations += page.observations.length;
      cursor = page.next;
      pages++;
      if (pages % 10 === 0) process.stderr.write(`  page ${pages}: ${observations} grants, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      // What the runner would do: wait as told and run the page again.
      if ((error as Error).name !== 'RateLimitedError') throw error;
      rateLimitedPages++;
      await new Promise((resolve) => setTimeout(resolve, (error as { retryAfterMs: number }).retryAfterMs));
    }
  } while (cursor !== null);
} finally {
  await server.close();
}
const seconds = (performance.now() - started) / 1000;
const { stats } = server;
const tokensSeconds = ((stats.lastTokensListAt ?? 0) - (stats.firstTokensListAt ?? 0)) / 1000;
const achieved = stats.tokensListOk / seconds;
const share = achieved / quota;
const throttledShare = stats.throttled / stats.requests;

console.log(`pages ${pages}, grants ${observations} (expected ${server.expectedTokens}), tokens.list ok ${stats.tokensListOk} (active users ${server.activeUsers}), users.list ${stats.usersListOk}, token exchanges ${stats.tokenExchanges}, pages given up on rate limits ${rateLimitedPages}`);
console.log(`wall ${seconds.toFixed(1)} s (first→last tokens.list ${tokensSeconds.toFixed(1)} s)`);
console.log(`tokens.list throughput: ${achieved.toFixed(1)} req/s = ${(share * 100).toFixed(1)} % of ${quota}  target ≥ 90 %: ${share >= 0.9 ? 'MET' : 'NOT MET'}`);
console.log(`429 answers: ${stats.throttled} of ${stats.requests} requests = ${(throttledShare * 100).toFixed(2)} %  target < 1 %: ${throttledShare < 0.01 ? 'MET' : 'NOT MET'}`);
if (observations !== server.expectedTokens) {
  console.log('MISMATCH: the scan did not return every token');
  process.exitCode = 1;
}
if (share < 0.9 || throttledShare >= 0.01) process.exitCode = 1;
