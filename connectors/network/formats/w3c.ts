import type { LineParser, LogFormat, NetworkRecord } from '../types.js';
import { bytes, dayOf, hostOf, isBlocked, person } from '../values.js';

/**
 * W3C Extended Log File Format (W3C Working Draft WD-logfile-960323): directives start with '#',
 * `#Fields:` names the space-separated columns of the lines that follow, and may change
 * mid-file. Read here: date/time, the user (cs-username, x-c-authn-user, cs-userdn), the client
 * (c-ip, x-c-device), the host (cs-host, cs(Host), r-host, or the host of cs-uri / x-cs-url), the
 * bytes (cs-bytes sent by the client, sc-bytes received) and the action (s-action,
 * sc-filter-result, x-policy-action, x-cs-action). Blue Coat/Symantec ProxySG access logs are
 * this format ("ProxySG Log Fields and Substitutions"); so are Netskope's transaction events,
 * which have their own entry below because their policy fields differ.
 */

const USER_FIELDS = ['cs-username', 'x-c-authn-user', 'cs-userdn', 'x-cs-user', 'cs-auth-user'];
const DEVICE_FIELDS = ['x-c-device', 'x-c-hostname', 'c-ip'];
const HOST_FIELDS = ['cs-host', 'cs(host)', 'r-host', 'x-cs-host', 's-dns'];
const URL_FIELDS = ['cs-uri', 'x-cs-url', 'cs-url', 'x-cs-uri'];
const ACTION_FIELDS = ['x-policy-action', 's-action', 'sc-filter-result', 'x-cs-action', 'x-action'];

function fieldsOf(line: string): string[] | undefined {
  return /^#Fields:/i.test(line) ? line.slice(8).trim().split(/\s+/).map((field) => field.toLowerCase()) : undefined;
}

/** Unquotes "a b" cells; W3C quotes values with spaces and writes '-' for none. */
function cells(line: string): string[] {
  if (line.indexOf('"') === -1) return line.split(/\s+/);
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]!);
  return out;
}

function columnParser(fields: string[]): LineParser {
  const at = (names: string[]) => names.map((name) => fields.indexOf(name)).filter((i) => i !== -1);
  const date = fields.indexOf('date');
  const time = fields.indexOf('time');
  const dateTime = fields.findIndex((f) => f === 'x-timestamp' || f === 'x-cs-timestamp' || f === 'timestamp');
  const users = at(USER_FIELDS);
  const devices = at(DEVICE_FIELDS);
  const hosts = at(HOST_FIELDS);
  const urls = at(URL_FIELDS);
  const actions = at(ACTION_FIELDS);
  const out = fields.indexOf('cs-bytes');
  const inb = fields.indexOf('sc-bytes');
  const first = (values: string[], indexes: number[], read: (v: string | undefined) => string | undefined) => {
    for (const i of indexes) {
      const v = read(values[i]);
      if (v) return v;
    }
    return undefined;
  };
  return (line) => {
    const values = cells(line);
    if (values.length < fields.length - 1) return `${values.length} fields where #Fields names ${fields.length}`;
    const day = date !== -1 ? dayOf(values[date]) : dateTime !== -1 ? dayOf(values[dateTime]) : time !== -1 ? dayOf(values[time]) : undefined;
    if (!day) return 'no date';
    const host = first(values, hosts, hostOf) ?? first(values, urls, hostOf);
    if (!host) return 'no destination host';
    const record: NetworkRecord = { host, day, bytesOut: out === -1 ? 0 : bytes(values[out]), bytesIn: inb === -1 ? 0 : bytes(values[inb]), blocked: isBlocked(first(values, actions, (v) => (v && v !== '-' ? v : undefined))) };
    const user = first(values, users, person);
    if (user) record.user = user;
    else {
      const device = first(values, devices, (v) => (v && v !== '-' ? v : undefined));
      if (device) record.device = device;
    }
    return record;
  };
}

/** A parser that follows the file's #Fields directives; lines before the first one are problems. */
function directiveParser(): LineParser {
  let parse: LineParser | undefined;
  return (line) => {
    if (line.charCodeAt(0) === 35) {
      const fields = fieldsOf(line);
      if (fields) parse = columnParser(fields);
      return null;
    }
    return parse ? parse(line) : 'a log line before any #Fields directive';
  };
}

const fieldsIn = (sample: readonly string[]) => sample.map(fieldsOf).find(Boolean) ?? [];

export const w3c: LogFormat = {
  name: 'w3c',
  document: 'W3C Extended Log File Format (WD-logfile-960323); Blue Coat/Symantec ProxySG access log fields',
  recognise: (sample) => fieldsIn(sample).length > 0,
  parser: directiveParser,
};

export const netskopeTransactions: LogFormat = {
  name: 'netskope',
  document: 'Netskope docs, "Transaction Events Formats": W3C extended format with cs-username, cs-host, x-cs-app, x-policy-action, cs-bytes, sc-bytes',
  recognise: (sample) => {
    const fields = fieldsIn(sample);
    return fields.includes('x-cs-app') || fields.includes('x-policy-action') || fields.includes('x-c-authn-user');
  },
  parser: directiveParser,
};
