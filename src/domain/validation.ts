import { z } from 'zod';

/**
 * The shapes every input schema shares, and the words a refusal uses. Input from outside (CLI
 * flags, API bodies, files) is validated with strict objects: a field nobody reads would
 * otherwise be accepted and silently dropped, and the caller would believe it was recorded.
 */

/** One line or paragraph a person wrote; bounded so no field can carry a whole file. */
export const text = z.string().trim().min(1).max(4000);
export const shortText = z.string().trim().min(1).max(300);
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  // 2026-02-30 has the shape of a date but is none: refused rather than rolled over to March.
  .refine((value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), 'a real calendar date as YYYY-MM-DD');
/** A list a person keeps: bounded, each item a line of text. */
export const textList = z.array(text).max(200);

/** An input object that refuses unknown fields, naming them and the fields it takes. */
export function strictInput<T extends z.ZodRawShape>(shape: T) {
  const accepted = Object.keys(shape).sort().join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `${unknownFields(issue.keys)}; the fields it takes are: ${accepted}` : undefined),
  });
}

function unknownFields(keys: readonly string[]): string {
  return `unknown field${keys.length === 1 ? '' : 's'} ${keys.map((key) => `'${key.slice(0, 60)}'`).join(', ')}`;
}

/**
 * One issue in words: where and what. An unknown field is named even when the schema gave no
 * message of its own (a plain strict object).
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && /^Unrecognized key/.test(issue.message)) {
    return `${unknownFields(issue.keys)}${where ? ` in ${where}` : ''}`;
  }
  if (issue.code === 'unrecognized_keys') return where ? `${where}: ${issue.message}` : issue.message;
  return `${where || 'body'}: ${issue.message}`;
}

/**
 * Applies a change to a recorded object: a value replaces, `null` removes the answer (so an answer
 * can be cleared), and an absent field leaves it as it is. Nested objects are merged the same way.
 */
export function applyChange(before: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const after: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null) delete after[key];
    else if (isPlainObject(value) && isPlainObject(before[key])) after[key] = applyChange(before[key], value);
    else if (isPlainObject(value)) after[key] = applyChange({}, value);
    else after[key] = value;
  }
  return after;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
