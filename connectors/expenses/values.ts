import type { DateOrder } from './layouts.js';

/**
 * Cell parsers for expense exports. Hand-written rather than a general date or number
 * library: the accepted forms are few and known, ambiguity (01/02/2024, 1,234) is resolved
 * per file rather than per cell, and they run once per row of multi-million-row files.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', 'CHF': 'CHF', 'A$': 'AUD', 'C$': 'CAD' };
const CREDIT_SUFFIX = /\s*(CR|CREDIT)$/i;
const DEBIT_SUFFIX = /\s*(DR|DEBIT)$/i;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const PLAIN_AMOUNT = /^-?\d{1,15}(?:\.\d{1,4})?$/;

/**
 * The common cell of a dot-decimal file, "123.45" or "-7", as a number; undefined for anything
 * else, which then takes `parseAmount`'s general path. Per-row callers try this first.
 */
export function plainAmount(raw: string, decimalComma: boolean): number | undefined {
  return !decimalComma && PLAIN_AMOUNT.test(raw) ? Number(raw) : undefined;
}

export interface AmountOptions {
  /** The decimal separator this file uses where a cell alone cannot tell. */
  decimalComma: boolean;
}

/**
 * "1,234.56", "1.234,56", "(12.00)", "-12", "12.00-", "$1,234", "EUR 12,50", "12.00 CR".
 * Returns major units; negative means a credit or refund.
 */
export function parseAmount(raw: string, options: AmountOptions): Parsed<{ amount: number; currency?: string }> {
  let text = raw.trim();
  if (!text) return { ok: false, reason: 'missing amount' };
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (CREDIT_SUFFIX.test(text)) {
    negative = !negative;
    text = text.replace(CREDIT_SUFFIX, '');
  } else text = text.replace(DEBIT_SUFFIX, '');
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1).trim();
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) text = text.slice(1).trim();

  let currency: string | undefined;
  const codeMatch = /^([A-Z]{3})\s*|\s*([A-Z]{3})$/.exec(text);
  if (codeMatch) {
    currency = codeMatch[1] ?? codeMatch[2];
    text = text.replace(codeMatch[0], '');
  }
  const symbol = /^(A\$|C\$|[$€£¥₹])\s*|\s*([$€£¥₹])$/.exec(text);
  if (symbol) {
    currency ??= CURRENCY_SYMBOLS[symbol[1] ?? symbol[2] ?? ''];
    text = text.replace(symbol[0], '');
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  text = text.replace(/[\s'\u00a0\u202f]/g, '');
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, reason: `amount '${raw.trim()}' is not a number` };

  const decimal = decimalSeparator(text, options.decimalComma);
  const thousands = decimal === ',' ? '.' : ',';
  const [whole = '', fraction, extra] = decimal ? text.split(decimal) : [text];
  // Thousands separators must sit between groups of three digits: "1.2.3" is not a number.
  const grouped = whole.includes(thousands) ? new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(whole) : /^\d+$/.test(whole);
  if (extra !== undefined || !grouped || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    return { ok: false, reason: `amount '${raw.trim()}' is not a number` };
  }
  const normalised = `${whole.split(thousands).join('')}${fraction === undefined ? '' : `.${fraction}`}`;
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { ok: false, reason: `amount '${raw.trim()}' is not a number` };
  return { ok: true, value: { amount: negative ? -value : value, ...(currency ? { currency } : {}) } };
}

/**
 * Which of '.' and ',' is the decimal separator in a cell of digits and separators, or null
 * for none. Both present: the last one. One present once before exactly three digits
 * ("1,234"): the file's convention decides. Otherwise a single separator is the decimal one.
 */
function decimalSeparator(text: string, decimalComma: boolean): '.' | ',' | null {
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const separator = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (!separator) return null;
  if (text.indexOf(separator) !== text.lastIndexOf(separator)) return null;
  const digitsAfter = text.length - text.lastIndexOf(separator) - 1;
  if (digitsAfter !== 3) return separator;
  return decimalComma === (separator === ',') ? separator : null;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:$|[T\s,])/;
const DAY_MONTH_NAME = /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-,]+(\d{4}|\d{2})(?:$|[T\s,])/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:$|[T\s,])/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1970 || year > 2200) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 100) year += 2000;
  if (!validDate(year, month, day)) return null;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;

/**
 * "2026-03-04" and "2026-03-04T…" without a regular expression, the common case per row:
 * the date, null for an impossible one, undefined for another form.
 */
export function fastIso(text: string): string | null | undefined {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  if (text.length > 10 && text[10] !== 'T' && text[10] !== ' ') return undefined;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (!(year >= 0 && month >= 0 && day >= 0) || Number.isNaN(year + month + day)) return undefined;
  if (!validDate(year, month, day)) return null;
  return text.length === 10 ? text : text.slice(0, 10);
}

/**
 * The order of a numeric date's first two parts, told by the values themselves: 13/01 can only
 * be day-first and 01/13 only month-first. Null when the cell cannot tell.
 */
export function dateOrderEvidence(raw: string): DateOrder | null {
  const numeric = NUMERIC.exec(raw.trim());
  if (!numeric || numeric[2] === '.') return null;
  const first = Number(numeric[1]);
  const second = Number(numeric[3]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  return null;
}

/** ISO dates, numeric dates in the file's order (dots are always day-first), month names. */
export function parseDate(raw: string, order: DateOrder): Parsed<string> {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'missing date' };
  const fast = fastIso(text);
  if (fast) return { ok: true, value: fast };
  let result: string | null = null;
  let match: RegExpExecArray | null;
  if ((match = ISO.exec(text))) {
    result = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    if (!result) return { ok: false, reason: `date '${text}' is not a valid YYYY-MM-DD date` };
  } else if ((match = NUMERIC.exec(text))) {
    const a = Number(match[1]);
    const b = Number(match[3]);
    const dayFirst = match[2] === '.' || order === 'dmy';
    result = dayFirst ? isoDate(Number(match[4]), b, a) : isoDate(Number(match[4]), a, b);
    if (!result) {
      return { ok: false, reason: `date '${text}' is not a valid ${dayFirst ? 'DD/MM/YYYY' : 'MM/DD/YYYY'} date` };
    }
  } else if ((match = DAY_MONTH_NAME.exec(text))) {
    const month = MONTHS[match[2]!.toLowerCase()];
    if (month) result = isoDate(Number(match[3]), month, Number(match[1]));
  } else if ((match = MONTH_NAME_DAY.exec(text))) {
    const month = MONTHS[match[1]!.toLowerCase()];
    if (month) result = isoDate(Number(match[3]), month, Number(match[2]));
  }
  return result ? { ok: true, value: result } : { ok: false, reason: `date '${text}' is not a date unshadow can read` };
}

let lastCurrencyCell = '';
let lastCurrency: Parsed<string> = { ok: false, reason: '' };

/** A currency cell: an ISO 4217 code or a symbol. */
export function parseCurrency(raw: string): Parsed<string> {
  // A file repeats the same few currencies: answer a repeat from the last call.
  if (raw === lastCurrencyCell) return lastCurrency;
  lastCurrencyCell = raw;
  lastCurrency = readCurrency(raw);
  return lastCurrency;
}

function readCurrency(raw: string): Parsed<string> {
  const text = raw.trim().toUpperCase();
  if (CURRENCY_CODE.test(text)) return { ok: true, value: text };
  const fromSymbol = CURRENCY_SYMBOLS[raw.trim()];
  if (fromSymbol) return { ok: true, value: fromSymbol };
  return { ok: false, reason: `currency '${raw.trim()}' is not an ISO 4217 code` };
}
