import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type NetworkRecord, openNetworkLog } from '../../../../connectors/network/index.js';
import { dayOf, hostOf } from '../../../../connectors/network/values.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures/network');
const dir = mkdtempSync(join(tmpdir(), 'unshadow-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string, options: { format?: string; map?: string } = {}) {
  const file = await openNetworkLog(path, options);
  const records: NetworkRecord[] = [];
  const problems: { line: number; reason: string }[] = [];
  for await (const batch of file.batches()) {
    records.push(...batch.records);
    problems.push(...batch.problems);
  }
  return { format: file.format, compression: file.compression, records, problems };
}

describe('each vendor format, recognised by content', () => {
  it.each([
    ['zscaler-nss.jsonl', 'zscaler-nss', 4, [4]],
    ['netskope-transactions.log', 'netskope', 3, [7]],
    ['netskope-events.jsonl', 'netskope-events', 2, [3]],
    ['paloalto-url.log', 'paloalto-url', 2, [3, 4]],
    ['umbrella-dns.csv', 'umbrella-dns', 3, [4]],
    ['umbrella-proxy.csv', 'umbrella-proxy', 2, [3]],
    ['cloudflare-gateway-http.jsonl', 'cloudflare-gateway', 2, [3]],
    ['cloudflare-gateway-dns.jsonl', 'cloudflare-gateway', 2, []],
    ['squid-native.log', 'squid', 3, [4]],
    ['squid-common.log', 'squid-common', 3, [4]],
    ['w3c-proxysg.log', 'w3c', 3, []],
    ['generic-firewall.csv', 'generic', 2, [4]],
  ])('%s is %s: %i records, malformed lines %j reported', async (name, format, count, badLines) => {
    const result = await readAll(join(FIXTURES, name));
    expect(result.format).toBe(format);
    expect(result.records).toHaveLength(count);
    expect(result.problems.map((p) => p.line)).toEqual(badLines);
  });

  it('reads the fields each vendor documents: host, day, user or device, bytes, action', async () => {
    const zscaler = (await readAll(join(FIXTURES, 'zscaler-nss.jsonl'))).records;
    expect(zscaler[0]).toEqual({ host: 'chatgpt.com', day: '2026-10-13', user: 'ana.kovac@northwind.example', bytesOut: 7200, bytesIn: 41011, blocked: false });
    expect(zscaler[1]!.blocked).toBe(true);
    // "None" is Zscaler's word for no user: the device names the machine instead.
    expect(zscaler[3]).toMatchObject({ host: 'api.openai.com', device: 'nw-build-02', bytesOut: 95000 });
    expect((await readAll(join(FIXTURES, 'netskope-transactions.log'))).records[1]).toMatchObject({ host: 'gemini.google.com', user: 'ben.ortiz@northwind.example', bytesOut: 520, bytesIn: 12001, blocked: true });
    expect((await readAll(join(FIXTURES, 'paloalto-url.log'))).records).toMatchObject([
      { host: 'chatgpt.com', user: 'northwind\\dan.moreau', blocked: false, requests: 3 },
      { host: 'chat.mistral.ai', blocked: true, requests: 1 },
    ]);
    const umbrella = (await readAll(join(FIXTURES, 'umbrella-dns.csv'))).records;
    expect(umbrella[0]).toMatchObject({ host: 'claude.ai', user: 'elif.sahin@northwind.example' });
    expect(umbrella[1]).toMatchObject({ host: 'chat.deepseek.com', device: 'NW-LT-0611', blocked: true });
    expect((await readAll(join(FIXTURES, 'umbrella-proxy.csv'))).records[0]).toMatchObject({ host: 'chatgpt.com', bytesOut: 250000, bytesIn: 4100 });
    // Cloudflare writes RFC 3339 with an offset: the day is the UTC one.
    expect((await readAll(join(FIXTURES, 'cloudflare-gateway-http.jsonl'))).records[1]).toMatchObject({ host: 'www.character.ai', day: '2026-10-14', blocked: true });
    expect((await readAll(join(FIXTURES, 'cloudflare-gateway-dns.jsonl'))).records[1]).toMatchObject({ host: 'chat.deepseek.com', device: 'NW-LT-0810', blocked: true });
    expect((await readAll(join(FIXTURES, 'squid-native.log'))).records).toMatchObject([
      { host: 'chatgpt.com', user: 'hugo.lind', bytesIn: 48211 },
      { host: 'chat.deepseek.com', blocked: true },
      { host: 'www.example.com', device: '10.20.9.7' },
    ]);
    expect((await readAll(join(FIXTURES, 'squid-common.log'))).records[1]).toMatchObject({ host: 'claude.ai', day: '2026-10-14' });
    expect((await readAll(join(FIXTURES, 'w3c-proxysg.log'))).records[1]).toMatchObject({ host: 'poe.com', user: 'ivy.chen', bytesOut: 400, bytesIn: 900, blocked: true });
  });

  it('never keeps a path or a query string', async () => {
    for (const name of ['zscaler-nss.jsonl', 'squid-native.log', 'umbrella-proxy.csv', 'w3c-proxysg.log', 'squid-common.log']) {
      for (const record of (await readAll(join(FIXTURES, name))).records) expect(JSON.stringify(record)).not.toMatch(/[/?]|session|secret/);
    }
    expect(hostOf('https://user:pw@Chat.OpenAI.com:443/c/1?q=2')).toBe('chat.openai.com');
  });

  it('maps the columns of any CSV with --map', async () => {
    const { records } = await readAll(join(FIXTURES, 'generic-custom.csv'), { map: 'when=time,who=user,dest=url,up=bytesOut,down=bytesIn' });
    expect(records).toEqual([{ host: 'gemini.google.com', day: '2026-10-13', user: 'kim.ng@northwind.example', bytesOut: 5000, bytesIn: 70000, blocked: false }]);
    await expect(readAll(join(FIXTURES, 'generic-custom.csv'), { map: 'nope=time' })).rejects.toThrow(/column 'nope'.*does not have/);
    await expect(readAll(join(FIXTURES, 'generic-custom.csv'), { map: 'when=colour' })).rejects.toThrow(/unknown field 'colour'/);
    await expect(readAll(join(FIXTURES, 'generic-custom.csv'))).rejects.toThrow(/name no time column.*no known log format fits/);
  });

  it('refuses an unknown --format with the list of formats', async () => {
    await expect(readAll(join(FIXTURES, 'squid-native.log'), { format: 'bluecoat' })).rejects.toThrow(/unknown log format 'bluecoat'/);
  });
});

describe('compressed files', () => {
  const text = readFileSync(join(FIXTURES, 'squid-native.log'), 'utf8');

  it('reads gzip and zstd', async () => {
    const gz = join(dir, 'access.log.gz');
    writeFileSync(gz, gzipSync(text));
    expect(await readAll(gz)).toMatchObject({ compression: 'gzip', format: 'squid' });
    const zst = await readAll(join(FIXTURES, 'squid-native-3000.log.zst'));
    expect(zst).toMatchObject({ compression: 'zstd', format: 'squid', problems: [] });
    expect(zst.records).toHaveLength(3000);
  });

  it('reports a gzip file cut short, after importing the lines before the cut', async () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `${1791884102 + i}.000 5 10.0.0.${i % 200} TCP_TUNNEL/200 ${i} CONNECT host${i % 5000}.example.com:443 - HIER_DIRECT/1.2.3.4 -`).join('\n');
    const whole = gzipSync(lines);
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await readAll(cut);
    expect(result.records.length).toBeGreaterThan(1000);
    expect(result.records.length).toBeLessThan(20000);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(result.records.length + 1);
    expect(result.problems[0]!.reason).toMatch(/gzip data ends before the end of its last block: the file was cut short.*line\(s\) before it were read/);
  });

  it('reports a zstd file cut short', async () => {
    const result = await readAll(join(FIXTURES, 'squid-native-3000-cut.log.zst'));
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.problems.at(-1)!.reason).toMatch(/zstd data ends before .* cut short/);
  });
});

describe('times', () => {
  it.each([
    ['2026-10-13 09:15:02', '2026-10-13'],
    ['2026-10-13T23:30:00-02:00', '2026-10-14'],
    ['2026/10/13 09:15:02', '2026-10-13'],
    ['1791884102.584', '2026-10-13'],
    ['[13/Oct/2026:23:30:00 -0200]', '2026-10-14'],
    ['Mon Oct 13 09:15:02 2026', '2026-10-13'],
    ['yesterday', undefined],
  ])('%s → %s', (value, day) => expect(dayOf(value)).toBe(day));
});

describe('a large plain file, read in parts at once', () => {
  async function recordsOf(path: string, parts: number) {
    const file = await openNetworkLog(path);
    const ranges = await file.parts(parts, 1);
    const records: NetworkRecord[] = [];
    const lines: number[] = [];
    for (const range of ranges) {
      let count = 0;
      for await (const batch of file.batches(ranges.length > 1 ? range : undefined)) {
        records.push(...batch.records);
        count += batch.lines;
      }
      lines.push(count);
    }
    return { ranges, records, lines };
  }

  it('cuts at lines’ starts, and the parts together hold every record once, in order', async () => {
    const path = join(dir, 'parts.log');
    // Lines of different lengths, so that no cut falls on a line's start by chance.
    const text = Array.from({ length: 999 }, (_, i) => `1789000000.${String(i).padStart(3, '0')} ${i} 10.0.0.${i % 250} TCP_TUNNEL/200 ${i * 7} CONNECT h${i}.example${'x'.repeat(i % 13)}.com:443 user${i}@corp.example HIER_DIRECT/1.2.3.4 -`).join('\n');
    writeFileSync(path, `${text}\n`);
    const whole = await recordsOf(path, 1);
    expect(whole.ranges).toHaveLength(1);
    for (const parts of [2, 3, 4]) {
      const split = await recordsOf(path, parts);
      expect(split.ranges).toHaveLength(parts);
      expect(split.ranges[0]!.start).toBe(0);
      expect(split.ranges.at(-1)!.end).toBe(readFileSync(path).length);
      for (let i = 1; i < split.ranges.length; i++) {
        expect(split.ranges[i]!.start).toBe(split.ranges[i - 1]!.end);
        expect(readFileSync(path).subarray(split.ranges[i]!.start - 1, split.ranges[i]!.start).toString()).toBe('\n');
      }
      expect(split.records).toEqual(whole.records);
      expect(split.lines.reduce((a, b) => a + b, 0)).toBe(999);
    }
  });

  it('stays whole when it is compressed, small, or of a format whose lines depend on earlier ones', async () => {
    const squid = readFileSync(join(FIXTURES, 'squid-native.log'));
    const gzipped = join(dir, 'parts.log.gz');
    writeFileSync(gzipped, gzipSync(squid));
    expect(await (await openNetworkLog(gzipped)).parts(2, 1)).toEqual([{ start: 0, end: readFileSync(gzipped).length }]);
    // W3C logs' #Fields directives may change midway: a part would not know which fields it reads.
    const w3c = join(FIXTURES, 'netskope-transactions.log');
    expect(await (await openNetworkLog(w3c)).parts(2, 1)).toHaveLength(1);
    expect(await (await openNetworkLog(join(FIXTURES, 'squid-native.log'))).parts(2, 1)).toHaveLength(2);
    expect(await (await openNetworkLog(join(FIXTURES, 'squid-native.log'))).parts(2, squid.length)).toHaveLength(1);
  });
});
