import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledRegistryIndex } from '../../../src/catalog/registry-index.js';
import { loadCatalog } from '../../../src/catalog/load.js';

const dir = mkdtempSync(join(tmpdir(), 'unshadow-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the registry index', () => {
  it('reads an ecosystem file on first use and finds names by binary search, with their AI terms', () => {
    writeFileSync(
      join(dir, 'npm.txt'),
      ['# npm packages whose registry summary is about AI', '= 0 LLM', '= 1 Model Context Protocol', '@acme/llm-kit 0', 'alpha-agent 1', 'mcp-remote 1', 'zeta-rag 0'].join('\n'),
    );
    const npm = bundledRegistryIndex(dir).lookup('npm')!;
    expect(npm('@acme/llm-kit')).toBe('LLM');
    expect(npm('mcp-remote')).toBe('Model Context Protocol');
    expect(npm('zeta-rag')).toBe('LLM');
    expect(npm('express')).toBeUndefined();
    expect(npm('= 0')).toBeUndefined();
    // Ecosystems the index does not cover answer nothing rather than failing.
    expect(bundledRegistryIndex(dir).lookup('cargo')).toBeUndefined();
  });

  it('ships one list per ecosystem with the catalog, about AI and sorted as the matcher searches it', () => {
    const registry = loadCatalog().registry!;
    for (const [ecosystem, name] of [['npm', 'mcp-remote'], ['pypi', 'fastapi-mcp'], ['nuget', 'ollamasharp']] as const) {
      expect(registry.lookup(ecosystem)!(name), `${ecosystem} ${name}`).toBeTruthy();
    }
    expect(registry.lookup('npm')!('express')).toBeUndefined();
    expect(registry.lookup('pypi')!('requests')).toBeUndefined();
  });
});
