import { z } from 'zod';
import type { HostCount, HostVerdict, MatchedTraffic } from './network-aggregator.js';
import type { ReadResult } from './network-range.js';

/** What the import tells a worker thread that reads pieces of its file. */
export const workerInputSchema = z.object({
  path: z.string(),
  /** The file as the parent opened it: the worker reads the same file or nothing. */
  digest: z.string(),
  format: z.string().optional(),
  map: z.string().optional(),
  /** The pieces the file is cut into, each beginning at a line's start (network-pieces.ts). */
  pieces: z.array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() })).min(1),
  /** Which pieces are claimed, shared by every thread that reads the file. */
  claims: z.custom<SharedArrayBuffer>((value) => value instanceof SharedArrayBuffer, 'a SharedArrayBuffer'),
  /** This thread's number among those that read the file (the import's own is 0), and their count. */
  thread: z.number().int().positive(),
  threads: z.number().int().min(2),
  countsFlush: z.number().int().positive(),
  reportedProblems: z.number().int().nonnegative(),
});
export type WorkerInput = z.infer<typeof workerInputSchema>;

/** Requests carry an id that their answer repeats; reports carry 0. */
export type ToParent =
  | { type: 'judge'; id: number; hosts: string[] }
  /** Host counts, and matched aggregates of days that are over in the worker's pieces, to add to the parent's. */
  | { type: 'counts'; id: number; rows: HostCount[]; traffic: MatchedTraffic[] }
  | { type: 'progress'; id: 0; bytesRead: number }
  | { type: 'done'; id: 0; read: ReadResult; traffic: MatchedTraffic[]; rows: HostCount[] }
  /** `hint` is set for a user's error (UserError), which the parent raises again as one. */
  | { type: 'failed'; id: 0; message: string; hint?: string; user: boolean };

export type ToWorker = { type: 'verdicts'; id: number; verdicts: HostVerdict[] } | { type: 'written'; id: number };
