import type { LogFormat, NetworkRecord } from '../types.js';
import { bytes, dayOf, hostOf, isBlocked, person, splitDelimited } from '../values.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** "Jane Doe (jane@corp.example)" → "jane@corp.example"; otherwise the identity itself. */
function identity(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const email = /\(([^()\s]+@[^()\s]+)\)\s*$/.exec(value);
  return person(email ? email[1] : value);
}

const mostly = (sample: readonly string[], test: (cells: string[]) => boolean) => {
  const rows = sample.map((line) => splitDelimited(line)).filter((cells): cells is string[] => Boolean(cells));
  return rows.length > 0 && rows.filter(test).length >= Math.ceil(rows.length * 0.6);
};

/**
 * Cisco Umbrella DNS logs as Umbrella writes them to S3, from Umbrella's "Log Formats and
 * Versioning" (DNS logs, versions 2 to 10), CSV with every field quoted and no header:
 *   Timestamp, Most Granular Identity, Identities, InternalIp, ExternalIp, Action, QueryType,
 *   ResponseCode, Domain, Categories, …
 * Timestamps are UTC. An identity with an e-mail address in brackets is a user; otherwise it
 * is the device, network or site that asked.
 */
export const umbrellaDns: LogFormat = {
  name: 'umbrella-dns',
  independentLines: true,
  document: 'Cisco Umbrella documentation, "Log Formats and Versioning": DNS logs (S3 export)',
  recognise: (sample) => mostly(sample, (c) => c.length >= 9 && TIMESTAMP.test(c[0]!) && /^(Allowed|Blocked)$/i.test(c[5]!) && /^\d+ \(/.test(c[6]!)),
  parser: () => (line) => {
    const c = splitDelimited(line);
    if (!c) return 'a quoted field is never closed';
    if (c.length < 9) return `${c.length} fields where Umbrella DNS logs have at least 9`;
    const day = dayOf(c[0]);
    if (!day) return `'${c[0]}' is not a timestamp`;
    const host = hostOf(c[8]);
    if (!host) return 'no domain';
    const record: NetworkRecord = { host, day, bytesOut: 0, bytesIn: 0, blocked: /^blocked$/i.test(c[5]!) };
    const who = /@/.test(c[1]!) ? identity(c[1]) : undefined;
    if (who) record.user = who;
    else if (c[1]) record.device = c[1];
    return record;
  },
};

/**
 * Cisco Umbrella proxy (Secure Web Gateway) logs, same document ("Proxy logs"), CSV, quoted,
 * no header:
 *   Timestamp, Identities, Internal IP, External IP, Destination IP, Content Type, Verdict, URL,
 *   Referer, userAgent, statusCode, requestSize, responseSize, responseBodySize, …
 */
export const umbrellaProxy: LogFormat = {
  name: 'umbrella-proxy',
  independentLines: true,
  document: 'Cisco Umbrella documentation, "Log Formats and Versioning": proxy logs (S3 export)',
  recognise: (sample) => mostly(sample, (c) => c.length >= 13 && TIMESTAMP.test(c[0]!) && /^(allowed|blocked)$/i.test(c[6]!) && /^https?:\/\//i.test(c[7]!)),
  parser: () => (line) => {
    const c = splitDelimited(line);
    if (!c) return 'a quoted field is never closed';
    if (c.length < 13) return `${c.length} fields where Umbrella proxy logs have at least 13`;
    const day = dayOf(c[0]);
    if (!day) return `'${c[0]}' is not a timestamp`;
    const host = hostOf(c[7]);
    if (!host) return 'no host in the URL';
    const record: NetworkRecord = { host, day, bytesOut: bytes(c[11]), bytesIn: bytes(c[12]), blocked: /^blocked$/i.test(c[6]!) };
    const identities = c[1]!.split(',');
    const who = identities.map(identity).find((value) => value?.includes('@'));
    if (who) record.user = who;
    else if (identities[0]) record.device = identities[0];
    return record;
  },
};

/**
 * Palo Alto Networks URL filtering logs (PAN-OS THREAT logs of subtype "url") as syslog CSV,
 * from the PAN-OS Administrator's Guide "Threat Log Fields" (the order of the syslog fields):
 *   FUTURE_USE, Receive Time, Serial Number, Type, Threat/Content Type, FUTURE_USE, Generated
 *   Time, Source Address, Destination Address, NAT Source IP, NAT Destination IP, Rule Name,
 *   Source User, Destination User, Application, Virtual System, Source Zone, Destination Zone,
 *   Inbound Interface, Outbound Interface, Log Action, FUTURE_USE, Session ID, Repeat Count,
 *   Source Port, Destination Port, NAT Source Port, NAT Destination Port, Flags, Protocol,
 *   Action, URL/Filename, Threat ID, Category, …
 * A syslog header before the first field ("<14>Dec 10 10:00:00 fw01 ") is skipped. URL logs
 * have no byte counts; Repeat Count is the number of requests the line stands for.
 */
export const paloAltoUrl: LogFormat = {
  name: 'paloalto-url',
  independentLines: true,
  document: 'PAN-OS Administrator\'s Guide, "Syslog Field Descriptions: Threat Log Fields" (subtype url)',
  recognise: (sample) => sample.filter((line) => /,THREAT,url,/.test(line)).length >= Math.ceil(sample.length * 0.6),
  parser: () => (line) => {
    const start = line.search(/\d*,\d{4}\/\d{2}\/\d{2} /);
    const c = splitDelimited(start > 0 ? line.slice(start) : line);
    if (!c) return 'a quoted field is never closed';
    if (c.length < 34) return `${c.length} fields where a PAN-OS threat log has at least 34`;
    if (c[3] !== 'THREAT') return null;
    if (c[4] !== 'url') return null;
    const day = dayOf(c[6]) ?? dayOf(c[1]);
    if (!day) return `'${c[6]}' is not a PAN-OS time`;
    const host = hostOf(c[31]);
    if (!host) return 'no host in URL/Filename';
    const record: NetworkRecord = { host, day, bytesOut: 0, bytesIn: 0, blocked: isBlocked(c[30]), requests: Math.max(1, bytes(c[23])) };
    const user = person(c[12]);
    if (user) record.user = user;
    else if (c[7]) record.device = c[7];
    return record;
  },
};
