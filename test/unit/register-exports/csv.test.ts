import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormula, toCsv } from '../../../src/register/exports/csv.js';

describe('csv formula injection', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=x', "'\t=x"],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('neutralises a leading CR and then quotes the cell for its line break', () => {
    expect(neutraliseFormula('\r=x')).toBe("'\r=x");
    expect(csvCell('\r=x')).toBe(`"'\r=x"`);
  });

  it('quotes a neutralised formula that also carries a quote or comma', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('keeps numbers as numbers, negative ones included, and leaves inner triggers alone', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(1234.5)).toBe('1234.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x-1')).toBe('x-1');
    expect(csvCell('-5')).toBe("'-5");
  });

  it('writes null, undefined and booleans', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('')).toBe('');
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes, newlines and semicolons (RFC 4180) and ends records with CRLF', () => {
    const csv = toCsv(
      ['name', 'note', 'n'],
      [
        ['Acme, Inc.', 'said "hi"', 3],
        ['multi\nline', 'a;b', -5],
        ['plain', null, undefined],
      ],
    );
    expect(csv).toBe(
      'name,note,n\r\n' + '"Acme, Inc.","said ""hi""",3\r\n' + '"multi\nline","a;b",-5\r\n' + 'plain,,\r\n',
    );
  });

  it('neutralises headers too', () => {
    expect(toCsv(['=bad'], [])).toBe("'=bad\r\n");
  });

  it('round-trips through a strict RFC 4180 reader', async () => {
    const { parse } = await import('csv-parse/sync');
    const rows = [["=cmd|' /C calc'!A0", 'x,"y"\r\nz', -5, true]];
    const parsed = parse(toCsv(['a', 'b', 'c', 'd'], rows), { relax_quotes: false }) as string[][];
    expect(parsed).toEqual([
      ['a', 'b', 'c', 'd'],
      ["'=cmd|' /C calc'!A0", 'x,"y"\r\nz', '-5', 'true'],
    ]);
  });
});
