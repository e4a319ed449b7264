import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artefactKind, manifestKind, parseArtefact, parseManifest, type ParsedDependency, type RepoArtefact } from '../../../connectors/manifests/index.js';
import { installFakeDependencies, REPOS } from './helpers.js';

installFakeDependencies();

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, root) : [relative(root, full).split('\\').join('/')];
  });
}

interface Expected {
  dependencies: { ecosystem: string; name: string; manifest: string }[];
  artefacts: RepoArtefact[];
  skipped: string[];
}

describe.each(['node-chatbot', 'python-rag', 'jvm-service', 'support-bot'])('sample repo %s', (repo) => {
  const root = join(REPOS, repo);
  const files = walk(root);
  const expected = JSON.parse(readFileSync(join(root, 'EXPECTED-AI.json'), 'utf8')) as Expected;
  const deps: ParsedDependency[] = [];
  const artefacts: RepoArtefact[] = [];
  const includes: string[] = [];
  for (const f of files) {
    if (manifestKind(f)) {
      const r = parseManifest(f, readFileSync(join(root, f), 'utf8'));
      expect(r.error, f).toBeUndefined();
      deps.push(...r.dependencies);
      includes.push(...(r.includes ?? []));
    }
    if (artefactKind(f)) artefacts.push(...parseArtefact(f, readFileSync(join(root, f), 'utf8')).artefacts);
  }

  it('finds every expected AI dependency in its manifest', () => {
    for (const e of expected.dependencies) {
      expect(deps.some((d) => d.ecosystem === e.ecosystem && d.name === e.name && d.manifest === e.manifest), `${e.name}`).toBe(true);
    }
  });

  it('skips vendored folders', () => {
    for (const s of expected.skipped) {
      expect(files).toContain(s);
      expect(manifestKind(s)).toBeNull();
      expect(deps.some((d) => d.manifest === s)).toBe(false);
    }
  });

  it('reports the expected artefacts', () => {
    const key = (a: RepoArtefact) => `${a.type}|${a.path}|${a.name}`;
    expect([...artefacts].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...expected.artefacts].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('includes point at files that exist', () => {
    for (const inc of includes) expect(files).toContain(inc);
  });
});
