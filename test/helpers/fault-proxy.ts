import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './random.js';

/**
 * A local HTTP proxy in front of a SaaS double that breaks requests the way real APIs do: 429
 * with a short Retry-After, 5xx, slow answers, a connection dropped mid-body, and 200 with an
 * empty body. Which request breaks is drawn from a seeded generator, so a run is repeatable;
 * nothing about the request decides it, so every kind of request meets every kind of fault.
 *
 * A Graph JSON batch (`POST …/$batch`) that gets through is broken inside too: each member that
 * succeeded may come back throttled or failed, at the same rates, as Graph answers a member that
 * went over a limit alone (https://learn.microsoft.com/graph/json-batching).
 */

export interface FaultRates {
  throttle: number;
  serverError: number;
  slow: number;
  cutBody: number;
  emptyBody: number;
}

export const REALISTIC_FAULTS: FaultRates = { throttle: 0.05, serverError: 0.02, slow: 0.02, cutBody: 0.01, emptyBody: 0.01 };

export interface FaultStats {
  requests: number;
  throttled: number;
  serverErrors: number;
  slow: number;
  cutBodies: number;
  emptyBodies: number;
  /** Members of Graph batches answered 429 or 503 in place of their answer. */
  memberThrottled: number;
  memberServerErrors: number;
}


export async function startFaultProxy(upstream: string, rates: FaultRates, seed = 42): Promise<{ url: string; stats: FaultStats; close(): Promise<void> }> {
  const target = new URL(upstream);
  const { random } = seededRandom(seed);
  const stats: FaultStats = { requests: 0, throttled: 0, serverErrors: 0, slow: 0, cutBodies: 0, emptyBodies: 0, memberThrottled: 0, memberServerErrors: 0 };

  /** A batch's answer with some of its successful members failed in place. */
  const breakMembers = (payload: Buffer): Buffer => {
    let batch: { responses?: { status: number; headers?: Record<string, string>; body?: unknown }[] };
    try {
      batch = JSON.parse(payload.toString()) as typeof batch;
    } catch {
      return payload;
    }
    for (const member of batch.responses ?? []) {
      if (member.status >= 300) continue;
      const draw = random();
      if (draw < rates.throttle) {
        stats.memberThrottled++;
        Object.assign(member, { status: 429, headers: { 'retry-after': '0', 'content-type': 'application/json' }, body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } } });
      } else if (draw < rates.throttle + rates.serverError) {
        stats.memberServerErrors++;
        Object.assign(member, { status: 503, headers: { 'content-type': 'application/json' }, body: { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } } });
      }
    }
    return Buffer.from(JSON.stringify(batch));
  };

  const forward = (incoming: IncomingMessage, body: Buffer, done: (status: number, headers: Record<string, string | string[] | undefined>, payload: Buffer) => void) => {
    const outgoing = httpRequest(
      // The Host header stays the proxy's: the double builds its next-page links from it, so paging stays behind the proxy.
      { hostname: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => done(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      },
    );
    outgoing.on('error', () => done(502, {}, Buffer.from('bad gateway')));
    outgoing.end(body);
  };

  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      stats.requests++;
      const draw = random();
      let edge = rates.throttle;
      if (draw < edge) {
        stats.throttled++;
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Please retry again later.' } }));
        return;
      }
      if (draw < (edge += rates.serverError)) {
        stats.serverErrors++;
        response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'Service unavailable' } }));
        return;
      }
      const slow = draw < (edge += rates.slow);
      const cut = !slow && draw < (edge += rates.cutBody);
      const empty = !slow && !cut && draw < edge + rates.emptyBody;
      forward(incoming, Buffer.concat(chunks), (status, headers, answered) => {
        const payload = status === 200 && incoming.method === 'POST' && /\/\$batch$/.test(incoming.url ?? '') ? breakMembers(answered) : answered;
        const send = () => {
          const { 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, ...rest } = headers;
          if (empty && status === 200) {
            stats.emptyBodies++;
            response.writeHead(200, { ...rest, 'content-length': '0' }).end();
          } else if (cut && status === 200 && payload.length > 8) {
            // Promise the whole body, send part of it, then drop the connection.
            stats.cutBodies++;
            response.writeHead(200, { ...rest, 'content-length': String(payload.length) });
            response.write(payload.subarray(0, Math.floor(payload.length / 2)));
            setTimeout(() => response.socket?.destroy(), 5);
          } else {
            response.writeHead(status, { ...rest, 'content-length': String(payload.length) }).end(payload);
          }
        };
        if (slow) {
          stats.slow++;
          setTimeout(send, 300);
        } else send();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
