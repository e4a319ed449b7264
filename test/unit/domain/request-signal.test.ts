import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRequestSignal } from '../../../src/domain/request-signal.js';

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('withRequestSignal: one request, a signal of its own', () => {
  let url: string;
  const server = createServer((request, response) => (request.url === '/slow' ? setTimeout(() => response.end('{}'), 5000) : response.end('{}')));
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  // Node's fetch keeps its listener on the signal it is given until the request is collected: a
  // scan's signal given to each of thousands of requests carried thousands of listeners.
  it("leaves no listener on the scan's signal, however many requests it covered", async () => {
    const scan = new AbortController();
    for (let i = 0; i < 300; i++) await withRequestSignal(scan.signal, async (signal) => (await fetch(url, signal ? { signal } : {})).text());
    expect(listeners(scan.signal)).toBe(0);
  });

  it('aborts the request in flight when the scan is stopped, with the scan’s reason', async () => {
    const scan = new AbortController();
    const request = withRequestSignal(scan.signal, async (signal) => (await fetch(`${url}/slow`, signal ? { signal } : {})).text());
    setTimeout(() => scan.abort(new Error('scan cancelled')), 50);
    await expect(request).rejects.toThrow('scan cancelled');
    expect(listeners(scan.signal)).toBe(0);
  });

  it('gives an already stopped scan’s request an aborted signal, and none without a scan', async () => {
    const scan = new AbortController();
    scan.abort(new Error('stopped'));
    expect(await withRequestSignal(scan.signal, async (signal) => signal?.aborted)).toBe(true);
    expect(await withRequestSignal(undefined, async (signal) => signal)).toBeUndefined();
  });
});
