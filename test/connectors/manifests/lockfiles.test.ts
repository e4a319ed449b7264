/**
 * Lockfile parsers. The fixtures in fixtures/manifests/lockfiles/ follow the layout of real files:
 * - uv.lock: ClioAI/kw-sdk's uv.lock (version 1, revision 3; sdist/wheels lines, the project's
 *   own package with `source = { editable = "." }`, [package.optional-dependencies],
 *   [package.metadata]), plus uv's workspace [manifest] and forked `resolution-markers`;
 * - poetry.lock: DavidTokar12/PragmaPrompt's (Poetry 2.1: `groups`, `markers`, inline-table
 *   [package.dependencies] values) and Davidnet/video-knowledge-openai's (Poetry 1.4: `category`);
 * - Cargo.lock: rust-lang/cargo's own (version 4, sourceless workspace members, "name version"
 *   references where two versions of a crate are locked);
 * - go.sum: sashabaranov/go-openai's (content and /go.mod hash lines);
 * - packages.lock.json: Caraxi/SimpleHeels' (Direct / Transitive / Project per target framework);
 * - Gemfile.lock: patterns-ai-core/langchainrb's (GIT, PATH at remote ".", GEM, DEPENDENCIES with !);
 * - bun.lock: mem0ai/mem0's integrations/mem0-plugin/.opencode-plugin/bun.lock (Bun 1.3, lockfile
 *   version 1: trailing commas, workspaces, "parent/child" keys for a package's own copy), with a
 *   workspace member added.
 * Names, versions and graphs are trimmed to a small service; hashes are made up.
 */
import { describe, expect, it } from 'vitest';
import { manifestKind, parseManifest, type ParsedDependency } from '../../../connectors/manifests/index.js';
import { fixture } from './helpers.js';

const parse = (path: string, file = `lockfiles/${path}`) => {
  const result = parseManifest(path, fixture(file));
  expect(result.error).toBeUndefined();
  return result.dependencies;
};
const byName = (deps: ParsedDependency[]) => new Map(deps.map((d) => [d.name, d]));
/** Every transitive dependency of these fixtures is reachable, so each one has a chain. */
const expectChains = (deps: ParsedDependency[]) => {
  for (const d of deps) expect(d.direct ? d.via === undefined : (d.via?.length ?? 0) > 0, d.name).toBe(true);
};

describe('uv.lock', () => {
  it('workspace: the project and its members are not dependencies; what they require is direct, with extras and dev groups', () => {
    const deps = parse('uv.lock');
    const m = byName(deps);
    expect(m.has('rag-service')).toBe(false);
    expect(m.has('acme-prompts')).toBe(false);
    expect(m.get('openai')).toEqual({ ecosystem: 'pypi', name: 'openai', version: '1.69.0', manifest: 'uv.lock', direct: true }); // main and dev: main wins
    expect(m.get('anthropic')).toMatchObject({ direct: true, group: 'anthropic' });
    expect(m.get('pytest')).toMatchObject({ direct: true, group: 'dev' });
    expect(m.get('tiktoken')).toMatchObject({ direct: true }); // required by the member
    expect(deps.filter((d) => d.name === 'numpy').map((d) => [d.version, d.direct])).toEqual([
      ['2.0.2', true],
      ['2.2.4', true],
    ]);
    expect(m.get('httpx')).toMatchObject({ direct: false, via: ['openai'] });
    expect(m.get('urllib3')).toMatchObject({ direct: false, via: ['tiktoken', 'requests'] });
    expect(m.get('pydantic-core')?.via).toEqual(['openai', 'pydantic']);
    expect(deps).toHaveLength(30);
    expectChains(deps);
  });

  it('an AI SDK that only a LangChain integration brings in', () => {
    const m = byName(parse('uv.lock', '../repos/support-bot/uv.lock'));
    expect(m.get('langchain-anthropic')).toMatchObject({ direct: true, version: '0.3.10' });
    expect(m.get('anthropic')).toMatchObject({ direct: false, version: '0.49.0', via: ['langchain-anthropic'] });
    expect(m.get('langsmith')?.via).toEqual(['langchain-anthropic', 'langchain-core']);
  });
});

describe('poetry.lock', () => {
  it('Poetry 2: direct are the packages nothing else requires; groups; names matched across spellings', () => {
    const deps = parse('poetry.lock');
    const m = byName(deps);
    expect(deps.filter((d) => d.direct).map((d) => d.name)).toEqual(['acme-guardrails', 'fastapi', 'langchain-openai', 'pytest']);
    expect(m.get('pytest')).toMatchObject({ group: 'dev', version: '8.3.5' });
    expect(m.get('openai')).toMatchObject({ direct: false, via: ['langchain-openai'] });
    expect(m.get('pyyaml')?.via).toEqual(['langchain-openai', 'langchain-core']); // required as "PyYAML"
    expect(m.get('typing-extensions')?.via).toEqual(['fastapi']); // required as "typing_extensions" too
    expect(m.get('iniconfig')).toMatchObject({ group: 'dev', via: ['pytest'] });
    expect(m.get('colorama')?.group).toBeUndefined(); // in main and dev
    expect(deps).toHaveLength(39);
    expectChains(deps);
  });

  it('Poetry 1: category, and [metadata.files] whose keys are not packages', () => {
    const lock = [
      '[[package]]',
      'name = "openai"',
      'version = "0.27.8"',
      'description = "Python client library for the OpenAI API"',
      'category = "main"',
      'optional = false',
      'python-versions = ">=3.7.1"',
      '',
      '[package.dependencies]',
      'requests = ">=2.20"',
      '',
      '[[package]]',
      'name = "requests"',
      'version = "2.31.0"',
      'description = "Python HTTP for Humans."',
      'category = "dev"',
      'optional = false',
      'python-versions = ">=3.7"',
      '',
      '[metadata]',
      'lock-version = "1.1"',
      'python-versions = "^3.10"',
      'content-hash = "0f3c"',
      '',
      '[metadata.files]',
      'openai = [',
      '    {file = "openai-0.27.8-py3-none-any.whl", hash = "sha256:e0a7"},',
      ']',
      'tomli = []',
    ].join('\n');
    expect(parseManifest('poetry.lock', lock).dependencies).toEqual([
      { ecosystem: 'pypi', name: 'openai', version: '0.27.8', manifest: 'poetry.lock', direct: true },
      { ecosystem: 'pypi', name: 'requests', version: '2.31.0', manifest: 'poetry.lock', direct: false, group: 'dev', via: ['openai'] },
    ]);
  });
});

describe('Cargo.lock', () => {
  it('workspace members (no source) are the project; two versions of one crate told apart', () => {
    const deps = parse('Cargo.lock');
    const m = byName(deps);
    expect(m.has('chat-core')).toBe(false);
    expect(m.has('chat-gateway')).toBe(false);
    expect(deps.filter((d) => d.direct).map((d) => d.name)).toEqual(['anyhow', 'async-openai', 'prompt-kit', 'serde', 'serde_json', 'thiserror', 'tokio']);
    expect(deps.filter((d) => d.name === 'thiserror').map((d) => [d.version, d.direct, d.via])).toEqual([
      ['1.0.69', true, undefined],
      ['2.0.12', false, ['async-openai']],
    ]);
    expect(m.get('reqwest')).toMatchObject({ ecosystem: 'cargo', version: '0.12.15', via: ['async-openai'] });
    expect(m.get('tiktoken-rs')?.via).toEqual(['prompt-kit']); // through a git dependency
    expect(deps).toHaveLength(37);
    expectChains(deps);
  });

  it('lockfile v1: "name version (source)" references and a [metadata] table of checksums', () => {
    const lock = [
      '[[package]]',
      'name = "bot"',
      'version = "0.1.0"',
      'dependencies = [',
      ' "async-openai 0.10.3 (registry+https://github.com/rust-lang/crates.io-index)",',
      ']',
      '',
      '[[package]]',
      'name = "async-openai"',
      'version = "0.10.3"',
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      'dependencies = [',
      ' "reqwest 0.11.18 (registry+https://github.com/rust-lang/crates.io-index)",',
      ']',
      '',
      '[[package]]',
      'name = "reqwest"',
      'version = "0.11.18"',
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      '',
      '[metadata]',
      '"checksum async-openai 0.10.3 (registry+https://github.com/rust-lang/crates.io-index)" = "a1b2"',
    ].join('\n');
    expect(parseManifest('Cargo.lock', lock).dependencies.map((d) => [d.name, d.direct, d.via])).toEqual([
      ['async-openai', true, undefined],
      ['reqwest', false, ['async-openai']],
    ]);
  });
});

describe('go.sum', () => {
  it('one entry per module, at the highest version whose code is checksummed; modules known only by go.mod are left out', () => {
    const deps = parse('go.sum');
    const m = byName(deps);
    expect(m.get('github.com/sashabaranov/go-openai')).toEqual({ ecosystem: 'go', name: 'github.com/sashabaranov/go-openai', version: 'v1.38.0', manifest: 'go.sum', direct: false });
    expect(m.get('github.com/pkoukk/tiktoken-go')?.version).toBe('v0.1.7');
    expect(m.get('golang.org/x/net')?.version).toBe('v0.33.0'); // newer than the pseudo-version
    expect(m.has('github.com/google/go-cmp')).toBe(false);
    expect(m.has('gopkg.in/check.v1')).toBe(false);
    expect(deps).toHaveLength(15);
    expect(deps.every((d) => !d.direct && d.via === undefined)).toBe(true);
  });
});

describe('packages.lock.json', () => {
  it('Direct is direct; a referenced project starts the chain but is not a dependency; ids compared without case', () => {
    const deps = parse('src/Api/packages.lock.json', 'lockfiles/packages.lock.json');
    const m = byName(deps);
    expect(deps.filter((d) => d.direct).map((d) => d.name)).toEqual(['Microsoft.SemanticKernel', 'Serilog.AspNetCore']);
    expect(m.has('acme.prompts')).toBe(false);
    expect(m.get('OpenAI')).toMatchObject({
      ecosystem: 'nuget',
      version: '2.1.0',
      direct: false,
      via: ['Microsoft.SemanticKernel', 'Microsoft.SemanticKernel.Connectors.AzureOpenAI', 'Azure.AI.OpenAI'],
    });
    expect(m.get('Microsoft.Extensions.AI')?.via).toEqual(['acme.prompts']);
    expect(m.get('Serilog')?.via).toEqual(['Serilog.AspNetCore']); // required as "serilog"
    expect(deps.filter((d) => d.name === 'Serilog.AspNetCore')).toHaveLength(1); // in two target frameworks
    expect(deps).toHaveLength(16);
    expectChains(deps);
  });
});

describe('Gemfile.lock', () => {
  it('GIT, PATH and GEM specs with their sub-dependencies; the repository gemspec at remote "." is the project', () => {
    const deps = parse('Gemfile.lock');
    const m = byName(deps);
    expect(m.has('ticket_triage')).toBe(false);
    expect(m.get('langchainrb')).toMatchObject({ direct: true, version: '0.19.4' }); // the gemspec requires it
    expect(m.get('anthropic')).toMatchObject({ direct: true, version: '0.3.2' }); // anthropic! from GIT
    expect(m.get('faraday')).toMatchObject({ direct: false, via: ['anthropic'] });
    expect(m.get('uri')?.via).toEqual(['anthropic', 'faraday', 'faraday-net_http', 'net-http']);
    expect(m.get('json-schema')?.via).toEqual(['langchainrb']);
    expect(deps.filter((d) => d.name === 'nokogiri').map((d) => d.version)).toEqual(['1.18.5-arm64-darwin', '1.18.5-x86_64-linux-gnu']);
    expectChains(deps);
  });

  it('the older fixture: transitive gems get their chain', () => {
    const m = byName(parse('Gemfile.lock', 'Gemfile.lock'));
    expect(m.get('faraday')?.via).toEqual(['ruby-openai']);
    expect(m.get('faraday-net_http')?.via).toEqual(['ruby-openai', 'faraday']);
  });
});

describe('npm lockfiles', () => {
  it('package-lock v3 and pnpm v9 give transitive packages their chain', () => {
    expect(byName(parse('package-lock.json', 'npm/package-lock.json')).get('openai')?.via).toEqual(['@langchain/openai']);
    expect(byName(parse('pnpm-lock.yaml', 'npm/pnpm-lock.yaml')).get('@ai-sdk/provider')?.via).toEqual(['@ai-sdk/openai']);
  });

  it('package-lock: a nested copy is found from the package that requires it', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { '@langchain/anthropic': '^0.3.0' } },
        'node_modules/@langchain/anthropic': { version: '0.3.15', dependencies: { '@anthropic-ai/sdk': '^0.37.0' } },
        'node_modules/@langchain/anthropic/node_modules/@anthropic-ai/sdk': { version: '0.37.0', dependencies: { 'node-fetch': '^2' } },
        'node_modules/node-fetch': { version: '2.7.0' },
      },
    });
    const m = byName(parseManifest('package-lock.json', lock).dependencies);
    expect(m.get('@anthropic-ai/sdk')).toMatchObject({ direct: false, via: ['@langchain/anthropic'] });
    expect(m.get('node-fetch')?.via).toEqual(['@langchain/anthropic', '@anthropic-ai/sdk']);
  });
});

describe('malformed lockfiles: an error naming the line, never a throw', () => {
  it.each([
    ['uv.lock', '[[package]]\nname = "openai"\nversion = "1.69.0"\ndependencies = [\n    { name = "httpx" },\n', /line 4\b.*never closed/],
    ['uv.lock', '[[package]]\nname = "openai"\ndependencies = [\n    { name = "httpx" ,\n]\n', /line 3\b/],
    ['uv.lock', '[[package]]\nname = "openai"\ndependencies = [\n    { version = "1" },\n]\n', /without a name \(line 3\)/],
    ['poetry.lock', '[[package]]\nname = "openai"\nversion = "1.69.0\n', /invalid TOML \(line 3\): string not closed/],
    ['poetry.lock', '[[package]]\nname = "openai"\n<<<<<<< HEAD\nversion = "1.69.0"\n', /invalid TOML \(line 3\)/],
    ['poetry.lock', '[[package]\nname = "openai"\n', /invalid TOML \(line 1\): malformed table header/],
    ['Cargo.lock', 'version = 4\n\n[[package]]\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n', /without a name \(line 3\)/],
    ['Cargo.lock', '[[package]]\nname = "a"\ndependencies = [\n "b",\n]]\n', /invalid TOML \(line 5\): unbalanced \]/],
    ['Cargo.lock', '[[package]]\nname = "a"\ndependencies = [1, [2]]\n', /not a list of strings \(line 3\)/],
    ['go.sum', 'github.com/a/b v1.0.0 h1:abc=\ngithub.com/a/b v1.0.0\n', /invalid go\.sum entry at line 2/],
    ['packages.lock.json', '{\n  "version": 1,\n  "dependencies": {\n    "net8.0": {,\n', /invalid JSON \(line 4\)/],
    ['packages.lock.json', '{ "version": 1 }', /no "dependencies"/],
  ])('%s: %s', (path, content, reason) => {
    const result = parseManifest(path, content);
    expect(result.dependencies).toEqual([]);
    expect(result.error).toMatch(reason);
  });

  it('binary garbage', () => {
    for (const path of ['uv.lock', 'poetry.lock', 'Cargo.lock', 'go.sum', 'packages.lock.json', 'Gemfile.lock']) {
      expect(() => parseManifest(path, '\u0000{[<<\u00ff\n"')).not.toThrow();
    }
  });
});

describe('empty and duplicated', () => {
  it.each(['uv.lock', 'poetry.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock'])('an empty %s has no dependencies and no error', (path) => {
    expect(parseManifest(path, '')).toEqual({ dependencies: [] });
    expect(parseManifest(path, '\n\n# nothing locked\n').dependencies).toEqual([]);
  });

  it('Windows line endings change nothing', () => {
    for (const file of ['uv.lock', 'poetry.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock']) {
      const content = fixture(`lockfiles/${file}`);
      expect(parseManifest(file, content.replace(/\n/g, '\r\n'))).toEqual(parseManifest(file, content));
    }
  });

  it('an empty packages.lock.json is not JSON', () => {
    expect(parseManifest('packages.lock.json', '').error).toMatch(/invalid JSON/);
  });

  it('a package locked twice is reported once', () => {
    const uvPackage = '[[package]]\nname = "openai"\nversion = "1.69.0"\nsource = { registry = "https://pypi.org/simple" }\n\n';
    expect(parseManifest('uv.lock', uvPackage + uvPackage).dependencies).toHaveLength(1);
    const crate = '[[package]]\nname = "async-openai"\nversion = "0.28.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n';
    expect(parseManifest('Cargo.lock', crate + crate).dependencies).toHaveLength(1);
    const poetry = '[[package]]\nname = "openai"\nversion = "1.69.0"\noptional = false\n\n';
    expect(parseManifest('poetry.lock', poetry + poetry).dependencies).toHaveLength(1);
    const sum = 'github.com/sashabaranov/go-openai v1.38.0 h1:hNN5uolKwdbpiqOn7l+Z2alch/0n0rSY3hy/G5nhl9Y=\n';
    expect(parseManifest('go.sum', sum + sum).dependencies).toHaveLength(1);
  });
});

describe('bun.lock', () => {
  it('reads the workspaces as direct and every other package with the chain that brought it in', () => {
    const deps = parse('bun.lock');
    expectChains(deps);
    const m = byName(deps.filter((d) => !(d.name === '@types/node' && d.version !== '20.17.10') && d.name !== 'undici-types'));
    expect(m.get('mem0ai')).toEqual({ ecosystem: 'npm', name: 'mem0ai', version: '3.0.8', manifest: 'bun.lock', direct: true });
    expect(m.get('typescript')).toMatchObject({ direct: true, group: 'dev', version: '5.9.3' });
    // A workspace member's own dependency is direct too; the member itself is not a dependency.
    expect(m.get('zod')).toMatchObject({ direct: true });
    expect(m.has('@acme/prompts')).toBe(false);
    // An AI SDK only the lockfile has: the peer dependency mem0ai brings in.
    expect(m.get('@anthropic-ai/sdk')).toMatchObject({ direct: false, version: '0.40.1', via: ['mem0ai'] });
    expect(m.get('openai')).toMatchObject({ direct: false, via: ['mem0ai'] });
  });

  it("resolves a package's own copy before its parents', as Node does", () => {
    const nodeTypes = parse('bun.lock').filter((d) => d.name === '@types/node');
    expect(nodeTypes.map((d) => d.version).sort()).toEqual(['18.19.130', '20.17.10']);
    const undici = parse('bun.lock').filter((d) => d.name === 'undici-types');
    expect(undici.find((d) => d.version === '5.26.5')?.via).toEqual(['mem0ai', '@anthropic-ai/sdk', '@types/node']);
  });

  it('names the line of a malformed lockfile', () => {
    const result = parseManifest('bun.lock', '{\n  "lockfileVersion": 1,\n  "packages": {\n    "zod": ["zod@3.25.76", "", {}\n  }\n}\n');
    expect(result.dependencies).toEqual([]);
    expect(result.error).toMatch(/^invalid JSON \(line 5\)/);
  });
});

describe('Appraisal gemfiles', () => {
  it('reads gemfiles/*.gemfile and its lock as a Gemfile and a Gemfile.lock', () => {
    expect(manifestKind('gemfiles/rails_7.1.gemfile')).toBe('Gemfile');
    expect(manifestKind('gemfiles/rails_7.1.gemfile.lock')).toBe('Gemfile.lock');
    expect(manifestKind('docs/rails.gemfile')).toBeNull();
    const deps = parseManifest('gemfiles/anthropic_1.12.gemfile', 'source "https://rubygems.org"\n\ngem "anthropic", "~> 1.12.0"\n\ngemspec path: "../"\n').dependencies;
    expect(deps).toMatchObject([{ ecosystem: 'rubygems', name: 'anthropic', direct: true }]);
  });
});
