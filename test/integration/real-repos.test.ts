/**
 * `scan repo` on the manifests and lockfiles of real public repositories (fixtures/real-repos,
 * each at a pinned commit, see its SOURCE.md), against the AI packages written down by hand from
 * reading those files (expected-ai.json): every one must be found, and nothing judged not AI may
 * be flagged, in the AI projects and in the projects without AI.
 *
 * expected-ai.json: `packages` (ecosystem, name, direct) are the third-party AI packages;
 * `firstParty` are the repository's own AI packages and `borderline` agent infrastructure the
 * catalog counts as AI (either may be flagged, neither must be); `catalogGaps` are expected AI
 * packages no catalog entry could hold when they were written down, each with the reason: they
 * may be missed, and the table says when the catalog has gained one (move it back then).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Ecosystem } from '../../src/domain/taxonomy.js';
import { compileMatcher, normalisePackage } from '../../src/matcher/index.js';
import { type RepositoryScan, scanRepository } from '../../src/repo-scan/scan-repository.js';

interface Named {
  ecosystem: Ecosystem;
  name: string;
}
interface Expected {
  repo: string;
  commit: string;
  licence: string;
  negative: boolean;
  packages: (Named & { direct: boolean })[];
  firstParty: Named[];
  borderline: (Named & { reason: string })[];
  catalogGaps: (Named & { reason: string })[];
  notes: string[];
}

const FOLDER = join(import.meta.dirname, '../../fixtures/real-repos');
const fixtures = readdirSync(FOLDER).filter((name) => existsSync(join(FOLDER, name, 'expected-ai.json'))).sort((a, b) => a.localeCompare(b));
const expectedOf = (name: string) => JSON.parse(readFileSync(join(FOLDER, name, 'expected-ai.json'), 'utf8')) as Expected;
const positives = fixtures.filter((name) => !expectedOf(name).negative);
const negatives = fixtures.filter((name) => expectedOf(name).negative);

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const scans = new Map<string, Promise<RepositoryScan>>();
const scanOf = (name: string) => {
  if (!scans.has(name)) scans.set(name, scanRepository(join(FOLDER, name), matcher, catalog));
  return scans.get(name)!;
};

/** Names as the registry compares them (PEP 503, lower case, Go without /vN). */
const key = (p: Named) => `${p.ecosystem}:${normalisePackage(p.ecosystem, p.name)}`;

interface Verdict {
  ecosystems: string[];
  expected: string[];
  found: string[];
  missed: string[];
  gaps: string[];
  gapsFilled: string[];
  falsePositives: string[];
  otherFlagged: string[];
  directDiffers: string[];
}

async function verdictOf(name: string): Promise<Verdict> {
  const expected = expectedOf(name);
  const scan = await scanOf(name);
  const flagged = new Set(scan.dependencies.filter((d) => d.match).map(key));
  const parsed = new Map<string, boolean>();
  for (const d of scan.dependencies) parsed.set(key(d), (parsed.get(key(d)) ?? false) || d.direct);
  const wanted = expected.packages.map(key);
  const gaps = new Set(expected.catalogGaps.map(key));
  const allowed = new Set([...expected.firstParty, ...expected.borderline].map(key));
  const flaggedList = [...flagged];
  return {
    ecosystems: [...new Set(scan.dependencies.map((d) => d.ecosystem))].sort(),
    expected: wanted,
    found: wanted.filter((k) => flagged.has(k)),
    missed: wanted.filter((k) => !flagged.has(k) && !gaps.has(k)),
    gaps: wanted.filter((k) => gaps.has(k) && !flagged.has(k)),
    gapsFilled: wanted.filter((k) => gaps.has(k) && flagged.has(k)),
    falsePositives: flaggedList.filter((k) => !wanted.includes(k) && !allowed.has(k)).sort(),
    otherFlagged: flaggedList.filter((k) => allowed.has(k)).sort(),
    directDiffers: expected.packages.filter((p) => parsed.has(key(p)) && parsed.get(key(p)) !== p.direct).map((p) => `${p.name} (${p.direct ? 'direct' : 'transitive'})`),
  };
}

afterAll(async () => {
  const rows: string[][] = [];
  const details: string[] = [];
  for (const name of fixtures) {
    const v = await verdictOf(name);
    rows.push([
      name,
      v.ecosystems.join(','),
      String(v.expected.length),
      String(v.found.length),
      v.expected.length ? `${((100 * v.found.length) / v.expected.length).toFixed(0)}%` : '—',
      String(v.gaps.length),
      String(v.falsePositives.length),
      String(v.otherFlagged.length),
      String(v.directDiffers.length),
    ]);
    if (v.gaps.length) details.push(`${name}: catalog gaps, still missed: ${v.gaps.join(' ')}`);
    if (v.gapsFilled.length) details.push(`${name}: catalog gaps the catalog now matches (move them back to packages): ${v.gapsFilled.join(' ')}`);
    if (v.falsePositives.length) details.push(`${name}: false positives ${v.falsePositives.join(' ')}`);
    if (v.otherFlagged.length) details.push(`${name}: first-party or borderline flagged ${v.otherFlagged.join(' ')}`);
    if (v.directDiffers.length) details.push(`${name}: direct flag differs from the hand-written one for ${v.directDiffers.join(', ')}`);
  }
  const head = ['repository', 'ecosystems', 'expected', 'found', 'recall', 'catalog gaps', 'false positives', 'own/borderline flagged', 'direct differs'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(['', line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line), '', ...details].join('\n'));
});

describe('scan repo on real public repositories (fixtures/real-repos)', () => {
  it('has ten AI projects and three without AI, across all seven ecosystems', async () => {
    expect(positives.length).toBeGreaterThanOrEqual(10);
    expect(negatives.length).toBeGreaterThanOrEqual(3);
    const ecosystems = new Set(positives.flatMap((name) => expectedOf(name).packages.map((p) => p.ecosystem)));
    expect([...ecosystems].sort()).toEqual(['cargo', 'go', 'maven', 'npm', 'nuget', 'pypi', 'rubygems']);
  });

  it.each(fixtures)('%s: pinned source, licence, and a coherent expected list', (name) => {
    const expected = expectedOf(name);
    expect(name.endsWith(`@${expected.commit.slice(0, 7)}`)).toBe(true);
    const source = readFileSync(join(FOLDER, name, 'SOURCE.md'), 'utf8');
    expect(source).toContain(expected.repo);
    expect(source).toContain(expected.commit);
    const files = readdirSync(join(FOLDER, name));
    // A vendored copy keeps the licence notice; a repository whose licence does not allow it is excerpted.
    if (/AGPL|GPL/.test(expected.licence)) expect(source).toMatch(/excerpt/i);
    else expect(files.some((f) => /^(licen[cs]e|copying)/i.test(f))).toBe(true);
    const keys = expected.packages.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const gap of expected.catalogGaps) expect(keys).toContain(key(gap));
    if (expected.negative) expect(expected.packages).toEqual([]);
  });

  it.each(fixtures)('%s: every manifest and lockfile parses', async (name) => {
    const scan = await scanOf(name);
    expect(scan.errors).toEqual([]);
    expect(scan.dependencies.length).toBeGreaterThan(0);
  });

  it.each(positives)('%s: finds every AI package it depends on', async (name) => {
    const v = await verdictOf(name);
    expect(v.missed).toEqual([]);
  });

  it.each(fixtures)('%s: flags no package that is not AI', async (name) => {
    const v = await verdictOf(name);
    expect(v.falsePositives).toEqual([]);
    if (expectedOf(name).negative) expect(v.otherFlagged).toEqual([]);
  });

  it('reports an AI SDK only a lockfile has with the chain that brought it in', async () => {
    const scan = await scanOf('openai__openai-agents-python@7f7a44f');
    const tiktoken = scan.dependencies.find((d) => d.manifest === 'uv.lock' && d.name === 'tiktoken');
    expect(tiktoken).toMatchObject({ direct: false, via: ['litellm'], match: { catalogId: expect.any(String) } });
    const candle = (await scanOf('huggingface__text-embeddings-inference@0d124dc')).dependencies.find((d) => d.manifest === 'Cargo.lock' && d.name === 'candle-core');
    expect(candle).toMatchObject({ direct: true, match: { catalogId: 'hugging-face-candle' } });
  });
});
