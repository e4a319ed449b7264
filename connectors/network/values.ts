/**
 * Field values every format shares: hosts out of URLs (never keeping the path or query), days
 * out of the many ways logs write time, byte counts and actions. Pure and allocation-light: they
 * run once per line of files with billions of lines.
 */

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/** The host of a URL, a host:port or a bare host: "https://Chat.OpenAI.com:443/c/123?q=1" → "chat.openai.com". */
export function hostOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let start = 0;
  const scheme = value.indexOf('://');
  if (scheme !== -1 && scheme < 12) start = scheme + 3;
  let end = value.length;
  let at = -1;
  for (let i = start; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // '/', '?', '#', whitespace and '"' end the authority; '@' ends credentials, which are never kept.
    if (c === 47 || c === 63 || c === 35 || c <= 32 || c === 34) {
      end = i;
      break;
    }
    if (c === 64) at = i;
  }
  if (at !== -1) start = at + 1;
  if (value.charCodeAt(start) === 91) {
    const close = value.indexOf(']', start);
    return close === -1 || close > end ? undefined : value.slice(start, close + 1).toLowerCase();
  }
  const colon = value.indexOf(':', start);
  if (colon !== -1 && colon < end) end = colon;
  let host = value.slice(start, end);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!host || host === '-') return undefined;
  return host.toLowerCase();
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

// Logs are in time order: the day of the previous line is nearly always the day of this one.
let cachedDayStart = 0;
let cachedDayEnd = 0;
let cachedDay = '';

/** A UTC day from Unix time in seconds (fractions allowed), milliseconds or nanoseconds. */
export function dayFromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const ms = value > 1e17 ? value / 1e6 : value > 1e11 ? value : value * 1000;
  if (ms >= cachedDayStart && ms < cachedDayEnd) return cachedDay;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  cachedDayStart = Math.floor(ms / 86_400_000) * 86_400_000;
  cachedDayEnd = cachedDayStart + 86_400_000;
  cachedDay = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return cachedDay;
}

const ISO_DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})/;
const OFFSET = /(?:[+-]\d{2}:?\d{2}|Z)$/;

/**
 * The day of a timestamp: ISO 8601 and "YYYY-MM-DD hh:mm:ss" (the day as written, or in UTC
 * when an offset is given), "YYYY/MM/DD hh:mm:ss" (PAN-OS), Unix time, Common Log Format
 * "10/Oct/2024:13:55:36 +0000", and "Mon Oct 16 22:55:48 2023" (Zscaler %s{time}).
 */
export function dayOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const iso = ISO_DAY.exec(text);
  if (iso) {
    if (text.length > 19 && OFFSET.test(text) && !text.endsWith('+00:00') && !text.endsWith('Z')) {
      const date = new Date(text.replace(' ', 'T'));
      if (!Number.isNaN(date.getTime())) return dayFromEpoch(date.getTime());
    }
    return `${iso[1]}-${iso[2]}-${iso[3]}`;
  }
  if (/^\d{9,}(\.\d+)?$/.test(text)) return dayFromEpoch(Number(text));
  const clf = /^\[?(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})\s*([+-]\d{4})?\]?$/.exec(text);
  if (clf && MONTHS[clf[2]!]) {
    const offset = clf[7] ? `${clf[7].slice(0, 3)}:${clf[7].slice(3)}` : 'Z';
    return dayFromEpoch(Date.parse(`${clf[3]}-${MONTHS[clf[2]!]}-${clf[1]}T${clf[4]}:${clf[5]}:${clf[6]}${offset}`));
  }
  const words = /^(?:[A-Z][a-z]{2},?\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+(?:(\d{4})\s+)?\d{2}:\d{2}:\d{2}(?:\s+(\d{4}))?/.exec(text);
  if (words && MONTHS[words[1]!] && (words[3] || words[4])) return `${words[3] ?? words[4]}-${MONTHS[words[1]!]}-${pad(Number(words[2]))}`;
  return undefined;
}

/** A non-negative byte count; "-", empty and junk count as 0. */
export function bytes(value: string | number | undefined): number {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
  if (!value) return 0;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return i === 0 ? 0 : n;
    n = n * 10 + c;
  }
  return n;
}

/** Actions that mean the request did not go through, in any vendor's words. */
const BLOCKED = /^(block|blocked|deny|denied|drop|dropped|reset|reset-both|reset-client|reset-server|sinkhole|refused|prohibited|quarantine|isolate-block|tcp_denied)/i;

export function isBlocked(action: string | undefined): boolean {
  return action !== undefined && action !== '' && BLOCKED.test(action.trim());
}

/** A user name as logs write it; "-" and "unknown" are no one. */
export function person(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (!text || text === '-' || /^(unknown|none|null|n\/a|anonymous)$/i.test(text)) return undefined;
  return text.toLowerCase();
}

/** Splits a CSV line (RFC 4180 quotes, the given delimiter); a line with an unclosed quote gives undefined. */
export function splitDelimited(line: string, delimiter = ','): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) return undefined;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      cells.push(value);
      i = line.indexOf(delimiter, j);
      if (i === -1) break;
      i += delimiter.length;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next === -1) {
        cells.push(line.slice(i));
        break;
      }
      cells.push(line.slice(i, next));
      i = next + delimiter.length;
    }
    if (i === line.length) {
      cells.push('');
      break;
    }
  }
  return cells;
}

/** JSON.parse that says why instead of throwing. */
export function parseJsonLine(line: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'a JSON value that is not an object';
  } catch (error) {
    return `not valid JSON (${(error as Error).message.replace(/^Unexpected token.*?in JSON at /, 'at ')})`;
  }
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
