import type { LogFormat, NetworkRecord } from '../types.js';
import { bytes, dayFromEpoch, dayOf, hostOf, isBlocked, parseJsonLine, person, str } from '../values.js';

/** The JSON object of a line, unwrapped from a Splunk HEC envelope ({"sourcetype", "event": {...}}). */
function objectOf(line: string): Record<string, unknown> | string {
  const parsed = parseJsonLine(line);
  if (typeof parsed === 'string') return parsed;
  const event = parsed.event;
  return event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Record<string, unknown>) : parsed;
}

const firstString = (o: Record<string, unknown>, names: readonly string[]) => {
  for (const name of names) {
    const value = str(o[name]);
    if (value && value !== 'None' && value !== '-') return value;
  }
  return undefined;
};

function timeOf(o: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = o[name];
    if (typeof value === 'number') return dayFromEpoch(value);
    const day = dayOf(str(value));
    if (day) return day;
  }
  return undefined;
}

interface JsonFields {
  time: readonly string[];
  host: readonly string[];
  url: readonly string[];
  user: readonly string[];
  device: readonly string[];
  out: readonly string[];
  in: readonly string[];
  action: readonly string[];
}

function jsonParser(fields: JsonFields, blocked: (action: string | undefined, o: Record<string, unknown>) => boolean = isBlocked) {
  return (line: string) => {
    if (line.charCodeAt(0) !== 123) return line.trim() === '' ? null : 'not a JSON object';
    const o = objectOf(line);
    if (typeof o === 'string') return o;
    const day = timeOf(o, fields.time);
    if (!day) return `no time in ${fields.time.join(', ')}`;
    const host = hostOf(firstString(o, fields.host)) ?? hostOf(firstString(o, fields.url));
    if (!host) return `no destination host in ${[...fields.host, ...fields.url].join(', ')}`;
    const num = (names: readonly string[]) => {
      for (const name of names) if (o[name] !== undefined) return bytes(typeof o[name] === 'number' ? (o[name] as number) : str(o[name]));
      return 0;
    };
    const record: NetworkRecord = { host, day, bytesOut: num(fields.out), bytesIn: num(fields.in), blocked: blocked(firstString(o, fields.action), o) };
    const user = person(firstString(o, fields.user));
    if (user) record.user = user;
    else {
      const device = firstString(o, fields.device);
      if (device) record.device = device;
    }
    return record;
  };
}

const sampleHas = (sample: readonly string[], test: (o: Record<string, unknown>) => boolean) => {
  const objects = sample.filter((line) => line.charCodeAt(0) === 123).map(objectOf).filter((o): o is Record<string, unknown> => typeof o !== 'string');
  return objects.length > 0 && objects.filter(test).length >= Math.ceil(objects.length * 0.6);
};

/**
 * Zscaler Internet Access web logs as an NSS or Cloud NSS feed with the JSON output type, from
 * Zscaler Help "NSS Feed Output Format: Web Logs": the Splunk feed template wraps the fields in
 * {"sourcetype": "zscalernss-web", "event": {...}} and names them datetime, user (%s{login}),
 * url (%s{eurl}), hostname (%s{ehost}), action (%s{action}), requestsize (%d{reqsize}),
 * responsesize (%d{respsize}), devicehostname (%s{devicehostname}); feeds written by hand
 * use the specifiers' own names (time, epochtime, login, url, host, reqsize, respsize).
 * %s{prompt_req} and other content fields are never read.
 */
export const zscalerNss: LogFormat = {
  name: 'zscaler-nss',
  independentLines: true,
  document: 'Zscaler Help, "NSS Feed Output Format: Web Logs" (JSON output, Splunk sourcetype zscalernss-web)',
  recognise: (sample) =>
    sample.some((line) => line.includes('"zscalernss-web"')) ||
    sampleHas(sample, (o) => ('reqsize' in o || 'requestsize' in o) && ('login' in o || 'user' in o) && ('urlcat' in o || 'urlcategory' in o || 'urlsupercategory' in o || 'urlsupercat' in o)),
  parser: () =>
    jsonParser({
      time: ['epochtime', 'datetime', 'time'],
      host: ['hostname', 'host', 'ehost'],
      url: ['url', 'eurl'],
      user: ['user', 'login', 'ologin'],
      device: ['devicehostname', 'ClientIP', 'cip'],
      out: ['requestsize', 'reqsize', 'reqdatasize'],
      in: ['responsesize', 'respsize', 'respdatasize'],
      action: ['action'],
    }),
};

/**
 * Netskope page and application events as the REST API v2 data export and Cloud Exchange's log
 * shipper deliver them (Netskope docs, "Event Fields" and "Get Events Data"): JSON with
 * type "page"/"application", timestamp (Unix seconds), user, hostname (the device), site or
 * domain, url or page, client_bytes (sent), server_bytes (received), action.
 */
export const netskopeEvents: LogFormat = {
  name: 'netskope-events',
  independentLines: true,
  document: 'Netskope docs, REST API v2 "dataexport" events and "Event Fields" (page and application events)',
  recognise: (sample) => sampleHas(sample, (o) => (o.type === 'page' || o.type === 'application' || o.type === 'connection') && ('client_bytes' in o || 'numbytes' in o || 'traffic_type' in o)),
  parser: () =>
    jsonParser({
      time: ['timestamp', '_insertion_epoch_timestamp'],
      host: ['domain', 'dsthost', 'site_host'],
      url: ['url', 'page'],
      user: ['user', 'ur_normalized', 'userkey'],
      device: ['hostname', 'device', 'userip'],
      out: ['client_bytes'],
      in: ['server_bytes'],
      action: ['action'],
    }),
};

/**
 * Cloudflare Zero Trust Gateway logs pushed by Logpush as JSON lines, from Cloudflare's
 * "Logpush datasets: gateway_http" (Datetime, Email, UserID, DeviceID, DeviceName, URL,
 * HTTPHost, Action…) and "gateway_dns" (Datetime, Email, DeviceID,
 * DeviceName, QueryName, ResolverDecision, SrcIP). DNS answers carry no bytes; a DNS
 * ResolverDecision that starts with "blocked" is a block.
 */
export const cloudflareGateway: LogFormat = {
  name: 'cloudflare-gateway',
  independentLines: true,
  document: 'Cloudflare Logs, Logpush datasets gateway_http and gateway_dns (account-scoped)',
  recognise: (sample) => sampleHas(sample, (o) => 'Datetime' in o && ('HTTPHost' in o || 'QueryName' in o) && ('Email' in o || 'DeviceID' in o || 'SrcIP' in o)),
  parser: () =>
    jsonParser(
      {
        time: ['Datetime'],
        host: ['HTTPHost', 'QueryName'],
        url: ['URL'],
        user: ['Email'],
        device: ['DeviceName', 'DeviceID', 'SrcIP'],
        // Neither dataset carries byte counts.
        out: [],
        in: [],
        action: ['Action', 'ResolverDecision'],
      },
      (action) => action !== undefined && (isBlocked(action) || /^blocked/i.test(action)),
    ),
};
