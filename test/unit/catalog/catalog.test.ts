import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR, catalogFiles, findDuplicateIds, loadCatalog, parseCatalogFile } from '../../../src/catalog/load.js';
import { catalogEntrySchema } from '../../../src/domain/catalog.js';
import { lintCatalog } from '../../../src/matcher/lint-catalog.js';
import { CATEGORIES } from '../../../src/domain/taxonomy.js';

const files = catalogFiles(BUILTIN_CATALOG_DIR).map(parseCatalogFile);
const catalog = loadCatalog();

describe('the built-in catalog', () => {
  it('validates: schema, unique ids, no fingerprint claimed twice, no alias also suppressed', () => {
    expect(findDuplicateIds(files)).toEqual([]);
    expect(lintCatalog(catalog.entries, catalog.notAi, catalog.vendors)).toEqual([]);
  });

  it("asks a vendor fact to name a vendor as the entries write it", () => {
    const entry = catalogEntrySchema.parse({ id: 'acme-ai', vendor: 'Acme', product: 'Acme AI', category: 'chat_assistant', domains: ['acme.example'], sources: ['https://acme.example'], fingerprints: { oauth: { none: true } } });
    expect(lintCatalog([entry], [], [{ name: 'Acme', otherProducts: 'anvils' }])).toEqual([]);
    expect(lintCatalog([entry], [], [{ name: 'Acme Corp', otherProducts: 'anvils' }])).toEqual([
      "vendor 'Acme Corp': no entry has this vendor (vendors: name as the entries' vendor writes it)",
    ]);
  });

  it('asks a product people pay for of its web hosts, unless it is an AI feature sold inside another product', () => {
    const entry = catalogEntrySchema.parse({
      id: 'acme-helpdesk-ai',
      vendor: 'Acme Helpdesk',
      product: 'Acme Helpdesk AI agent',
      category: 'customer_support',
      sources: ['https://acme-helpdesk.example/ai'],
      fingerprints: { merchants: ['ACME HELPDESK AI'], oauth: { none: true } },
    });
    expect(lintCatalog([entry], [])).toEqual(['acme-helpdesk-ai: has no web domain (domains: the hosts the product is used at)']);
    expect(lintCatalog([{ ...entry, featureOf: 'Acme Helpdesk' }], [])).toEqual([]);
  });

  it('covers at least 300 products from 200 vendors, in every category', () => {
    expect(catalog.entries.length).toBeGreaterThanOrEqual(300);
    expect(new Set(catalog.entries.map((e) => e.vendor)).size).toBeGreaterThanOrEqual(200);
    for (const category of CATEGORIES) expect(catalog.entries.filter((e) => e.category === category).length, category).toBeGreaterThanOrEqual(8);
  });

  it('includes the AI add-ons of mainstream SaaS', () => {
    const ids = new Set(catalog.entries.map((e) => e.id));
    for (const id of ['microsoft-365-copilot', 'google-gemini-workspace', 'github-copilot', 'notion-ai', 'slack-ai', 'zoom-ai-companion', 'atlassian-intelligence', 'salesforce-einstein', 'salesforce-agentforce']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('implies the developer role for SDKs and frameworks, the user role for SaaS tools', () => {
    for (const entry of catalog.entries.filter((e) => e.category === 'ml_framework')) expect(entry.hints.impliedRole, entry.id).toBe('developer');
    for (const entry of catalog.entries.filter((e) => e.category === 'chat_assistant')) expect(entry.hints.impliedRole, entry.id).toBe('user');
  });

  it('has a version that changes with its content', () => {
    expect(catalog.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loadCatalog().version).toBe(catalog.version);
  });
});
