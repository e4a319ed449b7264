/** Dates, numbers and money in the reader's locale; every formatter copes with missing values. */
import { h } from './dom.js';

const DASH = '—';
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const monthName = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const integer = new Intl.NumberFormat();

function parse(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A <time> element: readable text, machine-readable datetime. */
export function time(value, { withTime = true } = {}) {
  const date = parse(value);
  if (!date) return DASH;
  return h('time', { datetime: date.toISOString() }, (withTime ? dateTime : dateOnly).format(date));
}

export function dateText(value) {
  const date = parse(value);
  return date ? dateOnly.format(date) : DASH;
}

/** "2026-08" → "Aug 2026": a two-digit year reads as a day ("Jul 26"). */
export function monthLabel(month) {
  const date = parse(`${month}-01T00:00:00Z`);
  return date ? monthName.format(date) : String(month);
}

export function count(n) {
  return typeof n === 'number' ? integer.format(n) : DASH;
}

/** "1 AI system", "3 AI systems". */
export function counted(n, one, many) {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function money(amount, currency) {
  if (typeof amount !== 'number') return DASH;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    // An expense file may carry a currency code Intl does not know.
    return `${amount.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

/** "$1.2K": axis ticks, where full amounts would crowd the chart. */
export function compactMoney(amount, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/** Every month from first to last inclusive ("2026-01" … "2026-04"), so gaps show as zero. */
export function monthRange(first, last) {
  const months = [];
  let [year, month] = first.split('-').map(Number);
  const [endYear, endMonth] = last.split('-').map(Number);
  if (!year || !month || !endYear || !endMonth) return [first, last].filter(Boolean);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

export function percent(fraction) {
  return typeof fraction === 'number' ? `${Math.round(fraction * 100)}%` : DASH;
}

/**
 * Audit values are JSON of any shape: lists read as lists, objects as "key: value" pairs,
 * nothing as a dash.
 */
export function value(v) {
  if (v === null || v === undefined || v === '') return DASH;
  if (Array.isArray(v)) return v.length ? v.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(', ') : DASH;
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? entries.map(([key, item]) => `${key}: ${typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item)}`).join('; ') : DASH;
  }
  return String(v);
}

export function list(items) {
  return Array.isArray(items) && items.length ? items.join(', ') : DASH;
}

export { DASH };
