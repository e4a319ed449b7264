import type { NetworkRecord } from '../../connectors/network/index.js';
import type { MatchDetail } from '../domain/match.js';
import type { NetworkAttributes } from '../domain/observation.js';

/** Copies a string cut from a log chunk, so that keeping it does not keep the chunk (see import-network). */
const detach = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * The data minimisation of network logs, in memory: traffic to an AI system is summed per user
 * (or device), system, day and action, keeping the hosts it went to; everything else only per
 * destination host and day, with no user or device. Its size grows with people × systems × days
 * and with distinct hosts, not with lines; the caller flushes the host counts when they grow.
 */

export interface MatchedTraffic {
  systemKey: string;
  match: MatchDetail;
  attributes: Omit<NetworkAttributes, 'host' | 'hosts' | 'format'>;
  /** Requests per host, to name the main host and the others. */
  hosts: Map<string, number>;
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

export class NetworkAggregator {
  readonly matched = new Map<string, MatchedTraffic>();
  readonly unmatched = new Map<string, HostCount>();

  addMatched(record: NetworkRecord, systemKey: string, match: MatchDetail, domain: string): void {
    const action = record.blocked ? 'blocked' : 'allowed';
    const principal = record.user ? `u:${record.user}` : record.device ? `d:${record.device}` : '-';
    const key = `${systemKey}\u0001${principal}\u0001${record.day}\u0001${action}`;
    let traffic = this.matched.get(key);
    if (!traffic) {
      traffic = {
        systemKey,
        match,
        attributes: { domain, day: record.day, requests: 0, bytesOut: 0, bytesIn: 0, action, ...(record.user ? { user: detach(record.user) } : record.device ? { device: detach(record.device) } : {}) },
        hosts: new Map(),
      };
      this.matched.set(key, traffic);
    }
    const requests = record.requests ?? 1;
    traffic.attributes.requests += requests;
    traffic.attributes.bytesOut += record.bytesOut;
    traffic.attributes.bytesIn += record.bytesIn;
    const seen = traffic.hosts.get(record.host);
    traffic.hosts.set(seen === undefined ? detach(record.host) : record.host, (seen ?? 0) + requests);
  }

  addUnmatched(record: NetworkRecord, host: string, domain: string): void {
    const key = `${host}\u0001${record.day}`;
    let count = this.unmatched.get(key);
    if (!count) {
      count = { host, domain, day: record.day, requests: 0, blocked: 0, bytesOut: 0, bytesIn: 0 };
      this.unmatched.set(key, count);
    }
    const requests = record.requests ?? 1;
    count.requests += requests;
    if (record.blocked) count.blocked += requests;
    count.bytesOut += record.bytesOut;
    count.bytesIn += record.bytesIn;
  }

  /** The host counts so far, forgotten here: the caller adds them to what it wrote before. */
  takeUnmatched(): HostCount[] {
    const rows = [...this.unmatched.values()];
    this.unmatched.clear();
    return rows;
  }

  /** One observation's attributes per matched aggregate, the most requested host first. */
  *observations(format: string): Generator<{ traffic: MatchedTraffic; attributes: NetworkAttributes }> {
    for (const traffic of this.matched.values()) {
      const hosts = [...traffic.hosts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([host]) => host);
      const others = hosts.slice(1, 1 + LISTED_HOSTS);
      yield { traffic, attributes: { host: hosts[0]!, ...traffic.attributes, ...(others.length ? { hosts: others } : {}), format } };
    }
  }
}
