import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP plumbing the scale doubles share: read the request, let the double answer, write the
 * answer. `/__bench/...` paths are the benchmark's own (stats, controls): they never count
 * against a quota. An optional latency (already divided by the speed-up) is added to every
 * answer, to see what real round trips do to a connector that sends its requests one by one.
 */

export interface Answer {
  status: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string | number>;
}

export interface Request {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Requests of this double in flight now, this one included (GitHub's concurrency limit). */
  inFlight: number;
}

export type Handler = (request: Request) => Answer;

export interface Served {
  url: string;
  close(): Promise<void>;
}

function write(response: ServerResponse, answer: Answer): void {
  const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const type = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  response.writeHead(answer.status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...answer.headers });
  response.end(text);
}

export async function serve(handler: Handler, options: { latencyMs?: number; bench?: (path: string, body: Buffer) => unknown } = {}): Promise<Served> {
  let inFlight = 0;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? '127.0.0.1'}`);
      const body = Buffer.concat(chunks);
      if (url.pathname.startsWith('/__bench/')) {
        write(response, { status: 200, body: options.bench?.(url.pathname, body) ?? {} });
        return;
      }
      inFlight++;
      let answer: Answer;
      try {
        answer = handler({ method: incoming.method ?? 'GET', url, headers: incoming.headers, body, inFlight });
      } catch (error) {
        answer = { status: 500, body: { message: `double failed: ${(error as Error).message}` } };
      }
      const send = () => {
        inFlight--;
        write(response, answer);
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Counters every double keeps: what was asked, what counted against the quota, what was refused. */
export interface DoubleStats {
  requests: number;
  /** Requests that counted against the provider's quota (the double's own accounting). */
  counted: number;
  /** Units counted (Graph: resource units; everywhere else one per counted request). */
  units: number;
  /** Answers refusing a request for a limit (429, or the provider's 403/503 for it). */
  throttled: number;
  notModified: number;
  /** Requests that carried If-None-Match. */
  conditional: number;
  /** The same method and URL asked again after a success (a page or a page's requests repeated). */
  repeated: number;
  firstAt?: number;
  lastAt?: number;
  byRoute: Record<string, number>;
}

export function newStats(): DoubleStats {
  return { requests: 0, counted: 0, units: 0, throttled: 0, notModified: 0, conditional: 0, repeated: 0, byRoute: {} };
}

/**
 * Notes a request that was answered (not refused) so that a repeat is seen: the connectors ask
 * each resource once per scan, so a second success for the same URL is work done again.
 */
export class RepeatTracker {
  private readonly seen = new Set<string>();
  note(stats: DoubleStats, key: string): void {
    if (this.seen.has(key)) stats.repeated++;
    else this.seen.add(key);
  }
  reset(): void {
    this.seen.clear();
  }
}
