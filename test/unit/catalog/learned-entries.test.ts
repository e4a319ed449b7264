import { describe, expect, it } from 'vitest';
import { catalogEntrySchema } from '../../../src/domain/catalog.js';
import { learnedEntry } from '../../../src/inventory/learned-entries.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { lintCatalog } from '../../../src/matcher/lint-catalog.js';

const SYSTEM = '1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d';

/** What `unshadow catalog learn` makes of a system a reviewer confirmed from a possible-AI candidate. */
describe('entries learned from a review', () => {
  const entry = catalogEntrySchema.parse(
    learnedEntry({
      id: SYSTEM,
      vendor: 'ZORBLAX AI',
      product: 'ZORBLAX AI',
      status: 'approved',
      review: { useContext: { domain: 'employment' } },
      evidence: [
        { kind: 'expense', attributes: { merchant: 'PADDLE.NET* ZORBLAX AI 4155550123 LONDON GB' } },
        { kind: 'expense', attributes: { merchant: 'ZORBLAX.AI' } },
        { kind: 'oauth_grant', attributes: { provider: 'microsoft', appName: 'Zorblax', appId: '0C1A0B2E-7F3D-4D1A-9C55-2B7F1A3E9D10', publisher: 'Zorblax AI Ltd' } },
        { kind: 'oauth_grant', attributes: { provider: 'google', appName: 'Zorblax', appId: '1234-abc.apps.googleusercontent.com' } },
        { kind: 'licence', attributes: { provider: 'other', vendor: 'Zorblax', skuId: 'zorblax/team', skuName: 'Team' } },
        { kind: 'dependency', attributes: { ecosystem: 'npm', name: '@zorblax/sdk' } },
      ],
    }),
  );

  it('carries the fingerprints of the evidence, the review as its source and the reviewed mark', () => {
    expect(entry).toMatchObject({
      id: 'zorblax-ai-1a2b3c4d',
      category: 'hr_recruiting',
      domains: ['zorblax.ai'],
      sources: [`unshadow:review/${SYSTEM}`],
      reviewed: true,
      hints: { hrEmploymentUse: true, impliedRole: 'developer' },
    });
    // Descriptors without the collector, numbers or city; those containing the vendor's name add nothing.
    expect(entry.fingerprints.merchants).toEqual(['ZORBLAX AI']);
    expect(entry.fingerprints.oauth).toMatchObject({
      names: ['Zorblax'],
      publishers: ['Zorblax AI Ltd'],
      entraAppIds: ['0c1a0b2e-7f3d-4d1a-9c55-2b7f1a3e9d10'],
      googleClientIds: ['1234-abc.apps.googleusercontent.com'],
    });
    expect(entry.fingerprints.skus).toEqual([{ provider: 'other', name: 'Zorblax Team' }]);
    expect(entry.fingerprints.packages).toEqual({ npm: ['@zorblax/sdk'] });
  });

  it('passes the lint, which asks such an entry for no public page, web domain or app name', () => {
    expect(lintCatalog([entry], [])).toEqual([]);
    expect(lintCatalog([{ ...entry, reviewed: undefined }], [])).toContainEqual(expect.stringContaining('names a review as its source but is not marked reviewed'));
    expect(lintCatalog([{ ...entry, sources: [] }], [])).toContainEqual(expect.stringContaining('is marked reviewed but names no review'));
  });

  it('makes the matcher name the tool by its entry', () => {
    const matcher = compileMatcher({ version: 'learned', entries: [entry], notAi: [] });
    expect(matcher.match({ kind: 'expense', attributes: { merchant: 'LEMSQZY* ZORBLAX AI' } }).match?.catalogId).toBe(entry.id);
    expect(matcher.match({ kind: 'oauth_grant', attributes: { provider: 'google', appName: 'Zorblax', appId: '1234-abc.apps.googleusercontent.com' } }).match?.catalogId).toBe(entry.id);
    expect(matcher.match({ kind: 'licence', attributes: { provider: 'other', vendor: 'Zorblax AI', skuName: 'Team' } }).match?.catalogId).toBe(entry.id);
  });

  it('lints an ambiguous name that is also a plain alias', () => {
    const both = catalogEntrySchema.parse({ ...entry, reviewed: true, fingerprints: { ...entry.fingerprints, ambiguous: ['Zorblax'] } });
    expect(lintCatalog([both], [])).toContainEqual(expect.stringContaining("'Zorblax' is both an ambiguous name and a plain alias"));
  });
});
