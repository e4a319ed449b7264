import { parse as parseCsv } from 'csv-parse/sync';
import { normaliseHeader } from '../../connectors/expenses/layouts.js';
import { UserError } from '../domain/errors.js';
import type { Observation } from '../domain/observation.js';

/**
 * AI vendors' own seat lists (the member or seat export of ChatGPT Enterprise, Claude Team,
 * Cursor Business, a reseller's licence report), CSV or JSON, as `licence` observations with
 * provider `other`: one per vendor and plan with its seats, and one per assigned user. Columns
 * (or JSON fields) are recognised by their names, never their position; `--map` names them
 * where the export uses other words, and `--vendor`/`--plan` stand in for a column the file lacks
 * (a vendor's own export rarely names the vendor).
 */

export const SEAT_FIELDS = ['vendor', 'product', 'plan', 'seats', 'user'] as const;
type SeatField = (typeof SEAT_FIELDS)[number];

/** Header names each field goes by, after `normaliseHeader` (lower case, words separated by one space). */
const HEADERS: Record<SeatField, string[]> = {
  vendor: ['vendor', 'vendor name', 'supplier', 'provider', 'company', 'publisher', 'manufacturer'],
  product: ['product', 'product name', 'tool', 'application', 'app', 'app name', 'service', 'software'],
  plan: ['plan', 'plan name', 'sku', 'sku name', 'subscription', 'tier', 'edition', 'license', 'licence', 'license type', 'licence type', 'seat type', 'license name', 'licence name'],
  seats: ['seats', 'seat count', 'number of seats', 'total seats', 'purchased seats', 'licenses', 'licences', 'license count', 'licence count', 'quantity', 'qty'],
  user: ['user', 'users', 'email', 'emails', 'e mail', 'email address', 'user email', 'user principal name', 'upn', 'login', 'username', 'member', 'members', 'member email', 'assigned to', 'assigned user', 'assigned users', 'assignee', 'assignees'],
};

/** "seats-anthropic": one connection per vendor, since each import is a complete snapshot of its connection. */
export const seatConnectionName = (vendors: readonly string[]): string =>
  vendors.length === 1 ? `seats-${vendors[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'list'}` : 'seats';

export interface SeatReadOptions {
  /** `"<column>=<field>,…"`, fields as in SEAT_FIELDS. */
  map?: string;
  vendor?: string;
  plan?: string;
}

interface SeatList {
  observations: Observation[];
  problems: { at?: string; message: string }[];
  /** The vendors the list names, in order of first appearance. */
  vendors: string[];
}

/** Parses `--map "Seat Type=plan,Email Address=user"` into header → field. */
function parseSeatMap(spec: string | undefined): Map<string, SeatField> {
  const map = new Map<string, SeatField>();
  for (const pair of (spec ?? '').split(',')) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf('=');
    const column = at > 0 ? pair.slice(0, at).trim() : '';
    const field = at > 0 ? pair.slice(at + 1).trim().toLowerCase() : '';
    if (!column || !(SEAT_FIELDS as readonly string[]).includes(field)) {
      throw new UserError(`--map entry '${pair.trim()}' is not of the form <column header>=<field>`, `Fields: ${SEAT_FIELDS.join(', ')}. Example: --map "Seat Type=plan,Email Address=user"`);
    }
    map.set(normaliseHeader(column), field as SeatField);
  }
  return map;
}

/** Which field each header stands for: the map's word first, then the names fields go by. */
function fieldsOf(headers: string[], map: Map<string, SeatField>): Map<number, SeatField> {
  const normalised = headers.map(normaliseHeader);
  for (const header of map.keys()) {
    if (!normalised.includes(header)) throw new UserError(`--map names the column '${header}', which is not in the file`, `Columns found: ${headers.join(', ')}`);
  }
  const fields = new Map<number, SeatField>();
  const taken = new Set<SeatField>();
  normalised.forEach((header, i) => {
    const field = map.get(header) ?? SEAT_FIELDS.find((candidate) => HEADERS[candidate].includes(header));
    // The first column of a field wins: "Email" before "Secondary email".
    if (field && !taken.has(field)) {
      fields.set(i, field);
      taken.add(field);
    }
  });
  return fields;
}

interface SeatRow {
  at: string;
  vendor?: string;
  product?: string;
  plan?: string;
  seats?: string;
  users: string[];
}

/** Cells may list several people: "ana@x.io; ben@x.io". */
const splitUsers = (cell: string) => cell.split(/[;,\s|]+/).map((user) => user.trim()).filter(Boolean);

function csvRows(text: string, options: SeatReadOptions): SeatRow[] {
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end);
  // The delimiter the header row uses most: exports come with , ; tab or |.
  const delimiter = [',', ';', '\t', '|'].map((candidate) => [candidate, firstLine.split(candidate).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new UserError(`the seat list is not readable CSV: ${(error as Error).message}`);
  }
  const [headers, ...body] = records;
  if (!headers) return [];
  const fields = fieldsOf(headers, parseSeatMap(options.map));
  return body.map((cells, i) => {
    const row: SeatRow = { at: `line ${i + 2}`, users: [] };
    fields.forEach((field, column) => {
      const cell = cells[column]?.trim();
      if (!cell) return;
      if (field === 'user') row.users.push(...splitUsers(cell));
      else row[field] = cell;
    });
    return row;
  });
}

/** A JSON export: a list of items, or an object holding one (`{"seats": [...]}`), with a vendor for all of them. */
function jsonRows(value: unknown, options: SeatReadOptions): SeatRow[] {
  let items: unknown = value;
  let vendor: string | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const list = Object.values(object).find(Array.isArray);
    if (!list) throw new UserError('the seat list is JSON but holds no list of seats', 'Expected an array of {vendor, plan, seats, users} objects, or an object with one such array.');
    items = list;
    const named = Object.entries(object).find(([key, entry]) => typeof entry === 'string' && HEADERS.vendor.includes(normaliseHeader(key)));
    vendor = named?.[1] as string | undefined;
  }
  const map = parseSeatMap(options.map);
  return (items as unknown[]).map((item, i) => {
    const row: SeatRow = { at: `item ${i + 1}`, users: [], ...(vendor ? { vendor } : {}) };
    if (typeof item === 'string') {
      row.users.push(item);
      return row;
    }
    if (!item || typeof item !== 'object') return row;
    for (const [key, raw] of Object.entries(item as Record<string, unknown>)) {
      const header = normaliseHeader(key);
      const field = map.get(header) ?? SEAT_FIELDS.find((candidate) => HEADERS[candidate].includes(header));
      if (!field) continue;
      if (field === 'user') {
        // "users": ["ana@x.io"] or [{"email": "ana@x.io"}], or one address.
        const list = Array.isArray(raw) ? raw : [raw];
        for (const user of list) {
          const address = typeof user === 'string' ? user : user && typeof user === 'object' ? Object.entries(user).find(([k]) => HEADERS.user.includes(normaliseHeader(k)))?.[1] : undefined;
          if (typeof address === 'string') row.users.push(...splitUsers(address));
        }
      } else if (typeof raw === 'string' || typeof raw === 'number') row[field] = String(raw).trim();
    }
    return row;
  });
}

const slug = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Reads a seat list. Rows are grouped by vendor and plan: a list of one row per user gives the
 * plan's seats as its number of users (or the seats column, where it says more); a list of one
 * row per plan gives its seats and the users its cells name.
 */
export function parseSeatList(text: string, options: SeatReadOptions = {}): SeatList {
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  let rows: SeatRow[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new UserError(`the seat list is not valid JSON: ${(error as Error).message}`);
    }
    rows = jsonRows(json, options);
  } else rows = csvRows(trimmed, options);
  const problems: SeatList['problems'] = [];
  const plans = new Map<string, { vendor: string; plan: string; seats: number | undefined; users: Set<string>; singleUserRows: boolean }>();
  for (const row of rows) {
    const vendor = row.vendor ?? options.vendor;
    const plan = row.plan ?? row.product ?? options.plan ?? vendor;
    if (!vendor || !plan) {
      problems.push({ at: row.at, message: 'no vendor: add a vendor column, or name it with --vendor' });
      continue;
    }
    // A product and a plan together name the plan in full: "ChatGPT" and "Enterprise".
    const fullPlan = row.product && row.plan && !row.plan.toLowerCase().includes(row.product.toLowerCase()) ? `${row.product} ${row.plan}` : plan;
    let seats: number | undefined;
    if (row.seats !== undefined) {
      seats = Number(row.seats.replace(/[,\s']/g, ''));
      if (!Number.isInteger(seats) || seats < 0) {
        problems.push({ at: row.at, message: `seats '${row.seats}' is not a whole number` });
        seats = undefined;
      }
    }
    const key = `${slug(vendor)}/${slug(fullPlan)}`;
    const group = plans.get(key) ?? { vendor, plan: fullPlan, seats: undefined, users: new Set<string>(), singleUserRows: true };
    plans.set(key, group);
    for (const user of row.users) group.users.add(user.toLowerCase());
    if (row.users.length > 1) group.singleUserRows = false;
    // One row per user repeats the plan's seats; one row per plan adds its own.
    if (seats !== undefined) group.seats = group.singleUserRows && row.users.length <= 1 ? Math.max(group.seats ?? 0, seats) : (group.seats ?? 0) + seats;
  }
  const observations: Observation[] = [];
  for (const [key, group] of plans) {
    const attributes = { provider: 'other', vendor: group.vendor, skuId: key, skuName: group.plan };
    const seats = group.seats ?? (group.users.size > 0 ? group.users.size : undefined);
    const consumed = group.users.size > 0 ? { consumed: group.users.size } : {};
    observations.push({ kind: 'licence', key: `seats:${key}`, attributes: { ...attributes, ...(seats !== undefined ? { seats } : {}), ...consumed } });
    for (const user of group.users) observations.push({ kind: 'licence', key: `seats:${key}:${user}`, attributes: { ...attributes, user } });
  }
  if (rows.length > 0 && plans.size === 0) {
    throw new UserError('the seat list names no vendor', 'Add a vendor column, or name the vendor with --vendor "<name>" (a vendor\'s own export rarely names itself).');
  }
  return { observations, problems, vendors: [...new Set([...plans.values()].map((group) => group.vendor))] };
}
