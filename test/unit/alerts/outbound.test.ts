import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBody } from '../../../src/alerts/outbound.js';
import { checkHost } from '../../../src/outbound/guard.js';
import { parseNetworkPolicy, PUBLIC_ONLY } from '../../../src/outbound/policy.js';
import { startReceiver } from '../../helpers/receiver.js';

describe('outbound requests to alert receivers', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('checks the addresses a host name resolves to when connecting, not only IP literals', async () => {
    const byName = new URL(receiver.url.replace('127.0.0.1', 'localhost'));
    const refused = await postBody(byName, '{}', {}, { policy: PUBLIC_ONLY, timeoutMs: 2000 });
    expect(refused).toEqual({ ok: false, retryable: false, error: expect.stringMatching(/^refused to connect to localhost \((127\.0\.0\.1|::1)\): it is a loopback address.*UNSHADOW_ALLOW_PRIVATE_NETWORKS/) });
    expect(receiver.received).toHaveLength(0);
    expect(await postBody(byName, '{}', {}, { policy: parseNetworkPolicy('loopback'), timeoutMs: 2000 })).toEqual({ ok: true });
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses link-local metadata addresses when a rule is added, naming the host and the fix', async () => {
    await expect(checkHost('169.254.169.254', PUBLIC_ONLY)).rejects.toThrow(/169\.254\.169\.254 \(169\.254\.169\.254\): it is a link local address.*UNSHADOW_ALLOW_PRIVATE_NETWORKS/);
    await expect(checkHost('localhost', PUBLIC_ONLY)).rejects.toThrow(/it is a loopback address/);
    await expect(checkHost('[::127.0.0.1]', PUBLIC_ONLY)).rejects.toThrow(/refused to connect/);
    await expect(checkHost('localhost', parseNetworkPolicy('loopback'))).resolves.toBeUndefined();
    await expect(checkHost('localhost', parseNetworkPolicy('10.0.0.0/8'))).rejects.toThrow(/loopback/);
    await expect(checkHost('no-such-host.invalid', parseNetworkPolicy('loopback'), 'receiver host')).rejects.toThrow(/cannot resolve the receiver host no-such-host\.invalid/);
  });

  it('gives up on a receiver that does not answer in time, as a retryable failure naming only the host', async () => {
    receiver.answers.push({ hangMs: 5000 });
    const outcome = await postBody(new URL(receiver.url), '{}', {}, { policy: parseNetworkPolicy('loopback'), timeoutMs: 300 });
    expect(outcome).toEqual({ ok: false, retryable: true, error: `${new URL(receiver.url).host} did not answer within 300 ms` });
    expect(JSON.stringify(outcome)).not.toContain('secretpath');
  });
});
