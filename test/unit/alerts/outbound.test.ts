import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReceiverHost, postBody } from '../../../src/alerts/outbound.js';
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
    const refused = await postBody(byName, '{}', {}, { allowPrivate: false, timeoutMs: 2000 });
    expect(refused).toEqual({ ok: false, retryable: false, error: expect.stringMatching(/^refused to send alerts to localhost \((127\.0\.0\.1|::1)\): it is a loopback address/) });
    expect(receiver.received).toHaveLength(0);
    expect(await postBody(byName, '{}', {}, { allowPrivate: true, timeoutMs: 2000 })).toEqual({ ok: true });
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses link-local metadata addresses when a rule is added, naming the host and the fix', async () => {
    await expect(checkReceiverHost('169.254.169.254', false)).rejects.toThrow(/169\.254\.169\.254 \(169\.254\.169\.254\): it is a link local address; add the rule with --allow-private/);
    await expect(checkReceiverHost('localhost', false)).rejects.toThrow(/it is a loopback address/);
    await expect(checkReceiverHost('localhost', true)).resolves.toBeUndefined();
    await expect(checkReceiverHost('no-such-host.invalid', true)).rejects.toThrow(/cannot resolve the receiver host no-such-host\.invalid/);
  });

  it('gives up on a receiver that does not answer in time, as a retryable failure naming only the host', async () => {
    receiver.answers.push({ hangMs: 5000 });
    const outcome = await postBody(new URL(receiver.url), '{}', {}, { allowPrivate: true, timeoutMs: 300 });
    expect(outcome).toEqual({ ok: false, retryable: true, error: `${new URL(receiver.url).host} did not answer within 300 ms` });
    expect(JSON.stringify(outcome)).not.toContain('secretpath');
  });
});
