import type { NetworkRecord } from '../../connectors/network/index.js';
import type { MatchDetail } from '../domain/match.js';
import type { NetworkAttributes } from '../domain/observation.js';

/**
 * A copy of a string that shares no memory with the log chunk it was cut from: V8 keeps a whole
 * chunk alive for a slice of it, so whatever outlives the line (cache keys, aggregate fields) is
 * copied once.
 */
export const detach = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * The data minimisation of network logs, in memory: traffic to an AI system is summed per user
 * (or device), system, day and action, keeping the hosts it went to; everything else only per
 * destination host and day, with no user or device. Its size grows with people × systems × days
 * and with distinct hosts, not with lines; the caller flushes the host counts when they grow.
 */

/** What is decided once per distinct host: hosts repeat millions of times in a log. */
export interface HostVerdict {
  match: MatchDetail | null;
  systemKey: string;
  /** Registrable domain (public suffix list), or the host for addresses. */
  domain: string;
}

/** One host's part of an aggregate: its requests, and what its verdict said. */
export interface HostShare {
  host: string;
  requests: number;
  domain: string;
  match: MatchDetail;
}

export interface MatchedTraffic {
  systemKey: string;
  attributes: Omit<NetworkAttributes, 'host' | 'hosts' | 'format' | 'domain'>;
  /** Nearly always one host, so a flat list. */
  hosts: HostShare[];
}

export interface HostCount {
  host: string;
  domain: string;
  day: string;
  requests: number;
  blocked: number;
  bytesOut: number;
  bytesIn: number;
}

/** Hosts listed beside the main one on an observation: enough to see the API and the app apart. */
const LISTED_HOSTS = 5;

/**
 * Where a caller keeps, per host, the count that host's traffic went to last. Lines of a host
 * mostly come on the same day, so they add to it directly, without the day's and the domain's
 * lookups. A count taken (takeUnmatched) or of another aggregator is never added to: the slot
 * names the generation it belongs to.
 */
export interface CountSlot {
  count?: HostCount;
  generation?: number;
}

let generations = 0;

export class NetworkAggregator {
  readonly matched = new Map<string, MatchedTraffic>();
  /** Day → domain → counts: two lookups by strings that are the same objects line after line, no key to build. */
  private readonly unmatchedByDay = new Map<string, Map<string, HostCount>>();
  private lastDay = '';
  private lastDomains: Map<string, HostCount> | undefined;
  /** Distinct (domain, day) counts held. */
  unmatchedSize = 0;
  private generation = ++generations;
  /** Matched aggregates changed since they were last taken to be written: written again with their new totals. */
  private readonly unwritten = new Set<MatchedTraffic>();
  private lastMatchedDay = '';

  addMatched(record: NetworkRecord, verdict: HostVerdict, match: MatchDetail): void {
    const action = record.blocked ? 'blocked' : 'allowed';
    const key = matchedKey(verdict.systemKey, record, record.day, action);
    let traffic = this.matched.get(key);
    if (!traffic) {
      traffic = {
        systemKey: verdict.systemKey,
        attributes: { day: record.day, requests: 0, bytesOut: 0, bytesIn: 0, action, ...(record.user ? { user: detach(record.user) } : record.device ? { device: detach(record.device) } : {}) },
        hosts: [],
      };
      // The key is built from the line's own strings: copied, or the Map would keep the chunk.
      this.matched.set(detach(key), traffic);
    }
    this.unwritten.add(traffic);
    this.lastMatchedDay = traffic.attributes.day;
    const requests = record.requests ?? 1;
    traffic.attributes.requests += requests;
    traffic.attributes.bytesOut += record.bytesOut;
    traffic.attributes.bytesIn += record.bytesIn;
    const hosts = traffic.hosts;
    let i = 0;
    while (i < hosts.length && hosts[i]!.host !== record.host) i++;
    if (i === hosts.length) hosts.push({ host: detach(record.host), requests, domain: verdict.domain, match });
    else hosts[i]!.requests += requests;
  }

  /** Another aggregator's matched traffic (of another part of the same file), added to this one's. */
  mergeMatched(others: Iterable<MatchedTraffic>): void {
    for (const other of others) {
      const key = matchedKey(other.systemKey, other.attributes, other.attributes.day, other.attributes.action);
      const traffic = this.matched.get(key);
      if (!traffic) {
        this.matched.set(key, other);
        this.unwritten.add(other);
        continue;
      }
      this.unwritten.add(traffic);
      traffic.attributes.requests += other.attributes.requests;
      traffic.attributes.bytesOut += other.attributes.bytesOut;
      traffic.attributes.bytesIn += other.attributes.bytesIn;
      for (const share of other.hosts) {
        const same = traffic.hosts.find((mine) => mine.host === share.host);
        if (same) same.requests += share.requests;
        else traffic.hosts.push(share);
      }
    }
  }

  addUnmatched(record: NetworkRecord, host: string, domain: string, slot?: CountSlot): void {
    const cached = slot?.generation === this.generation ? slot.count : undefined;
    if (cached?.day === record.day) return count(cached, record);
    let domains = this.lastDomains;
    if (record.day !== this.lastDay || !domains) {
      domains = this.unmatchedByDay.get(record.day);
      if (!domains) {
        domains = new Map();
        this.unmatchedByDay.set(record.day, domains);
      }
      this.lastDay = record.day;
      this.lastDomains = domains;
    }
    // `host` comes from the caller's per-host cache: already a string of its own.
    let found = domains.get(host);
    if (!found) {
      found = { host, domain, day: this.lastDay, requests: 0, blocked: 0, bytesOut: 0, bytesIn: 0 };
      domains.set(host, found);
      this.unmatchedSize++;
    }
    if (slot) {
      slot.count = found;
      slot.generation = this.generation;
    }
    count(found, record);
  }

  /** The host counts so far, forgotten here: the caller adds them to what it wrote before. */
  takeUnmatched(): HostCount[] {
    const rows: HostCount[] = [];
    for (const domains of this.unmatchedByDay.values()) rows.push(...domains.values());
    this.unmatchedByDay.clear();
    this.lastDomains = undefined;
    this.lastDay = '';
    this.unmatchedSize = 0;
    this.generation = ++generations;
    return rows;
  }

  /** Host counts held of days other than the last line's: in a log written in time order, days that are over. */
  get pastDaysSize(): number {
    return this.unmatchedSize - (this.lastDomains?.size ?? 0);
  }

  /** The host counts of days other than the last line's, forgotten here; the last day's stay. */
  takePastDays(): HostCount[] {
    const rows: HostCount[] = [];
    for (const [day, domains] of this.unmatchedByDay) {
      if (day === this.lastDay) continue;
      rows.push(...domains.values());
      this.unmatchedByDay.delete(day);
    }
    this.unmatchedSize -= rows.length;
    this.generation = ++generations;
    return rows;
  }

  /** Matched aggregates changed since they were last taken, held here. */
  get unwrittenSize(): number {
    return this.unwritten.size;
  }

  /**
   * The matched aggregates changed since they were last taken, with their totals so far; those of
   * the last line's day stay unless `all`. One that changes again is given again, whole.
   */
  takeUnwritten(all: boolean): MatchedTraffic[] {
    const taken: MatchedTraffic[] = [];
    for (const traffic of this.unwritten) {
      if (!all && traffic.attributes.day === this.lastMatchedDay) continue;
      taken.push(traffic);
      this.unwritten.delete(traffic);
    }
    return taken;
  }

  /** The matched aggregates of days other than the last line's, forgotten here: another aggregator adds them to its own. */
  takePastMatched(): MatchedTraffic[] {
    const taken: MatchedTraffic[] = [];
    for (const [key, traffic] of this.matched) {
      if (traffic.attributes.day === this.lastMatchedDay) continue;
      taken.push(traffic);
      this.matched.delete(key);
      this.unwritten.delete(traffic);
    }
    return taken;
  }

  /**
   * One observation per matched aggregate (all of them, or those given). Its host is the most
   * requested one, and its domain and match are that host's, so the three describe one host
   * whichever line came first.
   */
  *observations(format: string, traffics: Iterable<MatchedTraffic> = this.matched.values()): Generator<{ systemKey: string; match: MatchDetail; attributes: NetworkAttributes }> {
    for (const traffic of traffics) {
      const hosts = [...traffic.hosts].sort((a, b) => b.requests - a.requests || (a.host < b.host ? -1 : 1));
      const main = hosts[0]!;
      const others = hosts.slice(1, 1 + LISTED_HOSTS).map((share) => share.host);
      yield { systemKey: traffic.systemKey, match: main.match, attributes: { host: main.host, domain: main.domain, ...traffic.attributes, ...(others.length ? { hosts: others } : {}), format } };
    }
  }
}

function matchedKey(systemKey: string, who: { user?: string; device?: string }, day: string, action: string): string {
  const principal = who.user ? `u:${who.user}` : who.device ? `d:${who.device}` : '-';
  return `${systemKey}\u0001${principal}\u0001${day}\u0001${action}`;
}

function count(into: HostCount, record: NetworkRecord): void {
  const requests = record.requests ?? 1;
  into.requests += requests;
  if (record.blocked) into.blocked += requests;
  into.bytesOut += record.bytesOut;
  into.bytesIn += record.bytesIn;
}
