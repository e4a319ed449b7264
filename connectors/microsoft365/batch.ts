import { z } from 'zod';
import { TransientSourceError } from '../../src/domain/connector.js';
import { validResponse } from '../../src/domain/http-failure.js';

/**
 * Graph's JSON batching (https://learn.microsoft.com/graph/json-batching): up to 20 requests in
 * one `POST /$batch`, each answered on its own with its id, status, headers and body, in any
 * order. Graph counts every request of a batch against its throttling limits as if it had come
 * alone, so batching does not lower what a scan may ask; it lowers the round trips, twenty to one,
 * which is what the real Graph's latency makes a scan of 10,000 apps wait for.
 *
 * Each request still succeeds or fails alone: a throttled or failed member is repeated by its
 * own caller (retryRequest, in graphGet), in a later batch, and the others keep their answers.
 * A batch that fails as a whole (dropped, throttled, cut off, of the wrong shape) fails each of
 * its members, and each is repeated.
 */

export const BATCH_LIMIT = 20;
const REQUEST = 'POST /$batch';

export interface BatchMember {
  /** Relative to the version root: "/oauth2PermissionGrants?$filter=…". */
  path: string;
  headers?: Record<string, string>;
}

export interface MemberAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface BatchRequest {
  id: string;
  method: 'GET';
  url: string;
  headers?: Record<string, string>;
}

const batchAnswerSchema = z.looseObject({
  responses: z.array(
    z.looseObject({
      id: z.string(),
      status: z.number().int().min(100).max(599),
      headers: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
      body: z.unknown(),
    }),
  ),
});

interface Waiting extends BatchMember {
  resolve(answer: MemberAnswer): void;
  reject(error: unknown): void;
}

/**
 * One error for each member a failed batch leaves: a retry appends its count to the message of
 * the error it gives up on, and one member's count must not end up in another's.
 */
function copyError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error, { message: error.message, stack: error.stack });
}

/**
 * Gathers the requests its callers make in the same turn of the event loop into batches of at
 * most 20 and sends each at once: callers that run a few dozen lookups at once (mapConcurrent)
 * fill batches without waiting for one another. `pace` runs before a batch leaves, with its size
 * (Intune counts each member against its own limit).
 */
export class GraphBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (requests: BatchRequest[]) => Promise<unknown>,
    private readonly pace?: (members: number) => Promise<void>,
  ) {}

  get(member: BatchMember): Promise<MemberAnswer> {
    return new Promise<MemberAnswer>((resolve, reject) => {
      this.waiting.push({ ...member, resolve, reject });
      if (this.waiting.length >= BATCH_LIMIT) void this.answer(this.waiting.splice(0, BATCH_LIMIT));
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          while (this.waiting.length) void this.answer(this.waiting.splice(0, BATCH_LIMIT));
        });
      }
    });
  }

  /** Sends one batch and settles each member's promise; it never rejects itself. */
  private async answer(members: Waiting[]): Promise<void> {
    try {
      if (this.pace) await this.pace(members.length);
      const requests = members.map((member, i): BatchRequest => ({ id: String(i + 1), method: 'GET', url: member.path, ...(member.headers ? { headers: member.headers } : {}) }));
      const { responses } = validResponse(REQUEST, batchAnswerSchema, await this.send(requests));
      const byId = new Map(responses.map((response) => [response.id, response]));
      members.forEach((member, i) => {
        const response = byId.get(String(i + 1));
        if (!response) {
          member.reject(new TransientSourceError(`${REQUEST} answered without a response to GET ${member.path.split('?')[0]}`, 'malformed'));
          return;
        }
        const headers = new Headers(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)]));
        member.resolve({ status: response.status, headers, body: response.body });
      });
    } catch (error) {
      for (const member of members) member.reject(copyError(error));
    }
  }
}
