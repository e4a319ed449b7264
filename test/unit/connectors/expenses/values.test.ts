import { describe, expect, it } from 'vitest';
import { dateOrderEvidence, parseAmount, parseCurrency, parseDate } from '../../../../connectors/expenses/values.js';

const dot = { decimalComma: false };
const comma = { decimalComma: true };

describe('parseAmount', () => {
  it.each([
    ['12.50', dot, 12.5],
    ['1,234.56', dot, 1234.56],
    ['1.234,56', dot, 1234.56],
    ['1 234,56', comma, 1234.56],
    ["1'234.50", dot, 1234.5],
    ['1,234', dot, 1234],
    ['1,234', comma, 1.234],
    ['12,5', comma, 12.5],
    ['-42.00', dot, -42],
    ['42.00-', dot, -42],
    ['(42.00)', dot, -42],
    ['42.00 CR', dot, -42],
    ['+7', dot, 7],
  ])('reads %s', (raw, options, expected) => {
    const parsed = parseAmount(raw, options);
    expect(parsed).toEqual({ ok: true, value: { amount: expected } });
  });

  it('takes the currency from a symbol or code in the cell', () => {
    expect(parseAmount('$1,200.00', dot)).toEqual({ ok: true, value: { amount: 1200, currency: 'USD' } });
    expect(parseAmount('EUR 12,50', comma)).toEqual({ ok: true, value: { amount: 12.5, currency: 'EUR' } });
    expect(parseAmount('-£3.20', dot)).toEqual({ ok: true, value: { amount: -3.2, currency: 'GBP' } });
  });

  it('rejects what is not an amount, saying why', () => {
    expect(parseAmount('', dot)).toEqual({ ok: false, reason: 'missing amount' });
    expect(parseAmount('twelve', dot)).toMatchObject({ ok: false, reason: "amount 'twelve' is not a number" });
    expect(parseAmount('1.2.3', dot)).toMatchObject({ ok: false });
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-03-04', 'mdy', '2026-03-04'],
    ['2026-03-04T10:00:00+01:00', 'mdy', '2026-03-04'],
    ['2026/03/04', 'dmy', '2026-03-04'],
    ['03/04/2026', 'mdy', '2026-03-04'],
    ['04/03/2026', 'dmy', '2026-03-04'],
    ['04.03.2026', 'mdy', '2026-03-04'],
    ['4-Mar-2026', 'mdy', '2026-03-04'],
    ['04 March 2026', 'mdy', '2026-03-04'],
    ['Mar 4, 2026', 'dmy', '2026-03-04'],
    ['3/4/26', 'mdy', '2026-03-04'],
    ['2026-03-04 09:30:00', 'mdy', '2026-03-04'],
  ] as const)('reads %s (%s)', (raw, order, expected) => {
    expect(parseDate(raw, order)).toEqual({ ok: true, value: expected });
  });

  it('rejects impossible dates with the form it expected', () => {
    expect(parseDate('02/30/2026', 'mdy')).toEqual({ ok: false, reason: "date '02/30/2026' is not a valid MM/DD/YYYY date" });
    expect(parseDate('13/13/2026', 'dmy')).toEqual({ ok: false, reason: "date '13/13/2026' is not a valid DD/MM/YYYY date" });
    expect(parseDate('2026-02-29', 'mdy')).toMatchObject({ ok: false });
    expect(parseDate('yesterday', 'mdy')).toMatchObject({ ok: false, reason: "date 'yesterday' is not a date unshadow can read" });
    expect(parseDate('', 'mdy')).toEqual({ ok: false, reason: 'missing date' });
  });

  it('tells the order only from values that can only be read one way', () => {
    expect(dateOrderEvidence('25/01/2026')).toBe('dmy');
    expect(dateOrderEvidence('01/25/2026')).toBe('mdy');
    expect(dateOrderEvidence('01/02/2026')).toBeNull();
    expect(dateOrderEvidence('25.01.2026')).toBeNull();
  });
});

describe('parseCurrency', () => {
  it('accepts codes in any case and common symbols', () => {
    expect(parseCurrency('eur')).toEqual({ ok: true, value: 'EUR' });
    expect(parseCurrency('€')).toEqual({ ok: true, value: 'EUR' });
    expect(parseCurrency('euro')).toMatchObject({ ok: false });
  });
});
