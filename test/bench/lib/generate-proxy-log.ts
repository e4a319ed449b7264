import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../../helpers/random.js';

/** AI hosts the generator sends about 1% of the traffic to: web apps, and API endpoints from build servers. */
const AI_HOSTS = ['chatgpt.com', 'claude.ai', 'gemini.google.com', 'www.perplexity.ai', 'chat.deepseek.com', 'api.openai.com', 'api.anthropic.com', 'copilot.microsoft.com', 'chat.mistral.ai', 'poe.com'];

/**
 * A Squid native access.log of `lines` lines over 30 days: 5,000 users on a workstation each, 60,000 ordinary hosts
 * under 10,000 registrable domains picked with a heavy tail (the cube of a uniform draw: the first 1% of
 * hosts take about a fifth of the requests), about 1% of the requests to AI hosts, a tenth of
 * those denied, sent by 150 of the 5,000 people (one or two tools each). The same seed gives the
 * same file.
 */
export async function generateProxyLog(path: string, lines: number, aiShare = 0.01): Promise<void> {
  const { random, pick } = seededRandom(17);
  const users = Array.from({ length: 5000 }, (_, i) => `user${i}@corp.example`);
  const tlds = ['com', 'net', 'org', 'co.uk', 'de', 'io'];
  const hosts = Array.from({ length: 60_000 }, (_, i) => `${pick(['www', 'cdn', 'api', 'static', 'img', `n${i % 97}`])}.site${i % 10_000}.${tlds[i % 10_000 % tlds.length]}`);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const start = 1_789_000_000;
  const span = 30 * 86_400;
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ai = random() < aiShare;
    // AI is used by a minority, in sessions of many requests (a chat page polls and streams): 150
    // people send the AI requests, each to the one or two tools they use.
    const aiUser = Math.floor(random() * 150);
    // Real traffic is heavy-tailed: a few hundred hosts take most requests, a long tail the rest.
    const host = ai ? AI_HOSTS[(aiUser + (random() < 0.7 ? 0 : 1)) % AI_HOSTS.length]! : hosts[Math.floor(hosts.length * random() ** 3)]!;
    const denied = ai && random() < 0.1;
    const time = start + Math.floor((i / lines) * span);
    // Each person works from one workstation; a tenth of all lines name no user (the proxy saw
    // only the workstation's address). Addresses were once made from the line number, which gave
    // a 5,000-person company millions of devices.
    const person = ai ? aiUser : Math.floor(random() * users.length);
    const user = random() < 0.9 ? users[person]! : '-';
    chunk.push(
      `${time}.${String(i % 1000).padStart(3, '0')}    ${Math.floor(random() * 900)} 10.20.${person >> 8}.${person & 255} ${denied ? 'TCP_DENIED/403' : 'TCP_TUNNEL/200'} ${Math.floor(random() * 90_000)} CONNECT ${host}:443 ${user} HIER_DIRECT/104.18.${i & 255}.1 -`,
    );
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}
