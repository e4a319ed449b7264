import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../domain/errors.js';
import type { HostCount, HostVerdict, MatchedTraffic } from './network-aggregator.js';
import type { ReadResult } from './network-range.js';
import type { ToParent, ToWorker, WorkerInput } from './network-range-protocol.js';

/**
 * The parent's side of a worker thread that reads pieces of a network log
 * (network-range-worker.ts): it answers the thread's requests for verdicts and writes its counts.
 */

export interface ThreadOutcome {
  read: ReadResult;
  traffic: MatchedTraffic[];
  /** Host counts the thread held at its end, not yet written. */
  rows: HostCount[];
}

export interface PiecesThread {
  done: Promise<ThreadOutcome>;
  /** Bytes of the file the thread has read, as last reported. */
  bytesRead(): number;
  stop(): Promise<void>;
}

export interface ParentServices {
  judge(hosts: string[]): HostVerdict[];
  /** Takes the thread's counts and matched traffic; resolves when it may send its next. */
  writeCounts(rows: HostCount[], traffic: MatchedTraffic[]): Promise<void>;
}

/** The worker's script: built beside this module, or in a checkout its source, run through tsx. */
function workerScript(): { script: string | URL; evaluated: boolean } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./network-range-worker.ts', here);
    if (!existsSync(fileURLToPath(source))) return undefined;
    // Node loads no TypeScript in a worker of its own accord; tsx's loader, registered first, does (as bin/unshadow.js does for the CLI).
    const tsx = import.meta.resolve('tsx/esm/api');
    return { script: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`, evaluated: true };
  }
  const built = new URL('./network-range-worker.js', here);
  return existsSync(fileURLToPath(built)) ? { script: built, evaluated: false } : undefined;
}

/** Whether pieces of a file can be read in threads here: a build without the worker's script reads in one. */
export const threadsAvailable = (): boolean => workerScript() !== undefined;

export function readPiecesInThread(input: WorkerInput, parent: ParentServices): PiecesThread {
  const { script, evaluated } = workerScript()!;
  // A small young generation: the thread's garbage is per line and dies young. With V8's default
  // size bench:import-network peaked at 290–330 MB (four runs of 3M and 10M lines), with 8 MB at 231–280 MB.
  const worker = new Worker(script, { eval: evaluated, workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  let bytes = 0;
  const done = new Promise<ThreadOutcome>((resolve, reject) => {
    worker.on('message', (message: ToParent) => {
      switch (message.type) {
        case 'judge':
          worker.postMessage({ type: 'verdicts', id: message.id, verdicts: parent.judge(message.hosts) } satisfies ToWorker);
          break;
        case 'counts':
          parent.writeCounts(message.rows, message.traffic).then(() => worker.postMessage({ type: 'written', id: message.id } satisfies ToWorker), reject);
          break;
        case 'progress':
          bytes = message.bytesRead;
          break;
        case 'done':
          resolve(message);
          break;
        case 'failed':
          reject(message.user ? new UserError(message.message, message.hint) : new Error(message.message));
          break;
      }
    });
    worker.on('error', reject);
    // After 'done' this changes nothing; before it, the thread died without saying why.
    worker.on('exit', (code) => reject(new Error(`the thread reading pieces of ${input.path} stopped early (exit code ${code})`)));
  });
  // The caller may stop the thread before it finishes (its own pieces failed) and never look at this.
  done.catch(() => {});
  return { done, bytesRead: () => bytes, stop: () => worker.terminate().then(() => undefined) };
}
