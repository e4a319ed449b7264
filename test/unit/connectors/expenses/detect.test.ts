import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../../connectors/expenses/detect.js';
import { UserError } from '../../../../src/domain/errors.js';

describe('detectLayout', () => {
  it.each([
    ['ramp', ['Transaction ID', 'User Transaction Time', 'Merchant Name', 'Amount', 'Currency Code', 'User', 'SK Category Name', 'Memo']],
    ['ramp', ['transaction_time', 'amount', 'user', 'merchant_name']],
    ['brex', ['ID', 'Initiated At Date', 'Posted At Date', 'Raw Descriptor', 'Amount', 'Currency', 'User']],
    ['expensify', ['Timestamp', 'Merchant', 'Amount', 'MCC', 'Category', 'Tag', 'Comment', 'Reimbursable', 'Original Currency', 'Original Amount', 'Receipt']],
    ['concur', ['Employee', 'Report Name', 'Transaction Date', 'Expense Type', 'Vendor Description', 'Amount', 'Currency']],
    ['navan', ['Transaction Date', 'Merchant', 'Amount', 'Currency', 'Traveler', 'Expense Policy']],
    ['chase', ['Transaction Date', 'Post Date', 'Description', 'Category', 'Type', 'Amount', 'Memo']],
    ['amex', ['Date', 'Description', 'Card Member', 'Account #', 'Amount', 'Extended Details', 'Appears On Your Statement As']],
    ['generic', ['Date', 'Payee', 'Debit', 'Credit', 'Currency']],
    ['generic', ['\ufeffBooking Date', 'Description', 'Amount']],
  ])('recognises %s by its headers, in any order and case', (name, headers) => {
    expect(detectLayout(headers).layout.name).toBe(name);
    expect(detectLayout([...headers].reverse().map((h) => h.toUpperCase())).layout.name).toBe(name);
  });

  it('maps fields to column positions from header names', () => {
    const { columns } = detectLayout(['Memo', 'Amount', 'Merchant Name', 'User', 'User Transaction Time']);
    expect(columns).toMatchObject({ memo: 0, amount: 1, merchant: 2, employee: 3, date: 4 });
  });

  it('lets --format force a layout and --map name the columns of any file', () => {
    expect(detectLayout(['Date', 'Description', 'Amount'], { format: 'amex' }).layout.name).toBe('amex');
    const mapped = detectLayout(['Spend Day', 'Shop', 'Sum'], { map: 'Spend Day=date,Shop=merchant,Sum=amount' });
    expect(mapped.layout.name).toBe('generic');
    expect(mapped.columns).toMatchObject({ date: 0, merchant: 1, amount: 2 });
  });

  it('names the headers found and the layouts known when nothing fits', () => {
    let error: unknown;
    try {
      detectLayout(['When', 'Shop', 'Sum']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain("columns found: 'When', 'Shop', 'Sum'");
    expect((error as UserError).hint).toMatch(/ramp .*brex .*expensify .*concur .*navan .*chase .*amex .*generic/s);
    expect((error as UserError).hint).toContain('--map');
  });

  it('rejects an unknown --format and a malformed --map with the way to fix them', () => {
    expect(() => detectLayout(['Date'], { format: 'quickbooks' })).toThrow(/unknown expense format 'quickbooks'/);
    expect(() => detectLayout(['Date', 'Shop', 'Sum'], { map: 'Shop=vendor' })).toThrow(/not of the form <column header>=<field>/);
    expect(() => detectLayout(['Date', 'Shop', 'Sum'], { map: 'Store=merchant' })).toThrow(/names the column 'store', which is not in the file/);
    expect(() => detectLayout(['Date', 'Description', 'Note'], { format: 'generic' })).toThrow(/needs a column for amount/);
  });
});
