import { z } from 'zod';
import type { HostCount, HostVerdict, MatchedTraffic } from './network-aggregator.js';
import type { RangeResult } from './network-range.js';

/** What the import tells the worker thread that reads a part of its file. */
export const workerInputSchema = z.object({
  path: z.string(),
  /** The file as the parent opened it: the worker reads the same file or nothing. */
  digest: z.string(),
  format: z.string().optional(),
  map: z.string().optional(),
  range: z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() }),
  countsFlush: z.number().int().positive(),
  reportedProblems: z.number().int().nonnegative(),
});
export type WorkerInput = z.infer<typeof workerInputSchema>;

/** Requests carry an id that their answer repeats; reports carry 0. */
export type ToParent =
  | { type: 'judge'; id: number; hosts: string[] }
  /** Host counts, and matched aggregates of days that are over in the worker's part, to add to the parent's. */
  | { type: 'counts'; id: number; rows: HostCount[]; traffic: MatchedTraffic[] }
  | { type: 'progress'; id: 0; bytesRead: number }
  | { type: 'done'; id: 0; result: RangeResult; traffic: MatchedTraffic[]; rows: HostCount[] }
  /** `hint` is set for a user's error (UserError), which the parent raises again as one. */
  | { type: 'failed'; id: 0; message: string; hint?: string; user: boolean };

export type ToWorker = { type: 'verdicts'; id: number; verdicts: HostVerdict[] } | { type: 'written'; id: number };
