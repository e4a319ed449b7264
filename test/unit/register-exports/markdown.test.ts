import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell, markdownTable } from '../../../src/register/exports/markdown.js';

describe('escapeMarkdownCell', () => {
  it('escapes pipes and turns line breaks into <br>', () => {
    expect(escapeMarkdownCell('a | b')).toBe('a \\| b');
    expect(escapeMarkdownCell('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
  });

  it('cannot be un-escaped by a backslash in the input', () => {
    expect(escapeMarkdownCell('a \\| b')).toBe('a \\\\\\| b');
  });

  it('writes empty cells, numbers and booleans, and leaves a leading = alone', () => {
    expect(escapeMarkdownCell(null)).toBe('');
    expect(escapeMarkdownCell(undefined)).toBe('');
    expect(escapeMarkdownCell(-5)).toBe('-5');
    expect(escapeMarkdownCell(false)).toBe('false');
    expect(escapeMarkdownCell('=SUM(1)')).toBe('=SUM(1)');
  });
});

describe('markdownTable', () => {
  it('builds a header, a delimiter row and rows padded to the header width', () => {
    expect(markdownTable(['A', 'B|C'], [['x|y', 1], ['only']])).toBe(
      '| A | B\\|C |\n| --- | --- |\n| x\\|y | 1 |\n| only |  |\n',
    );
  });
});
