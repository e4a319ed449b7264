import type { LogFormat, NetworkRecord } from '../types.js';
import { bytes, dayFromEpoch, dayOf, hostOf, person } from '../values.js';

/**
 * Squid access.log, from the Squid wiki "SquidFaq/SquidLogs" (access.log, native format):
 *   time elapsed remotehost code/status bytes method URL rfc931 peerstatus/peerhost type
 * `bytes` is what Squid sent to the client; the native format has no request size, so the
 * upload is unknown (0). A CONNECT's URL is host:port. TCP_DENIED means blocked.
 * Common format (`logformat common`, Apache's Common Log Format, optionally with Squid's
 * "code:hierarchy" and the combined format's referer and user agent after it):
 *   remotehost rfc931 authuser [dd/Mon/yyyy:hh:mm:ss zone] "method URL version" status bytes
 */

const NATIVE = /^(\d{9,}\.\d{1,6})\s+\d+\s+(\S+)\s+([A-Z_]+)\/(\d{3})\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?/;

export const squidNative: LogFormat = {
  name: 'squid',
  independentLines: true,
  document: 'Squid wiki, SquidFaq/SquidLogs: access.log native format',
  recognise: (sample) => sample.filter((line) => NATIVE.test(line)).length >= Math.max(1, Math.ceil(sample.length * 0.6)),
  parser: () => (line) => {
    // Splitting on spaces beats the regular expression by far on multi-GB files; the fields are space-free.
    const f = line.split(/\s+/, 11);
    if (f.length < 7) return 'not a Squid native access.log line (fewer than 7 fields)';
    const time = Number(f[0]);
    const day = dayFromEpoch(time);
    if (!day) return `not a Squid native access.log line: '${f[0]!.slice(0, 20)}' is not a Unix time`;
    const slash = f[3]!.indexOf('/');
    if (slash === -1) return `not a Squid native access.log line: '${f[3]!.slice(0, 30)}' is not code/status`;
    const host = hostOf(f[6]);
    if (!host) return 'no destination host in the URL field';
    const user = person(f[7]);
    const record: NetworkRecord = { host, day, bytesOut: 0, bytesIn: bytes(f[4]), blocked: f[3]!.startsWith('TCP_DENIED') || f[3]!.startsWith('NONE_NONE/403') };
    if (user) record.user = user;
    else record.device = f[2];
    return record;
  },
};

const COMMON = /^(\S+)\s+(\S+)\s+(\S+)\s+\[([^\]]+)\]\s+"(\S+)\s+(\S+)(?:\s+[^"]*)?"\s+(\d{3}|-)\s+(\d+|-)(?:\s+(\S+))?/;

export const squidCommon: LogFormat = {
  name: 'squid-common',
  independentLines: true,
  document: 'Squid configuration manual, logformat directive: the "common" and "combined" formats (Apache Common Log Format)',
  recognise: (sample) => sample.filter((line) => COMMON.test(line)).length >= Math.max(1, Math.ceil(sample.length * 0.6)),
  parser: () => (line) => {
    const m = COMMON.exec(line);
    if (!m) return 'not a Common Log Format line';
    const day = dayOf(m[4]);
    if (!day) return `'${m[4]}' is not a Common Log Format time`;
    const host = hostOf(m[6]);
    if (!host) return 'no destination host in the request';
    const user = person(m[3]) ?? person(m[2]);
    const hierarchy = m[9] ?? '';
    const record: NetworkRecord = { host, day, bytesOut: 0, bytesIn: bytes(m[8]), blocked: hierarchy.startsWith('TCP_DENIED') || (m[7] === '403' && hierarchy.startsWith('NONE')) };
    if (user) record.user = user;
    else record.device = m[1];
    return record;
  },
};
