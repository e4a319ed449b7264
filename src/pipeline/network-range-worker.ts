/**
 * A worker thread that reads pieces of a network log for the import in its parent thread
 * (network-range-thread.ts): it parses and counts, and asks the parent for the verdicts of hosts
 * it has not seen, and to write its host counts, so that the parent's matcher and transaction are
 * the only ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openNetworkLog } from '../../connectors/network/index.js';
import { UserError } from '../domain/errors.js';
import { type HostCount, type MatchedTraffic, NetworkAggregator } from './network-aggregator.js';
import { claimPieces } from './network-pieces.js';
import { aggregatePieces } from './network-range.js';
import { type ToParent, type ToWorker, workerInputSchema } from './network-range-protocol.js';

const port = parentPort!;
const input = workerInputSchema.parse(workerData);
const waiting = new Map<number, (message: ToWorker) => void>();
let asked = 0;
port.on('message', (message: ToWorker) => {
  waiting.get(message.id)?.(message);
  waiting.delete(message.id);
});
const ask = (message: { type: 'judge'; hosts: string[] } | { type: 'counts'; rows: HostCount[]; traffic: MatchedTraffic[] }): Promise<ToWorker> =>
  new Promise((resolve) => {
    const id = ++asked;
    waiting.set(id, resolve);
    port.postMessage({ ...message, id } satisfies ToParent);
  });

try {
  const file = await openNetworkLog(input.path, { ...(input.format ? { format: input.format } : {}), ...(input.map ? { map: input.map } : {}) });
  // The parent cut the pieces from the file it opened; another file at the same path would be read wrongly.
  if (file.digest !== input.digest) throw new UserError(`${input.path} changed while it was being imported`, 'Import it once it is complete: nothing of this import was kept.');
  const aggregator = new NetworkAggregator();
  // One batch of counts is written while the next lines are read; a second waits for it.
  let accepted: Promise<unknown> = Promise.resolve();
  let reported = 0;
  const read = await aggregatePieces(
    file,
    claimPieces(input.pieces, input.claims, input.thread, input.threads),
    aggregator,
    {
      judge: async (hosts) => {
        const answer = await ask({ type: 'judge', hosts });
        if (answer.type !== 'verdicts' || answer.verdicts.length !== hosts.length) throw new Error('the import answered a request for verdicts with something else');
        return answer.verdicts;
      },
      flushCounts: async (rows) => {
        await accepted;
        // Matched traffic of days that are over goes along, so that the parent writes it while the rest is read.
        accepted = ask({ type: 'counts', rows, traffic: aggregator.takePastMatched() });
      },
      progress: (bytesRead) => {
        if (++reported % 64 === 0) port.postMessage({ type: 'progress', id: 0, bytesRead } satisfies ToParent);
      },
    },
    { countsFlush: input.countsFlush, reportedProblems: input.reportedProblems },
  );
  await accepted;
  port.postMessage({ type: 'done', id: 0, read, traffic: [...aggregator.matched.values()], rows: aggregator.takeUnmatched() } satisfies ToParent);
} catch (error) {
  const user = error instanceof UserError;
  port.postMessage({ type: 'failed', id: 0, message: (error as Error).message, user, ...(user && error.hint ? { hint: error.hint } : {}) } satisfies ToParent);
}
