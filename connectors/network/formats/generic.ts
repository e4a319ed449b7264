import { UserError } from '../../../src/domain/errors.js';
import type { LineParser, LogFormat, NetworkRecord, ParserOptions } from '../types.js';
import { bytes, dayOf, dayFromEpoch, hostOf, isBlocked, parseJsonLine, person, splitDelimited, str } from '../values.js';

/**
 * Any other CSV (with a header) or JSON-lines log: the columns are named by `--map
 * "column=field,…"` or recognised by common header names. Fields: time, host, url, user,
 * device, bytesOut, bytesIn, bytes (total, counted as received), action, requests.
 */
export const GENERIC_FIELDS = ['time', 'host', 'url', 'user', 'device', 'bytesOut', 'bytesIn', 'bytes', 'action', 'requests'] as const;
type Field = (typeof GENERIC_FIELDS)[number];

/** Header names the generic format knows without a --map, by field (compared without case, spaces, dashes or underscores). */
const SYNONYMS: Record<Field, string[]> = {
  time: ['time', 'timestamp', 'datetime', 'date', 'eventtime', 'ts', 'receivetime', 'generatedtime'],
  host: ['host', 'hostname', 'domain', 'destinationhost', 'dsthost', 'desthost', 'serverhost', 'sni', 'query', 'queryname', 'fqdn', 'site', 'destinationfqdn', 'destfqdn', 'destinationdomain', 'dstdomain', 'destinationhostname'],
  url: ['url', 'uri', 'requesturl', 'destinationurl', 'fullurl'],
  user: ['user', 'username', 'login', 'email', 'useremail', 'sourceuser', 'srcuser', 'account', 'userprincipalname', 'upn'],
  device: ['device', 'devicename', 'sourcehost', 'srchost', 'computer', 'clientip', 'sourceip', 'srcip', 'sourceaddress', 'client', 'machine'],
  bytesOut: ['bytesout', 'bytessent', 'sentbytes', 'upload', 'uploadbytes', 'requestbytes', 'requestsize', 'reqsize', 'csbytes', 'clientbytes', 'txbytes'],
  bytesIn: ['bytesin', 'bytesreceived', 'receivedbytes', 'download', 'downloadbytes', 'responsebytes', 'responsesize', 'respsize', 'scbytes', 'serverbytes', 'rxbytes'],
  bytes: ['bytes', 'totalbytes', 'size'],
  action: ['action', 'verdict', 'decision', 'disposition', 'result', 'status'],
  requests: ['requests', 'count', 'hits', 'requestcount', 'repeatcount'],
};

const squash = (name: string) => name.toLowerCase().replace(/[\s_\-.()]/g, '');

/** "col=field,col2=field2" → field → column name; unknown fields are one clear error. */
export function parseMap(map: string): Map<Field, string> {
  const result = new Map<Field, string>();
  for (const pair of map.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    const column = pair.slice(0, eq).trim();
    const field = pair.slice(eq + 1).trim() as Field;
    if (eq <= 0 || !column) throw new UserError(`--map: '${pair}' is not column=field`, `Example: --map "Event Time=time,Dest Host=host,User=user". Fields: ${GENERIC_FIELDS.join(', ')}.`);
    if (!GENERIC_FIELDS.includes(field)) throw new UserError(`--map: unknown field '${field}'`, `Fields: ${GENERIC_FIELDS.join(', ')}.`);
    result.set(field, column);
  }
  return result;
}

const DELIMITERS = [',', '\t', ';', '|'];
function sniffDelimiter(header: string): string {
  let best = ',';
  let count = 0;
  for (const d of DELIMITERS) {
    const n = header.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

/** Which column holds each field: the --map's columns, else the header names it recognises. */
function resolve(columns: string[], map: Map<Field, string> | undefined): Map<Field, string> {
  const found = new Map<Field, string>();
  const squashed = new Map(columns.map((c) => [squash(c), c]));
  if (map) {
    for (const [field, column] of map) {
      const actual = squashed.get(squash(column));
      if (!actual) throw new UserError(`--map names the column '${column}', which the file does not have`, `Its columns: ${columns.slice(0, 40).join(', ')}.`);
      found.set(field, actual);
    }
  }
  for (const field of GENERIC_FIELDS) {
    if (found.has(field)) continue;
    const column = SYNONYMS[field].map((s) => squashed.get(s)).find(Boolean);
    if (column) found.set(field, column);
  }
  if (!found.has('time') || (!found.has('host') && !found.has('url'))) {
    throw new UserError(
      `the log's columns (${columns.slice(0, 20).join(', ')}) name no ${!found.has('time') ? 'time' : 'host or URL'} column, and no known log format fits it`,
      'Name the columns with --map "column=field,…" (fields: time, host or url, and user, device, bytesOut, bytesIn, action, requests), or force a format with --format.',
    );
  }
  return found;
}

function recordFrom(get: (field: Field) => string | undefined): NetworkRecord | string {
  const time = get('time');
  const day = time && /^\d+(\.\d+)?$/.test(time) ? dayFromEpoch(Number(time)) : dayOf(time);
  if (!day) return time ? `'${time.slice(0, 40)}' is not a time` : 'no time';
  const host = hostOf(get('host')) ?? hostOf(get('url'));
  if (!host) return 'no host or URL';
  const total = get('bytes');
  const record: NetworkRecord = { host, day, bytesOut: bytes(get('bytesOut')), bytesIn: bytes(get('bytesIn')) || bytes(total), blocked: isBlocked(get('action')) };
  const requests = get('requests');
  if (requests) record.requests = Math.max(1, bytes(requests));
  const user = person(get('user'));
  if (user) record.user = user;
  else {
    const device = get('device');
    if (device && device !== '-') record.device = device;
  }
  return record;
}

function csvParser(sample: readonly string[], options: ParserOptions): LineParser {
  const delimiter = sniffDelimiter(sample[0] ?? '');
  const header = splitDelimited(sample[0] ?? '', delimiter) ?? [];
  const columns = resolve(header.map((c) => c.trim()), options.map ? parseMap(options.map) : undefined);
  const index = new Map([...columns].map(([field, column]) => [field, header.findIndex((c) => c.trim() === column)]));
  let seenHeader = false;
  return (line) => {
    if (!seenHeader) {
      seenHeader = true;
      return null;
    }
    const cells = splitDelimited(line, delimiter);
    if (!cells) return 'a quoted field is never closed';
    return recordFrom((field) => {
      const i = index.get(field);
      return i === undefined || i < 0 ? undefined : cells[i]?.trim();
    });
  };
}

function jsonParser(sample: readonly string[], options: ParserOptions): LineParser {
  const first = parseJsonLine(sample[0] ?? '');
  const keys = typeof first === 'string' ? [] : Object.keys(first);
  const columns = resolve(keys, options.map ? parseMap(options.map) : undefined);
  return (line) => {
    const o = parseJsonLine(line);
    if (typeof o === 'string') return o;
    return recordFrom((field) => {
      const column = columns.get(field);
      return column === undefined ? undefined : str(o[column]);
    });
  };
}

export const generic: LogFormat = {
  name: 'generic',
  document: 'none: the columns are named by --map or by common header names',
  recognise: () => true,
  parser: (sample, options) => (sample[0]?.charCodeAt(0) === 123 ? jsonParser(sample, options) : csvParser(sample, options)),
};
