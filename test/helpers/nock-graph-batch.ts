import nock from 'nock';
import { answerGraphBatch } from './graph-batch.js';

/** Every `POST /$batch` the nock batch route answered, with the member urls it held. */
export interface BatchLog {
  batches: string[][];
}

/**
 * A `POST {graph}/v1.0/$batch` route for nock scopes of Graph: each member is sent on as the GET
 * it stands for, with the batch's authorization header, to whatever nock routes the test set up
 * for that GET, and its answer (status, headers, body; a body that is not JSON as its text)
 * becomes the member's. So one set of GET routes serves a connector that batches its lookups,
 * and a test of a failed member sets up the failed GET.
 */
export function graphBatchRoute(graph: string, log: BatchLog = { batches: [] }): BatchLog {
  nock(graph)
    .persist()
    .post('/v1.0/$batch')
    // nock 15 hands the reply function the fetch Request: its headers carry the batch's token.
    .reply(async (request: Request) => {
      const authorization = request.headers.get('authorization') ?? '';
      const requested = (await request.json()) as unknown;
      log.batches.push(((requested as { requests?: { url: string }[] }).requests ?? []).map((member) => member.url));
      const batch = await answerGraphBatch(requested, async (member) => {
        const response = await fetch(`${graph}/v1.0${member.url}`, { method: member.method, headers: { ...member.headers, authorization } });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: the member carries the text as it came.
        }
        return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed };
      });
      return [batch.status, batch.body as nock.Body];
    });
  return log;
}
