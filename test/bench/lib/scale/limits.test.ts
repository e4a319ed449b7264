import { describe, expect, it } from 'vitest';
import { requestCost } from './graph-double.js';
import { FixedWindow, SlidingWindow, TokenBucket } from './limits.js';

/** The doubles' limits are what the benchmark's ratios are measured against: they must be exact. */
describe('scale doubles: limits', () => {
  it('a token bucket admits its capacity at once, then its rate, and says how long to wait', () => {
    const bucket = new TokenBucket(8000, 0.8, 0);
    expect(bucket.take(8000, 0)).toBe(0);
    expect(bucket.take(2, 0)).toBe(3); // 2 units at 0.8 a millisecond
    expect(bucket.take(2, 3)).toBe(0);
    expect(bucket.usedShare(3)).toBeCloseTo(1, 3);
  });

  it('a sliding window admits `limit` events in any window and names when the oldest leaves', () => {
    const window = new SlidingWindow(3, 1000);
    expect([window.admit(0), window.admit(10), window.admit(20)]).toEqual([0, 0, 0]);
    expect(window.admit(500)).toBe(500);
    expect(window.admit(1000)).toBe(0); // the event at 0 left
    expect(window.admit(1005)).toBe(5);
  });

  it("GitHub's window starts at the first request after the last one ended and counts from zero again", () => {
    const window = new FixedWindow(2, 36_000);
    expect(window.take(1_500)).toBe(true);
    expect(window.state(1_500).resetAt).toBe(37_000);
    expect(window.take(2_000)).toBe(true);
    expect(window.take(36_999)).toBe(false);
    expect(window.take(37_000)).toBe(true);
    expect(window.state(37_000)).toMatchObject({ used: 1, remaining: 1, resetAt: 73_000 });
  });

  it('Graph request costs follow the documented table and modifiers', () => {
    const cost = (path: string) => {
      const url = new URL(`http://graph${path}`);
      return requestCost(url, url.pathname.slice('/v1.0/'.length).split('/').filter(Boolean));
    };
    expect(cost('/v1.0/users?$top=999')).toBe(2);
    expect(cost('/v1.0/users?$select=id&$top=999')).toBe(1);
    expect(cost('/v1.0/oauth2PermissionGrants?$filter=x')).toBe(2);
    expect(cost('/v1.0/servicePrincipals/abc/appRoleAssignments')).toBe(2);
    expect(cost('/v1.0/servicePrincipals/abc/appRoleAssignedTo')).toBe(1);
    expect(cost('/v1.0/subscribedSkus?$select=skuId')).toBe(2);
    expect(cost('/v1.0/servicePrincipals?$select=id&$top=1')).toBe(1); // never below 1
    expect(cost('/v1.0/users?$expand=manager')).toBe(3);
  });
});
