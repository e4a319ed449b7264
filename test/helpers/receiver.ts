import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request: a status (with headers), or holding it open. */
export type Answer = { status: number; headers?: Record<string, string> } | { hangMs: number };

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers from a script
 * (then 200 once the script runs out), like a Slack, Teams or SIEM endpoint would.
 */
export async function startReceiver(script: Answer[] = []): Promise<{ url: string; received: Received[]; answers: Answer[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const answers = [...script];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ at: Date.now(), path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200 };
      if ('hangMs' in answer) {
        const timer = setTimeout(() => response.writeHead(200).end('late'), answer.hangMs);
        response.on('close', () => clearTimeout(timer));
        return;
      }
      response.writeHead(answer.status, answer.headers ?? {}).end(answer.status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000/secretpath`,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
