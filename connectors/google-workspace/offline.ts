import { parse } from 'csv-parse/sync';
import type { Observation } from '../../src/domain/observation.js';
import { tokenObservation, tokenResourceSchema } from './normalise.js';

/**
 * `unshadow import google-tokens <file>`: the same observations as the `tokens` stream, from a
 * file an admin exported without giving unshadow a service account. Two formats:
 *  - JSON: an array of Directory API token resources, each with the user (`primaryEmail`,
 *    `user`, `email` or `userKey`); `{"items": [...]}` (a saved tokens.list answer) is accepted too;
 *  - CSV written by GAM `gam all users print tokens`: a header row with user, clientId,
 *    displayText, anonymous, nativeApp, userKey, scopes (scopes separated by GAM's
 *    `delimiter`/csv_output_field_delimiter — spaces, line breaks or commas inside the cell;
 *    flattened `scopes.0`, `scopes.1`… columns work too), or `aggregateusersby` output with a
 *    `users` column listing every user of the app.
 * Bad records are reported as problems and skipped; a file that is neither format throws.
 */

export interface GoogleTokensImport {
  observations: Observation[];
  problems: { line?: number; reason: string }[];
}

const NEITHER =
  'google-tokens: expected a JSON array of Directory API token resources (each with clientId and userKey, primaryEmail or user) or the CSV of GAM `print tokens` (a header with user and clientId columns)';

export function parseGoogleTokensExport(text: string): GoogleTokensImport {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!body) throw new Error(`${NEITHER}; the file is empty`);
  if (body.startsWith('[') || body.startsWith('{')) return parseJson(body);
  return parseCsv(body);
}

function userOf(record: Record<string, unknown>): string | undefined {
  for (const field of ['primaryEmail', 'user', 'email', 'userEmail', 'userKey']) {
    const value = record[field];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function parseJson(body: string): GoogleTokensImport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new Error(`${NEITHER}; the file starts like JSON but does not parse: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown })?.items;
  if (!Array.isArray(items)) throw new Error(`${NEITHER}; the JSON is an object without an "items" array`);
  const result: GoogleTokensImport = { observations: [], problems: [] };
  items.forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      result.problems.push({ reason: `${where}: not a token object` });
      return;
    }
    const token = tokenResourceSchema.safeParse(item);
    if (!token.success) {
      result.problems.push({ reason: `${where}: ${describe(token.error.issues)}` });
      return;
    }
    const user = userOf(item as Record<string, unknown>);
    if (!user) {
      result.problems.push({ reason: `${where}: no user (userKey, primaryEmail or user)` });
      return;
    }
    result.observations.push(tokenObservation(token.data, user));
  });
  return result;
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'not a token resource';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

const ALIASES: Record<string, string> = {
  user: 'user',
  users: 'users',
  useremail: 'user',
  email: 'user',
  primaryemail: 'user',
  userkey: 'userKey',
  clientid: 'clientId',
  displaytext: 'displayText',
  appname: 'displayText',
  app: 'displayText',
  scopes: 'scopes',
  scope: 'scopes',
  anonymous: 'anonymous',
  nativeapp: 'nativeApp',
};

function canonical(header: string): string | undefined {
  const plain = header.trim().toLowerCase().replace(/[\s_\-]/g, '');
  if (/^scopes?\.\d+$/.test(plain)) return 'scopes';
  return ALIASES[plain];
}

function bool(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^(true|1|yes)$/i.test(value.trim());
}

function parseCsv(body: string): GoogleTokensImport {
  type Row = { record: string[]; info: { lines: number; empty_lines: number } };
  let records: Row[];
  try {
    records = parse(body, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Row[];
  } catch (error) {
    throw new Error(`${NEITHER}; the CSV does not parse: ${(error as Error).message}`);
  }
  const header = records[0]?.record ?? [];
  const columns = header.map(canonical);
  if (!columns.includes('clientId') || !(columns.includes('user') || columns.includes('userKey') || columns.includes('users'))) {
    throw new Error(`${NEITHER}; the first line has ${header.length ? `columns ${header.slice(0, 8).join(', ')}` : 'no columns'}`);
  }
  const result: GoogleTokensImport = { observations: [], problems: [] };
  // A record starts after the previous one ends and after the blank lines skipped before it.
  let previous = records[0]!.info;
  for (const { record, info } of records.slice(1)) {
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    const fields: Record<string, string> = {};
    const scopes: string[] = [];
    record.forEach((value, index) => {
      const column = columns[index];
      if (!column) return;
      if (column === 'scopes') scopes.push(...value.split(/[\s,]+/));
      else fields[column] = value.trim();
    });
    // `print tokens aggregateusersby …` writes one row per app with every user in `users`.
    const users = fields.user || fields.userKey ? [fields.user || fields.userKey!] : (fields.users ?? '').split(/[\s,]+/).filter(Boolean);
    if (!fields.clientId) {
      result.problems.push({ line, reason: 'no clientId' });
      continue;
    }
    if (users.length === 0) {
      result.problems.push({ line, reason: 'no user' });
      continue;
    }
    const token = tokenResourceSchema.safeParse({
      clientId: fields.clientId,
      displayText: fields.displayText || undefined,
      scopes,
      anonymous: bool(fields.anonymous),
      nativeApp: bool(fields.nativeApp),
    });
    if (!token.success) {
      result.problems.push({ line, reason: describe(token.error.issues) });
      continue;
    }
    for (const user of users) result.observations.push(tokenObservation(token.data, user));
  }
  return result;
}
