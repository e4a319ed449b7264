/**
 * Microsoft Graph's JSON batching for the test doubles, as "Combine multiple HTTP requests using
 * JSON batching" (https://learn.microsoft.com/graph/json-batching) describes it: `POST /$batch`
 * with `{"requests": [{id, method, url, headers?}]}`, at most 20, ids unique; the answer is
 * `{"responses": [{id, status, headers, body}]}`, 200 for the batch whatever its members
 * answered. Graph may answer members in any order: these doubles answer them last first, so a
 * client that pairs answers by position fails.
 */

export interface BatchMember {
  id: string;
  method: string;
  /** Relative to the version root, as the client sent it ("/users/1?$select=id"). */
  url: string;
  headers: Record<string, string>;
}

export interface MemberReply {
  status: number;
  headers?: Record<string, string | number>;
  body?: unknown;
}

const invalid = (message: string) => ({ status: 400, body: { error: { code: 'BadRequest', message } } });

/** The members of a batch request, or Graph's 400 for a batch that breaks its rules. */
export function readGraphBatch(body: unknown): { members: BatchMember[] } | { status: number; body: unknown } {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return invalid('Invalid batch payload format.');
  if (requests.length > 20) return invalid('The number of batch requests exceeds the allowed maximum of 20.');
  const members = requests as Partial<BatchMember>[];
  if (members.some((member) => typeof member.id !== 'string' || typeof member.method !== 'string' || typeof member.url !== 'string')) return invalid('Each batch request needs an id, a method and a url.');
  if (new Set(members.map((member) => member.id)).size !== members.length) return invalid('Batch request ids must be unique.');
  return { members: (members as BatchMember[]).map((member) => ({ ...member, url: member.url.startsWith('/') ? member.url : `/${member.url}`, headers: member.headers ?? {} })) };
}

/** The batch's answer: each member's reply under its id, last first. */
export function graphBatchAnswer(members: BatchMember[], replies: MemberReply[]): { status: number; body: unknown } {
  const responses = members.map((member, i) => ({ id: member.id, status: replies[i]!.status, headers: replies[i]!.headers ?? {}, ...(replies[i]!.body === undefined ? {} : { body: replies[i]!.body }) }));
  return { status: 200, body: { responses: responses.reverse() } };
}

/** Answers a batch through `answer`, one member at a time; a batch that breaks Graph's rules gets Graph's 400. */
export async function answerGraphBatch(body: unknown, answer: (member: BatchMember) => MemberReply | Promise<MemberReply>): Promise<{ status: number; body: unknown }> {
  const read = readGraphBatch(body);
  if (!('members' in read)) return read;
  const replies: MemberReply[] = [];
  for (const member of read.members) replies.push(await answer(member));
  return graphBatchAnswer(read.members, replies);
}
