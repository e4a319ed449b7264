import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExpenseBatch, openExpenseFile } from '../../../../connectors/expenses/index.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures/expenses');

async function readAll(name: string, options = {}) {
  const file = await openExpenseFile(join(FIXTURES, name), options);
  const batches: ExpenseBatch[] = [];
  for await (const batch of file.batches()) batches.push(batch);
  return { file, records: batches.flatMap((b) => b.records), problems: batches.flatMap((b) => b.problems) };
}

describe('openExpenseFile', () => {
  it('reads a BOM, CRLF, quoted commas and newlines, thousands separators and credits', async () => {
    const { file, records, problems } = await readAll('quoted-bom.csv');
    expect(file.layout).toBe('generic');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.attributes.merchant, r.attributes.amount])).toEqual([
      [2, 'OPENAI *CHATGPT SUBSCR', 20],
      [3, 'Coffee, Bar & Grill', 4.5],
      [5, 'ANTHROPIC', 1234.56],
      [6, 'REFUND ANTHROPIC', -20],
    ]);
    expect(records[0]!.attributes).toEqual({ merchant: 'OPENAI *CHATGPT SUBSCR', amount: 20, currency: 'USD', date: '2026-01-05', employee: 'Alice', memo: 'Plus, monthly' });
    expect(records[1]!.attributes.memo).toBe('line one\r\nline two');
  });

  it('imports the good rows of a malformed file and reports each bad one with its line and reason', async () => {
    const { records, problems } = await readAll('malformed.csv');
    expect(records.map((r) => r.line)).toEqual([2, 5, 6, 10]);
    expect(records.find((r) => r.line === 6)!.attributes.merchant).toBe('CLAUDE.AI "PRO');
    expect(problems).toEqual([
      { line: 3, reason: "date '2026-02-30' is not a valid YYYY-MM-DD date" },
      { line: 4, reason: 'missing amount' },
      { line: 7, reason: "date 'not a date' is not a date unshadow can read" },
      { line: 8, reason: 'missing merchant or description' },
      { line: 9, reason: "amount 'twelve' is not a number" },
      { line: 11, reason: "currency 'US DOLLARS' is not an ISO 4217 code" },
      { line: 12, reason: 'a quoted field is never closed; the rest of the file from here could not be read' },
    ]);
  });

  it('reads ; files with decimal commas and day-first dates, with columns named by --map', async () => {
    const { records } = await readAll('semicolon-de.csv', {
      map: 'Buchungstag=date,Empfänger=merchant,Betrag=amount,Währung=currency,Karteninhaber=employee',
    });
    expect(records.map((r) => [r.attributes.date, r.attributes.merchant, r.attributes.amount, r.attributes.currency])).toEqual([
      ['2026-02-03', 'MISTRAL AI', 1234.5, 'EUR'],
      ['2026-02-04', 'BÄCKEREI MÜLLER', 3.2, 'EUR'],
      ['2026-02-05', 'DEEPL SE', -8.99, 'EUR'],
    ]);
  });

  it('reads tab-separated files with debit and credit columns and month-first dates', async () => {
    const { file, records } = await readAll('tabs-debit-credit.csv');
    expect(file.delimiter).toBe('\t');
    expect(records.map((r) => [r.attributes.date, r.attributes.amount])).toEqual([
      ['2026-01-25', 120],
      ['2026-01-26', -20],
      ['2026-01-27', 45.1],
    ]);
  });

  it('turns a card statement that shows purchases as negative into positive spend', async () => {
    const { records } = await readAll('../demo/expenses/chase-card.csv');
    expect(records.length).toBeGreaterThan(10);
    expect(records.every((r) => r.attributes.amount > 0)).toBe(true);
  });

  it('fails before reading rows when no layout fits, naming the columns it found', async () => {
    await expect(openExpenseFile(join(FIXTURES, 'unknown-layout.csv'))).rejects.toThrow("columns found: 'Posted', 'Shop', 'Total'");
  });

  it('says plainly when the file is missing', async () => {
    await expect(openExpenseFile(join(FIXTURES, 'nope.csv'))).rejects.toThrow(/cannot read expense file .*nope.csv: it does not exist/);
  });

  it('hands rows out in batches of the requested size', async () => {
    const file = await openExpenseFile(join(FIXTURES, '../demo/expenses/ramp-2026-q3.csv'), { batchSize: 25 });
    const sizes: number[] = [];
    for await (const batch of file.batches()) sizes.push(batch.records.length);
    expect(sizes.slice(0, -1).every((size) => size === 25)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(25);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(63);
    expect(file.digest()).toMatch(/^[0-9a-f]{64}$/);
  });
});
