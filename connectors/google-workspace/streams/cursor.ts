import type { z } from 'zod';

/** A stream's cursor as the runner saved it; anything else is a bug or a tampered row, never a fresh start. */
export function parseCursor<T>(schema: z.ZodType<T>, cursor: unknown, stream: string): T {
  const parsed = schema.safeParse(cursor ?? null);
  if (!parsed.success) throw new Error(`google-workspace ${stream}: unusable cursor ${JSON.stringify(cursor)}`);
  return parsed.data;
}
