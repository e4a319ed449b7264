import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryIndex } from '../domain/catalog.js';
import type { Ecosystem } from '../domain/taxonomy.js';
import { packageFile } from '../domain/package-files.js';

/**
 * The bundled index of registry packages whose summary is about AI (scripts/build-registry-index.mjs
 * writes it from the npm, PyPI and NuGet package lists). Each ecosystem's file is read the first
 * time a matcher asks for it and then searched in place: the text stays one string and only
 * where each line starts is kept, about a fifth of what a Map of the same names would hold.
 */
export const REGISTRY_INDEX_DIR = packageFile('src/catalog/registry');

const INDEXED = new Set<Ecosystem>(['npm', 'pypi', 'nuget']);

/** One ecosystem's sorted "<name> <n>" lines, binary-searched by name. */
class SortedNames {
  private readonly starts: Uint32Array;
  private readonly terms: string[] = [];

  constructor(private readonly text: string) {
    const starts: number[] = [];
    let at = 0;
    while (at < text.length) {
      const end = text.indexOf('\n', at);
      const stop = end < 0 ? text.length : end;
      const first = text.charCodeAt(at);
      // "# …" comments and "= <n> <terms>" term lists precede the names.
      if (first === 61) {
        const space = text.indexOf(' ', at + 2);
        this.terms[Number(text.slice(at + 2, space))] = text.slice(space + 1, stop);
      } else if (first !== 35 && stop > at) starts.push(at);
      at = stop + 1;
    }
    this.starts = Uint32Array.from(starts);
  }

  get(name: string): string | undefined {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const start = this.starts[mid]!;
      const space = this.text.indexOf(' ', start);
      const found = this.text.slice(start, space);
      if (found === name) {
        const end = this.text.indexOf('\n', space);
        return this.terms[Number(this.text.slice(space + 1, end < 0 ? undefined : end))];
      }
      if (found < name) low = mid + 1;
      else high = mid;
    }
    return undefined;
  }
}

const loaded = new Map<string, SortedNames>();

/** The index in `dir` (the bundled one by default); files are shared by every catalog loaded from it. */
export function bundledRegistryIndex(dir = REGISTRY_INDEX_DIR): RegistryIndex {
  return {
    lookup(ecosystem) {
      if (!INDEXED.has(ecosystem)) return undefined;
      const path = join(dir, `${ecosystem}.txt`);
      let names = loaded.get(path);
      if (!names) {
        names = new SortedNames(readFileSync(path, 'utf8'));
        loaded.set(path, names);
      }
      return (name) => names.get(name);
    },
  };
}
