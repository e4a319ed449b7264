import { describe, expect, it } from 'vitest';
import { callsInFlight, googleWorkspaceOptionsSchema } from '../../../../connectors/google-workspace/options.js';

describe('Google calls in flight', () => {
  const options = (more: Record<string, unknown>) => googleWorkspaceOptionsSchema.parse({ adminEmail: 'admin@example.com', ...more });

  it("follow the pace: 10 at Google's default quota, a quarter second of calls for a raised quota, 250 at most", () => {
    expect(callsInFlight(options({}))).toBe(10);
    expect(callsInFlight(options({ requestsPerSecond: 100 }))).toBe(25);
    expect(callsInFlight(options({ requestsPerSecond: 600 }))).toBe(150);
    expect(callsInFlight(options({ requestsPerSecond: 1000 }))).toBe(250);
    expect(callsInFlight(options({ requestsPerSecond: 5 }))).toBe(10);
  });

  it('are what the admin set, when set', () => {
    expect(callsInFlight(options({ requestsPerSecond: 600, concurrency: 4 }))).toBe(4);
    expect(() => options({ concurrency: 251 })).toThrow();
  });
});
