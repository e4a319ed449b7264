import ipaddr from 'ipaddr.js';

/**
 * Which addresses unshadow may connect to. Alert receivers and connector endpoints are named by
 * people who do not own the host (an API caller, a connection's URL option), so a target could be
 * the cloud metadata service, an internal admin port or the loopback interface (SSRF). Only
 * global unicast is allowed; the operator widens that with UNSHADOW_ALLOW_PRIVATE_NETWORKS, read
 * from the environment and never from a request. Pure: no DNS, no I/O.
 */

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface NetworkPolicy {
  /** The operator's allowance as written, for messages. */
  readonly allowed: readonly string[];
  readonly cidrs: readonly Cidr[];
}

/** `loopback` in the allowance: the ranges test doubles on this machine live in. */
const LOOPBACK = ['127.0.0.0/8', '::1/128'];
/** IPv6 global unicast (RFC 4291); everything else (IPv4-compatible ::/96, 4000::/2…) is not public. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export const PUBLIC_ONLY: NetworkPolicy = { allowed: [], cidrs: [] };

/**
 * The operator's allowance: comma-separated CIDRs or single addresses, and `loopback`.
 * Throws with the offending item named; config reports it with the variable.
 */
export function parseNetworkPolicy(value: string | undefined): NetworkPolicy {
  const items = (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const cidrs: Cidr[] = [];
  for (const item of items) {
    for (const range of item.toLowerCase() === 'loopback' ? LOOPBACK : [item]) {
      try {
        cidrs.push(range.includes('/') ? ipaddr.parseCIDR(range) : ((parsed) => [parsed, parsed.kind() === 'ipv4' ? 32 : 128] as Cidr)(ipaddr.parse(range)));
      } catch {
        throw new Error(`'${item}' is not a CIDR range (10.0.0.0/8, fd00::/8), an address or loopback`);
      }
    }
  }
  return { allowed: items, cidrs };
}

/** ipaddr.js names every special-purpose range; its "unicast" alone is not enough for IPv6. */
export function rangeOf(address: string): string {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (parsed.kind() === 'ipv6' && range === 'unicast' && !parsed.match(GLOBAL_UNICAST_V6)) return 'non-global IPv6';
  return range;
}

/** "linkLocal" → "link local": ipaddr.js range names, in words. */
export function rangeInWords(address: string): string {
  return rangeOf(address).replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** The range that refuses the address under the policy, or undefined when it may be reached. */
export function refusedRange(address: string, policy: NetworkPolicy): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return 'unparseable';
  }
  if (rangeOf(parsed.toString()) === 'unicast') return undefined;
  // An IPv4-mapped address is checked as the IPv4 address it is (process() converted it).
  if (inNetworks(address, policy)) return undefined;
  return rangeInWords(parsed.toString());
}

/** The refusal, naming the host, the address, its range and the operator's way to allow it. */
export function refusalMessage(host: string, address: string, range: string): string {
  return `refused to connect to ${host} (${address}): it is a ${range} address, and only public addresses are allowed; the operator can allow it with UNSHADOW_ALLOW_PRIVATE_NETWORKS`;
}

/** Whether the address lies in one of the policy's ranges (trusted proxies, say). */
export function inNetworks(address: string, policy: NetworkPolicy): boolean {
  try {
    const parsed = ipaddr.process(address);
    return policy.cidrs.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
  } catch {
    return false;
  }
}
