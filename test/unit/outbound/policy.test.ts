import { describe, expect, it } from 'vitest';
import { inNetworks, parseNetworkPolicy, PUBLIC_ONLY, rangeOf, refusedRange } from '../../../src/outbound/policy.js';

describe('where outbound requests may go', () => {
  it('allows only global unicast by default', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '2001:4860:4860::8888']) expect(refusedRange(address, PUBLIC_ONLY), address).toBeUndefined();
    const refused = [
      '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '255.255.255.255', '198.18.0.1',
      '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254',
      // IPv4-compatible (::/96), 6to4 and NAT64 forms of internal IPv4 addresses, and IPv6 outside 2000::/3.
      '::127.0.0.1', '::7f00:1', '::a9fe:a9fe', '2002:7f00:1::', '64:ff9b::7f00:1', '4000::1',
    ];
    for (const address of refused) expect(refusedRange(address, PUBLIC_ONLY), address).toBeDefined();
    expect(rangeOf('::7f00:1')).toBe('non-global IPv6');
  });

  it("widens only as far as the operator's allowance says", () => {
    const loopback = parseNetworkPolicy('loopback');
    expect(refusedRange('127.0.0.1', loopback)).toBeUndefined();
    expect(refusedRange('::1', loopback)).toBeUndefined();
    expect(refusedRange('::ffff:127.0.0.1', loopback)).toBeUndefined();
    expect(refusedRange('10.0.0.1', loopback)).toBe('private');
    expect(refusedRange('169.254.169.254', loopback)).toBe('link local');
    const office = parseNetworkPolicy(' 10.20.0.0/16 , fd00::/8,192.168.1.7 ');
    expect(refusedRange('10.20.3.4', office)).toBeUndefined();
    expect(refusedRange('10.21.3.4', office)).toBe('private');
    expect(refusedRange('192.168.1.7', office)).toBeUndefined();
    expect(refusedRange('192.168.1.8', office)).toBe('private');
    expect(inNetworks('fd12::1', office)).toBe(true);
  });

  it('names the item it cannot read', () => {
    expect(() => parseNetworkPolicy('10.0.0.0/8,intranet')).toThrow("'intranet' is not a CIDR range");
    expect(() => parseNetworkPolicy('10.0.0.0/33')).toThrow("'10.0.0.0/33'");
  });
});
