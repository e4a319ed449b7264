import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR, catalogFiles, loadCatalog, parseCatalogFile } from '../../../src/catalog/load.js';
import { withEndpointFingerprints } from '../../../src/domain/catalog.js';
import { rateExtensionPermissions, readsAllSitesOrClipboard } from '../../../src/domain/extension-exposure.js';
import type { MatchInput } from '../../../src/domain/observation.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { appNameKey } from '../../../src/matcher/endpoint.js';
import { normaliseHost } from '../../../src/matcher/network.js';

const matcher = compileMatcher(loadCatalog());
const verdict = (input: MatchInput) => {
  const result = matcher.match(input);
  return result.flagged ? (result.match?.catalogId ?? 'unknown') : null;
};

describe('network hosts', () => {
  it.each([
    ['chatgpt.com', 'openai-chatgpt'],
    ['ab.chatgpt.com', 'openai-chatgpt'],
    ['CLAUDE.AI.', 'anthropic-claude'],
    ['claude.ai:443', 'anthropic-claude'],
    ['api.openai.com', 'openai-api'],
    ['api.anthropic.com', 'anthropic-api'],
    ['api.perplexity.ai', 'perplexity-sonar-api'],
    ['www.perplexity.ai', 'perplexity'],
    ['contoso-east.openai.azure.com', 'microsoft-azure-openai'],
    ['gemini.google.com', 'google-gemini-app'],
    ['chat-gpt-mirror.example', 'unknown'],
    ['www.google.com', null],
    ['example.ai', null],
    ['localhost', null],
  ])('%s → %s', (host, expected) => {
    expect(verdict({ kind: 'network', attributes: { host } })).toBe(expected);
  });

  it('says when a host is an API endpoint: a producer signal', () => {
    const reasons = matcher.match({ kind: 'network', attributes: { host: 'api.openai.com', device: 'build-01' } }).match!.reasons;
    expect(reasons.join(' ')).toMatch(/API endpoint.*AI producer/);
    const visit = matcher.match({ kind: 'network', attributes: { host: 'chatgpt.com' } }).match!.reasons;
    expect(visit.join(' ')).not.toMatch(/API endpoint/);
  });

  it('normalises hosts as logs write them', () => {
    expect(normaliseHost(' API.OpenAI.com.:443 ')).toBe('api.openai.com');
    expect(normaliseHost('[2001:db8::1]')).toBe('[2001:db8::1]');
  });
});

describe('browser extensions', () => {
  it('knows the store ids of AI extensions', () => {
    expect(verdict({ kind: 'browser_extension', attributes: { extensionId: 'fcoeoabgfenejglbffodgkkbkcdhcgfn' } })).toBe('anthropic-claude');
    expect(verdict({ kind: 'browser_extension', attributes: { extensionId: 'kbfnbcaeplbcioakkpcpgfkobkghlhen', name: 'Grammarly' } })).toBe('grammarly');
    expect(verdict({ kind: 'browser_extension', attributes: { extensionId: 'ofpnmcalabcbjgholdjcjblkibolbppb' } })).toBe('monica-ai');
  });

  it('judges an unknown id by its name, and unknown AI names as possible AI ranked by permissions', () => {
    const unknown = matcher.match({ kind: 'browser_extension', attributes: { extensionId: 'a'.repeat(32), name: 'Page GPT Helper', permissions: ['<all_urls>', 'clipboardRead'] } });
    expect(unknown.match?.catalogId).toBeNull();
    expect(unknown.match?.confidence).toBe(0.4);
    expect(unknown.match?.reasons[1]).toMatch(/every page.*clipboard/);
    expect(verdict({ kind: 'browser_extension', attributes: { extensionId: 'b'.repeat(32), name: 'uBlock Origin' } })).toBeNull();
  });
});

describe('desktop apps', () => {
  it.each([
    [{ bundleId: 'com.openai.chat' }, 'openai-chatgpt'],
    [{ bundleId: 'com.anthropic.claudefordesktop' }, 'anthropic-claude'],
    [{ name: 'Ollama version 0.5.7' }, 'ollama'],
    [{ name: 'Cursor (User)', publisher: 'Anysphere, Inc.' }, 'anysphere-cursor'],
    [{ name: 'LM Studio 0.3.5 (x64)' }, 'lm-studio'],
    [{ name: 'GPT4All' }, 'nomic-gpt4all'],
    [{ name: 'Grammarly for Windows' }, 'grammarly'],
    [{ name: 'Zoom Workplace' }, null],
    [{ name: 'LocalGPT Studio' }, 'unknown'],
  ])('%j → %s', (attributes, expected) => {
    expect(verdict({ kind: 'endpoint_app', attributes })).toBe(expected);
  });

  it('rates an app that only hosts the AI product lower', () => {
    expect(matcher.match({ kind: 'endpoint_app', attributes: { name: 'Raycast' } }).match?.confidence).toBe(0.6);
    expect(appNameKey('Ollama version 0.5.7')).toBe('OLLAMA');
  });
});

describe('extension permissions', () => {
  it('rates reading every site or the clipboard high', () => {
    expect(rateExtensionPermissions(['storage', '<all_urls>']).level).toBe('high');
    expect(rateExtensionPermissions(['clipboardRead']).level).toBe('high');
    expect(rateExtensionPermissions(['activeTab', 'storage']).level).toBe('medium');
    expect(rateExtensionPermissions(['storage']).level).toBe('low');
    expect(rateExtensionPermissions([]).level).toBe('none');
    expect(readsAllSitesOrClipboard(['*://*/*', 'clipboardRead', 'tabs'])).toEqual(['*://*/*', 'clipboardRead']);
  });
});

describe('endpoint fingerprints in the catalog', () => {
  it('are added to entries that exist, and no store id or bundle id is claimed twice', () => {
    const files = catalogFiles(BUILTIN_CATALOG_DIR).map(parseCatalogFile);
    const { entries, orphans } = withEndpointFingerprints(files.flatMap((f) => f.entries), files.flatMap((f) => f.endpoints));
    expect(orphans).toEqual([]);
    const claims = entries.flatMap((e) => [...e.fingerprints.extensions.map((x) => x.id), ...e.fingerprints.desktopApps.flatMap((a) => (a.id ? [`${a.platform}:${a.id}`] : []))]);
    expect(new Set(claims).size).toBe(claims.length);
    for (const id of entries.flatMap((e) => e.fingerprints.extensions.filter((x) => x.browser === 'chrome').map((x) => x.id))) expect(id).toMatch(/^[a-p]{32}$/);
  });
});
