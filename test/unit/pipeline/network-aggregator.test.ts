import { describe, expect, it } from 'vitest';
import type { NetworkRecord } from '../../../connectors/network/index.js';
import type { MatchDetail } from '../../../src/domain/match.js';
import { type CountSlot, type HostCount, NetworkAggregator } from '../../../src/pipeline/network-aggregator.js';

const line = (day: string, bytesOut = 10, blocked = false): NetworkRecord => ({ host: 'www.example.org', day, bytesOut, bytesIn: 100, blocked });

/** Sums of the counts per (domain, day), whatever order or split they came in. */
function totals(rows: HostCount[]): Record<string, { requests: number; blocked: number; bytesOut: number; bytesIn: number }> {
  const sums: Record<string, { requests: number; blocked: number; bytesOut: number; bytesIn: number }> = {};
  for (const row of rows) {
    const sum = (sums[`${row.domain} ${row.day}`] ??= { requests: 0, blocked: 0, bytesOut: 0, bytesIn: 0 });
    sum.requests += row.requests;
    sum.blocked += row.blocked;
    sum.bytesOut += row.bytesOut;
    sum.bytesIn += row.bytesIn;
  }
  return sums;
}

describe('network aggregator: counts per domain and day', () => {
  it('gives the same counts with a per-host slot as without, across days and flushes', () => {
    const days = ['2026-10-01', '2026-10-01', '2026-10-02', '2026-10-01', '2026-10-01', '2026-10-03'];
    const plain = new NetworkAggregator();
    const slotted = new NetworkAggregator();
    const slot: CountSlot = {};
    const taken: HostCount[] = [];
    days.forEach((day, i) => {
      plain.addUnmatched(line(day, i, i === 2), 'example.org', 'example.org');
      slotted.addUnmatched(line(day, i, i === 2), 'example.org', 'example.org', slot);
      // A flush midway: the slot still points at a count that has been handed over, and the next line is of its day.
      // What was taken is written as it is then (a copy here), so a later add to it would be lost.
      if (i === 3) taken.push(...structuredClone(slotted.takeUnmatched()));
    });
    taken.push(...slotted.takeUnmatched());
    const expected = totals(plain.takeUnmatched());
    expect(totals(taken)).toEqual(expected);
    expect(expected['example.org 2026-10-01']).toEqual({ requests: 4, blocked: 0, bytesOut: 0 + 1 + 3 + 4, bytesIn: 400 });
    expect(expected['example.org 2026-10-02']).toEqual({ requests: 1, blocked: 1, bytesOut: 2, bytesIn: 100 });
  });

  it('never adds to a count of another aggregator (the next file) through a slot kept from the last', () => {
    const slot: CountSlot = {};
    const first = new NetworkAggregator();
    first.addUnmatched(line('2026-10-01'), 'example.org', 'example.org', slot);
    const firstRows = first.takeUnmatched();
    const second = new NetworkAggregator();
    second.addUnmatched(line('2026-10-01'), 'example.org', 'example.org', slot);
    expect(firstRows.map((row) => row.requests)).toEqual([1]);
    expect(second.takeUnmatched().map((row) => row.requests)).toEqual([1]);
  });
});

describe('network aggregator: AI traffic per person, system and day', () => {
  const detail = (host: string): MatchDetail => ({ catalogId: 'openai-chatgpt', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant', confidence: 0.95, reasons: [`destination host ${host}`] });
  const visit = (host: string): NetworkRecord => ({ host, day: '2026-10-01', user: 'ana@corp.example', bytesOut: 5, bytesIn: 50, blocked: false });

  it('names the most requested host, with that host’s own domain and reasons, whichever host came first', () => {
    const aggregator = new NetworkAggregator();
    const hosts = ['cdn.oaistatic.com', 'chatgpt.com', 'chatgpt.com', 'ab.chatgpt.com', 'chatgpt.com'];
    for (const host of hosts) {
      const domain = host.endsWith('oaistatic.com') ? 'oaistatic.com' : 'chatgpt.com';
      aggregator.addMatched(visit(host), { systemKey: 'openai-chatgpt', domain, match: detail(host) }, detail(host));
    }
    const [observation, ...others] = [...aggregator.observations('squid')];
    expect(others).toEqual([]);
    expect(observation!.attributes).toMatchObject({ host: 'chatgpt.com', domain: 'chatgpt.com', hosts: ['ab.chatgpt.com', 'cdn.oaistatic.com'], requests: 5, bytesOut: 25, bytesIn: 250 });
    expect(observation!.match.reasons).toEqual(['destination host chatgpt.com']);
  });
});

describe('network aggregator: parts of one file', () => {
  const match = { catalogId: 'openai-chatgpt', vendor: 'OpenAI', product: 'ChatGPT', category: 'chat_assistant', confidence: 0.9, reasons: ['network traffic to chatgpt.com'] } as MatchDetail;
  const verdict = { match, systemKey: 'network:openai-chatgpt', domain: 'chatgpt.com' };
  const ai = (host: string, day: string, user: string, bytesOut: number): NetworkRecord => ({ host, day, user, bytesOut, bytesIn: 1, blocked: false });

  it('adds another part’s matched traffic to its own: the same person, system and day become one aggregate', () => {
    const first = new NetworkAggregator();
    const second = new NetworkAggregator();
    first.addMatched(ai('chatgpt.com', '2026-10-01', 'ana', 10), verdict, match);
    second.addMatched(ai('chatgpt.com', '2026-10-01', 'ana', 5), verdict, match);
    second.addMatched(ai('cdn.chatgpt.com', '2026-10-01', 'ana', 1), verdict, match);
    second.addMatched(ai('chatgpt.com', '2026-10-02', 'ana', 7), verdict, match);
    first.mergeMatched(structuredClone([...second.matched.values()]));
    const observations = [...first.observations('squid')];
    expect(observations.map((o) => [o.attributes.day, o.attributes.requests, o.attributes.bytesOut, o.attributes.host, o.attributes.hosts])).toEqual([
      ['2026-10-01', 3, 16, 'chatgpt.com', ['cdn.chatgpt.com']],
      ['2026-10-02', 1, 7, 'chatgpt.com', undefined],
    ]);
  });

  it('gives an aggregate to be written once, and again whole when it grows; past days leave with takePastMatched', () => {
    const aggregator = new NetworkAggregator();
    aggregator.addMatched(ai('chatgpt.com', '2026-10-01', 'ana', 1), verdict, match);
    aggregator.addMatched(ai('chatgpt.com', '2026-10-02', 'ana', 2), verdict, match);
    expect(aggregator.takeUnwritten(false).map((t) => t.attributes.day)).toEqual(['2026-10-01']);
    expect(aggregator.takeUnwritten(false)).toEqual([]);
    // A late line of the first day: its aggregate is given again, with both lines.
    aggregator.addMatched(ai('chatgpt.com', '2026-10-01', 'ana', 4), verdict, match);
    expect(aggregator.takeUnwritten(true).map((t) => [t.attributes.day, t.attributes.bytesOut]).sort()).toEqual([
      ['2026-10-01', 5],
      ['2026-10-02', 2],
    ]);
    aggregator.addMatched(ai('chatgpt.com', '2026-10-03', 'ana', 8), verdict, match);
    expect(aggregator.takePastMatched().map((t) => t.attributes.day).sort()).toEqual(['2026-10-01', '2026-10-02']);
    expect([...aggregator.matched.values()].map((t) => t.attributes.day)).toEqual(['2026-10-03']);
  });

  it('hands over the counts of past days and keeps the day its last line was of', () => {
    const aggregator = new NetworkAggregator();
    const slot: CountSlot = {};
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03']) aggregator.addUnmatched(line(day), 'example.org', 'example.org', slot);
    expect(aggregator.pastDaysSize).toBe(2);
    const past = aggregator.takePastDays();
    expect(past.map((row) => row.day).sort()).toEqual(['2026-10-01', '2026-10-02']);
    expect(aggregator.pastDaysSize).toBe(0);
    // The slot pointed at the last day's count, which stays: a line of that day still adds to it once.
    aggregator.addUnmatched(line('2026-10-03'), 'example.org', 'example.org', slot);
    expect(aggregator.takeUnmatched()).toMatchObject([{ day: '2026-10-03', requests: 2 }]);
  });
});
