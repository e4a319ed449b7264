import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vocabulary } from '../../../src/domain/vocabulary.js';
import { ROOT } from '../../helpers/cli.js';
// @ts-expect-error: the console is plain JavaScript without type declarations.
import * as vocab from '../../../web/assets/vocab.js';

const served = vocabulary() as Record<string, Record<string, string>>;
const dictionaries = () => Object.fromEntries(Object.entries(vocab as Record<string, unknown>).filter(([, value]) => typeof value === 'object' && value !== null)) as Record<string, Record<string, string>>;

/** Every file of the console's code, with its text. */
function consoleSources(): { file: string; text: string }[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : []));
  return walk(join(ROOT, 'web/assets')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

/** The console shows the server's words (GET /api/vocabulary), never a copy of its own. */
describe("the console's vocabulary", () => {
  it('holds no words until the served vocabulary fills it', () => {
    for (const [name, words] of Object.entries(dictionaries())) expect(words, name).toEqual({});
  });

  it('takes every dictionary the server serves, as served, and has one for each', () => {
    expect(Object.keys(dictionaries()).sort()).toEqual(Object.keys(served).sort());
    vocab.useVocabulary(JSON.parse(JSON.stringify(served)));
    for (const [name, words] of Object.entries(dictionaries())) expect(words, name).toEqual(served[name]);
    expect(vocab.label(vocab.STATUSES, 'approved_with_conditions')).toBe('Approved with conditions');
    vocab.useVocabulary({});
    expect(vocab.STATUSES).toEqual({});
  });

  it('is loaded before the console routes to any page', () => {
    const app = readFileSync(join(ROOT, 'web/assets/app.js'), 'utf8');
    expect(app).toMatch(/Promise\.all\(\[loadVocabulary\(\), loadSession\(\)\]\)\s*\.then\(\(\) => startRouter\(show\)\)/);
  });

  it('spells no label of the server anywhere in the console code', () => {
    // Long, distinctive labels only: a short one ("High", "Open") is also ordinary prose.
    const labels = new Set(Object.values(served).flatMap((words) => Object.values(words)).filter((text) => text.length >= 18));
    const copies = consoleSources().flatMap(({ file, text }) => [...labels].filter((word) => text.includes(`'${word}'`) || text.includes(`"${word}"`)).map((word) => `${file.slice(ROOT.length)}: ${word}`));
    expect(copies).toEqual([]);
  });
});
