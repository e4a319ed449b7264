/**
 * Benchmark: the google-workspace `tokens` stream against a local Directory API double that
 * enforces a quota of N requests per sliding second (429 + Retry-After: 1 beyond it). The
 * connector paces at requestsPerSecond = N. Targets: tokens.list throughput ≥ 90 % of N, and
 * < 1 % of requests answered 429 because of the quota, with or without random 429s injected
 * (`--random-429 0.05`: that share of requests answered the same 429 whatever the pace, using no
 * quota, as Google and the proxies in front of it sometimes do).
 *
 *   npx tsx test/bench/google-tokens.ts                      # N = 200, 20,000 users (≈ 100 s)
 *   npx tsx test/bench/google-tokens.ts -- --random-429 0.05 # the same with 5 % random 429s
 *   npx tsx test/bench/google-tokens.ts 100 --users 5000
 *   npx tsx test/bench/google-tokens.ts 150 --rps 200        # quota below the pacing: the pacer finds it
 */
import { generateKeyPairSync } from 'node:crypto';
import { googleWorkspaceConnector, resetGoogleWorkspaceSessions, type GoogleWorkspaceOptions } from '../../connectors/google-workspace/index.js';
import type { ConnectorRuntime } from '../../src/domain/connector.js';
import { startDirectoryChild } from './lib/google-directory-server.js';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const FLAGS = ['--users', '--rps', '--random-429'];
const flag = (name: string) => (args.indexOf(name) >= 0 ? Number(args[args.indexOf(name) + 1]) : undefined);
const flagValues = new Set(FLAGS.map((name) => args.indexOf(name) + 1).filter((index) => index > 0));
const users = flag('--users') ?? 20_000;
const quota = Number(args.find((arg, index) => /^\d+$/.test(arg) && !flagValues.has(index)) ?? 200);
const rps = flag('--rps') ?? quota;
const random429 = flag('--random-429') ?? 0;
if (!(users > 0) || !(quota > 0) || !(rps > 0) || !(random429 >= 0 && random429 < 1)) {
  console.error('usage: tsx test/bench/google-tokens.ts [quota] [--users N] [--rps R] [--random-429 SHARE]');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
// The double runs in a process of its own: the connector does not share its event loop with it.
const server = await startDirectoryChild(users, quota, { random429 });
// Validated like `connections add` would; the double counts its quota per second.
const options: GoogleWorkspaceOptions = googleWorkspaceConnector.optionsSchema.parse({ adminEmail: 'admin@bench.example', apiRoot: server.url, tokenUrl: `${server.url}/token`, requestsPerSecond: rps, quotaWindowSeconds: 1 });
// One runtime for the whole run, as the runner's scan job has: its retry budget is the job's.
const runtime: ConnectorRuntime<GoogleWorkspaceOptions> = { options, secrets: { keyFile: JSON.stringify({ client_email: 'bench@bench.iam.gserviceaccount.com', private_key: privateKey }) } };

console.log(`google-workspace tokens stream: ${users} users, quota ${quota} req/s, requestsPerSecond ${rps}, concurrency ${options.concurrency}, random 429s ${(random429 * 100).toFixed(1)} %`);
resetGoogleWorkspaceSessions();
const started = performance.now();
let cursor: unknown = null;
let observations = 0;
let suspended = 0;
let pages = 0;
let rateLimitedPages = 0;
try {
  do {
    try {
      const page = await googleWorkspaceConnector.fetchPage(runtime, 'tokens', cursor);
      observations += page.observations.length;
      suspended += page.observations.filter((o) => (o.attributes as { holderStatus?: string }).holderStatus === 'suspended').length;
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
} catch (error) {
  await server.close();
  throw error;
}
const seconds = (performance.now() - started) / 1000;
const stats = await server.stats();
await server.close();
const tokensSeconds = ((stats.lastTokensListAt ?? 0) - (stats.firstTokensListAt ?? 0)) / 1000;
const achieved = stats.tokensListOk / seconds;
const share = achieved / quota;
const quotaShare = stats.throttled / stats.requests;

console.log(
  `pages ${pages}, grants ${observations} (expected ${server.expectedTokens}; of suspended users ${suspended}, expected ${server.suspendedTokens}), tokens.list ok ${stats.tokensListOk} (users ${server.users}), users.list ${stats.usersListOk}, token exchanges ${stats.tokenExchanges}, pages given up on rate limits ${rateLimitedPages}`,
);
console.log(`wall ${seconds.toFixed(1)} s (first→last tokens.list ${tokensSeconds.toFixed(1)} s)`);
console.log(`tokens.list throughput: ${achieved.toFixed(1)} req/s = ${(share * 100).toFixed(1)} % of ${quota}  target ≥ 90 %: ${share >= 0.9 ? 'MET' : 'NOT MET'}`);
console.log(`429 answers caused by the quota: ${stats.throttled} of ${stats.requests} requests = ${(quotaShare * 100).toFixed(2)} %  target < 1 %: ${quotaShare < 0.01 ? 'MET' : 'NOT MET'}`);
console.log(`429 answers injected at random: ${stats.injected} of ${stats.requests} requests = ${((stats.injected / stats.requests) * 100).toFixed(2)} %`);
if (observations !== server.expectedTokens || suspended !== server.suspendedTokens) {
  console.log('MISMATCH: the scan did not return every token, suspended users included');
  process.exitCode = 1;
}
if (share < 0.9 || quotaShare >= 0.01) process.exitCode = 1;
