import { describe, expect, it } from 'vitest';
import { manifestKind, parseManifest, type ParsedDependency } from '../../../connectors/manifests/index.js';
import { fixture } from './helpers.js';

const byName = (deps: ParsedDependency[]) => new Map(deps.map((d) => [d.name, d]));

describe('manifestKind', () => {
  it.each([
    ['package.json', 'package.json'],
    ['apps/web/package.json', 'package.json'],
    ['npm-shrinkwrap.json', 'package-lock.json'],
    ['pnpm-lock.yaml', 'pnpm-lock.yaml'],
    ['yarn.lock', 'yarn.lock'],
    ['requirements.txt', 'requirements.txt'],
    ['requirements-dev.txt', 'requirements.txt'],
    ['dev-requirements.txt', 'requirements.txt'],
    ['requirements/base.txt', 'requirements.txt'],
    // Arize-ai/phoenix keeps its SDK pins in requirements/canary/sdk/*.txt.
    ['requirements/canary/sdk/openai.txt', 'requirements.txt'],
    ['requirements.in', 'requirements.txt'],
    ['pyproject.toml', 'pyproject.toml'],
    ['Pipfile', 'Pipfile'],
    ['Pipfile.lock', 'Pipfile.lock'],
    ['setup.cfg', 'setup.cfg'],
    ['setup.py', 'setup.py'],
    ['go.mod', 'go.mod'],
    ['pom.xml', 'pom.xml'],
    ['build.gradle', 'build.gradle'],
    ['app/build.gradle.kts', 'build.gradle'],
    ['gradle/libs.versions.toml', 'libs.versions.toml'],
    ['src/Api/Api.csproj', 'csproj'],
    ['Lib.fsproj', 'csproj'],
    ['Legacy.vbproj', 'csproj'],
    ['packages.config', 'packages.config'],
    ['Directory.Packages.props', 'Directory.Packages.props'],
    ['Gemfile', 'Gemfile'],
    ['Gemfile.lock', 'Gemfile.lock'],
    ['crates/core/Cargo.toml', 'Cargo.toml'],
    ['Cargo.lock', 'Cargo.lock'],
    ['poetry.lock', 'poetry.lock'],
    ['services/api/uv.lock', 'uv.lock'],
    ['go.sum', 'go.sum'],
    ['src/Api/packages.lock.json', 'packages.lock.json'],
  ])('%s → %s', (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
  });

  it.each(['README.md', 'MANIFEST.in', 'Makefile.in', 'src/index.ts', 'go.work.sum', 'vendor/github.com/a/b/go.sum', 'node_modules/x/package.json', '.venv/lib/x/setup.py', 'vendor/github.com/a/b/go.mod'])(
    '%s → null',
    (path) => {
      expect(manifestKind(path)).toBeNull();
    },
  );
});

describe('npm', () => {
  it('package.json: all sections with groups, specs kept as version', () => {
    const r = parseManifest('package.json', fixture('npm/package.json'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('@anthropic-ai/sdk')).toEqual({ ecosystem: 'npm', name: '@anthropic-ai/sdk', version: '^0.39.0', manifest: 'package.json', direct: true });
    expect(m.get('lodash-es')?.version).toBe('npm:lodash@^4.17.21');
    expect(m.get('@acme/ui')?.version).toBe('workspace:*');
    expect(m.get('local-lib')?.version).toBe('file:../local-lib');
    expect(m.get('forked')?.version).toBe('github:acme/forked#v2');
    expect(m.get('vitest')?.group).toBe('dev');
    expect(m.get('fsevents')?.group).toBe('optional');
    expect(m.get('react-dom')?.group).toBe('peer');
    expect(r.dependencies).toHaveLength(12);
  });

  it('package-lock v3: scoped and nested names, direct from the root package', () => {
    const r = parseManifest('services/chat/package-lock.json', fixture('npm/package-lock.json'));
    const m = byName(r.dependencies);
    expect(m.get('@langchain/openai')).toMatchObject({ version: '0.4.4', direct: true });
    expect(m.get('zod')).toMatchObject({ version: '3.24.2', direct: false }); // nested under @langchain/openai
    expect(m.get('openai')).toMatchObject({ version: '4.86.1', direct: false });
    expect(m.get('@types/express')).toMatchObject({ direct: true, group: 'dev' });
    expect(m.has('@chat/api')).toBe(false); // workspace link
    expect(r.dependencies.every((d) => d.manifest === 'services/chat/package-lock.json')).toBe(true);
  });

  it('package-lock v1: nested dependencies trees', () => {
    const lock = JSON.stringify({
      lockfileVersion: 1,
      dependencies: {
        openai: { version: '3.3.0', requires: { axios: '^0.26.0' } },
        axios: { version: '0.26.1', requires: { 'follow-redirects': '^1.14.8' } },
        'follow-redirects': { version: '1.15.2' },
        jest: { version: '29.0.0', dev: true, dependencies: { chalk: { version: '4.1.2' } } },
      },
    });
    const m = byName(parseManifest('package-lock.json', lock).dependencies);
    expect(m.get('openai')).toMatchObject({ direct: true, version: '3.3.0' });
    expect(m.get('axios')?.direct).toBe(false);
    expect(m.get('jest')).toMatchObject({ direct: true, group: 'dev' });
    expect(m.get('chalk')?.direct).toBe(false);
  });

  it('pnpm-lock v9: direct from importers, peer suffixes stripped, workspace links skipped', () => {
    const r = parseManifest('pnpm-lock.yaml', fixture('npm/pnpm-lock.yaml'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('ai')).toMatchObject({ version: '4.1.54', direct: true });
    expect(m.get('@ai-sdk/openai')).toMatchObject({ version: '1.2.0', direct: true });
    expect(m.get('typescript')).toMatchObject({ group: 'dev', direct: true });
    expect(m.get('@ai-sdk/provider')).toMatchObject({ version: '1.0.9', direct: false });
    expect(m.has('@acme/web')).toBe(false);
    expect(r.dependencies.filter((d) => d.name === 'ai')).toHaveLength(1);
  });

  it('pnpm-lock v6 keys (/name@version)', () => {
    const lock = [
      "lockfileVersion: '6.0'",
      'dependencies:',
      '  openai:',
      '    specifier: ^4.0.0',
      '    version: 4.20.0',
      'packages:',
      '  /openai@4.20.0:',
      '    resolution: {integrity: sha512-x}',
      '  /@types/node-fetch@2.6.4:',
      '    resolution: {integrity: sha512-y}',
    ].join('\n');
    const m = byName(parseManifest('pnpm-lock.yaml', lock).dependencies);
    expect(m.get('openai')).toMatchObject({ direct: true, version: '4.20.0' });
    expect(m.get('@types/node-fetch')).toMatchObject({ direct: false, version: '2.6.4' });
  });

  it('yarn.lock berry: npm: descriptors, metadata and workspaces skipped, direct false', () => {
    const r = parseManifest('yarn.lock', fixture('npm/yarn-berry.lock'));
    expect(r.dependencies).toEqual([
      { ecosystem: 'npm', name: '@anthropic-ai/sdk', version: '0.39.0', manifest: 'yarn.lock', direct: false },
      { ecosystem: 'npm', name: 'node-fetch', version: '2.7.0', manifest: 'yarn.lock', direct: false },
    ]);
  });

  it('yarn.lock classic v1: multi-descriptor keys', () => {
    const r = parseManifest('yarn.lock', fixture('npm/yarn-classic.lock'));
    expect(r.dependencies.map((d) => [d.name, d.version])).toEqual([
      ['@babel/code-frame', '7.22.13'],
      ['cohere-ai', '7.14.0'],
    ]);
  });
});

describe('PyPI', () => {
  it('requirements.txt: markers, extras, specifiers, hashes, continuations, editable egg, includes', () => {
    const r = parseManifest('py/requirements.txt', fixture('py/requirements.txt'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('langchain-openai')?.version).toBe('>=0.3.7,<0.4');
    expect(m.get('openai')?.version).toBe('==1.65.2'); // extras dropped from the name
    expect(m.get('anthropic')).toMatchObject({ direct: true });
    expect(m.get('anthropic')?.version).toBeUndefined();
    expect(m.get('tiktoken')?.version).toBe('>=0.9.0');
    expect(m.get('uvicorn')?.version).toBe('>=0.34.0');
    expect(m.get('requests')?.version).toBe('==2.32.3');
    expect(m.has('internal-rag')).toBe(true);
    expect([...m.keys()]).not.toContain('.');
    expect(r.dependencies).toHaveLength(8);
    expect(r.includes).toEqual(['py/requirements/base.txt', 'py/requirements/ml.txt']);
  });

  it('requirements include resolved relative to the including file', () => {
    const r = parseManifest('py/requirements/base.txt', fixture('py/requirements/base.txt'));
    expect(r.includes).toEqual(['py/requirements/common.txt']);
    expect(r.dependencies.map((d) => d.name)).toEqual(['fastapi', 'pydantic']);
    expect(parseManifest('requirements/dev.txt', '-r ../requirements.txt\n').includes).toEqual(['requirements.txt']);
  });

  it('pyproject PEP 621: dependencies, optional-dependencies groups, dependency-groups', () => {
    const r = parseManifest('pyproject.toml', fixture('py/pyproject-pep621.toml'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('llama-index-core')).toMatchObject({ version: '>=0.12.22', direct: true });
    expect(m.get('cohere')?.version).toBe('>=5.13,<6.0');
    expect(m.get('httpx')?.version).toBe('>=0.28');
    expect(m.get('tomli')?.version).toBe('>=2.0');
    expect(m.get('anthropic')?.group).toBe('anthropic');
    expect(m.get('pinecone')).toMatchObject({ group: 'vector', version: '>=6.0.1' });
    expect(m.get('qdrant-client')?.group).toBe('vector');
    expect(m.get('pytest')?.group).toBe('dev');
    expect(m.get('mypy')?.group).toBe('lint');
  });

  it('pyproject Hatch environments: their dependencies and extra-dependencies, in a group named after the environment', () => {
    // As in deepset-ai/haystack-core-integrations' integrations/whisper/pyproject.toml.
    const toml = [
      '[project]', 'name = "whisper-haystack"', 'dependencies = ["haystack-ai"]',
      '[tool.hatch.envs.default]', 'installer = "uv"', 'dependencies = ["haystack-pydoc-tools", "ruff"]',
      '[tool.hatch.envs.test]', 'dependencies = ["pytest", "openai-whisper>=20231106"]', 'extra-dependencies = ["transformers[torch]"]',
    ].join('\n');
    const m = byName(parseManifest('pyproject.toml', toml).dependencies);
    expect(m.get('openai-whisper')).toMatchObject({ direct: true, group: 'hatch:test' });
    expect(m.get('transformers')).toMatchObject({ direct: true, group: 'hatch:test' });
    expect(m.get('haystack-ai')?.group).toBeUndefined();
  });

  it('pyproject Poetry: python skipped, groups, legacy dev-dependencies, optional, git', () => {
    const r = parseManifest('pyproject.toml', fixture('py/pyproject-poetry.toml'));
    const m = byName(r.dependencies);
    expect(m.has('python')).toBe(false);
    expect(m.get('langchain')).toMatchObject({ version: '^0.3.20', direct: true });
    expect(m.get('langchain')?.group).toBeUndefined();
    expect(m.get('openai')?.version).toBe('^1.65');
    expect(m.get('google-generativeai')?.group).toBe('optional');
    expect(m.get('internal-sdk')?.version).toBe('git+https://github.com/acme/internal-sdk.git');
    expect(m.get('torch')).toMatchObject({ group: 'ml', version: '2.6.0' });
    expect(m.get('transformers')?.group).toBe('ml');
    expect(m.get('pytest')?.group).toBe('dev');
    expect(m.get('black')?.group).toBe('dev');
  });

  it('Pipfile', () => {
    const m = byName(parseManifest('Pipfile', fixture('py/Pipfile')).dependencies);
    expect(m.get('mistralai')?.version).toBe('*');
    expect(m.get('groq')?.version).toBe('==0.18.0');
    expect(m.get('pytest')?.group).toBe('dev');
  });

  it('Pipfile.lock', () => {
    const lock = JSON.stringify({ _meta: {}, default: { openai: { version: '==1.65.2' } }, develop: { pytest: { version: '==8.3.5' } } });
    const r = parseManifest('Pipfile.lock', lock);
    expect(r.dependencies).toEqual([
      { ecosystem: 'pypi', name: 'openai', version: '1.65.2', manifest: 'Pipfile.lock', direct: false },
      { ecosystem: 'pypi', name: 'pytest', version: '8.3.5', manifest: 'Pipfile.lock', direct: false, group: 'dev' },
    ]);
  });

  it('setup.cfg: multiline install_requires and extras_require', () => {
    const m = byName(parseManifest('setup.cfg', fixture('py/setup.cfg')).dependencies);
    expect([...m.keys()]).toEqual(['sentence-transformers', 'numpy', 'huggingface-hub', 'openai', 'pytest']);
    expect(m.get('openai')?.group).toBe('openai');
    expect(m.get('pytest')?.group).toBe('test');
  });

  it('setup.py: literals through a variable, extras and tests_require, never executed', () => {
    const m = byName(parseManifest('setup.py', fixture('py/setup.py')).dependencies);
    expect(m.get('replicate')).toMatchObject({ version: '>=1.0.4', direct: true });
    expect(m.has('click')).toBe(true);
    expect(m.get('google-cloud-aiplatform')?.group).toBe('vertex');
    expect(m.get('pytest-mock')?.group).toBe('test');
  });
});

describe('Go', () => {
  it('go.mod: single and block require, indirect, replace/exclude ignored', () => {
    const r = parseManifest('go.mod', fixture('go.mod'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('github.com/sashabaranov/go-openai')).toMatchObject({ version: 'v1.38.0', direct: true });
    expect(m.get('github.com/anthropics/anthropic-sdk-go')?.version).toBe('v0.2.0-alpha.11');
    expect(m.get('google.golang.org/genai')?.direct).toBe(true);
    expect(m.get('github.com/pkoukk/tiktoken-go')?.direct).toBe(false);
    expect(m.get('golang.org/x/net')).toMatchObject({ version: 'v0.35.0', direct: false });
    expect(r.dependencies).toHaveLength(8);
  });

  it('go.mod garbage → error', () => {
    const r = parseManifest('go.mod', 'module x\nrequire (\n  onlyname\n)\n');
    expect(r.dependencies).toEqual([]);
    expect(r.error).toMatch(/line 3/);
  });
});

describe('Maven and Gradle', () => {
  it('pom.xml: properties, project.version, managed BOM, test scope', () => {
    const r = parseManifest('pom.xml', fixture('pom.xml'));
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect(m.get('dev.langchain4j:langchain4j-open-ai')).toMatchObject({ version: '1.0.0-beta1', direct: true });
    expect(m.get('org.springframework.boot:spring-boot-starter-web')?.version).toBeUndefined();
    expect(m.get('com.acme:acme-common')?.version).toBe('1.0.0-SNAPSHOT');
    expect(m.get('org.springframework.ai:spring-ai-bom')).toMatchObject({ group: 'managed', version: '1.0.0-M6' });
    expect(m.get('org.springframework.boot:spring-boot-starter-test')?.group).toBe('test');
  });

  it('build.gradle.kts: Kotlin DSL, platform BOM, variables, map notation, comments ignored', () => {
    const r = parseManifest('build.gradle.kts', fixture('gradle/build.gradle.kts'));
    const m = byName(r.dependencies);
    expect(m.get('com.openai:openai-java')?.version).toBe('0.34.1');
    expect(m.get('com.anthropic:anthropic-java')?.version).toBe('0.8.0');
    expect(m.get('org.springframework.boot:spring-boot-dependencies')).toMatchObject({ group: 'platform', version: '3.4.3' });
    expect(m.get('org.springframework.boot:spring-boot-starter-webflux')?.version).toBeUndefined();
    expect(m.get('org.junit.jupiter:junit-jupiter')?.group).toBe('test');
    expect(m.get('com.google.guava:guava')?.version).toBe('33.4.0-jre');
    expect(m.has('com.example:commented-out')).toBe(false);
  });

  it('build.gradle.kts: a group or artifact built from a variable set elsewhere is read without it', () => {
    // As in deepjavalibrary/djl's engines/ml/xgboost: the build option picks the -gpu artifact.
    const kts = ['val scalaSuffix = "_2.13"', 'dependencies {', '    api("ml.dmlc:xgboost4j${xgbGpu}_2.12:${libs.versions.xgboost.get()}")', '    implementation("org.apache.spark:spark-mllib${scalaSuffix}:3.5.1")', '    implementation("${unknownGroup}:x:1")', '}'].join('\n');
    const m = byName(parseManifest('build.gradle.kts', kts).dependencies);
    expect([...m.keys()].sort()).toEqual(['ml.dmlc:xgboost4j_2.12', 'org.apache.spark:spark-mllib_2.13']);
  });

  it('build.gradle: Groovy string and map notation, ext variables', () => {
    const m = byName(parseManifest('build.gradle', fixture('gradle/build.gradle')).dependencies);
    expect(m.get('com.google.cloud:google-cloud-vertexai')?.version).toBe('1.17.0');
    expect(m.get('ai.djl:api')?.version).toBe('0.32.0');
    expect(m.get('com.theokanning.openai-gpt3-java:service')?.version).toBe('0.18.2');
    expect(m.get('junit:junit')?.group).toBe('test');
  });

  it('gradle/libs.versions.toml: module, group+name, version.ref, rich versions, string notation', () => {
    const r = parseManifest('gradle/libs.versions.toml', fixture('gradle/libs.versions.toml'));
    expect(r.dependencies.map((d) => [d.name, d.version])).toEqual([
      ['dev.langchain4j:langchain4j-open-ai', '1.0.0-beta1'],
      ['dev.langchain4j:langchain4j', '1.0.0-beta1'],
      ['org.jetbrains.kotlin:kotlin-stdlib', '2.1.10'],
      ['com.fasterxml.jackson.core:jackson-databind', '2.18.3'],
    ]);
  });
});

describe('NuGet', () => {
  it('csproj: attribute and child Version, conditional ItemGroup, PrivateAssets', () => {
    const r = parseManifest('src/Assistant/Assistant.csproj', fixture('dotnet/Assistant.csproj'));
    const m = byName(r.dependencies);
    expect(m.get('Microsoft.SemanticKernel')).toMatchObject({ version: '1.40.0', direct: true, ecosystem: 'nuget' });
    expect(m.get('Serilog.AspNetCore')?.version).toBe('9.0.0');
    expect(m.get('OpenAI')?.version).toBe('2.1.0');
    expect(m.get('StyleCop.Analyzers')?.group).toBe('dev');
    expect(r.dependencies).toHaveLength(5);
  });

  it('packages.config and Directory.Packages.props', () => {
    const pc = byName(parseManifest('packages.config', fixture('dotnet/packages.config')).dependencies);
    expect(pc.get('Betalgo.OpenAI')?.version).toBe('8.7.2');
    expect(pc.get('NUnit')?.group).toBe('dev');
    const cp = parseManifest('Directory.Packages.props', fixture('dotnet/Directory.Packages.props')).dependencies;
    expect(cp.map((d) => [d.name, d.group])).toEqual([
      ['Anthropic.SDK', 'central'],
      ['Microsoft.Extensions.AI', 'central'],
    ]);
  });
});

describe('RubyGems', () => {
  it('Gemfile: versions, group blocks, inline group', () => {
    const m = byName(parseManifest('Gemfile', fixture('Gemfile')).dependencies);
    expect(m.get('ruby-openai')?.version).toBe('~> 7.4, >= 7.4.0');
    expect(m.get('anthropic')?.version).toBeUndefined();
    expect(m.get('langchainrb')?.group).toBeUndefined();
    expect(m.get('rspec-rails')).toMatchObject({ group: 'development,test', version: '~> 7.1' });
    expect(m.get('web-console')?.group).toBe('development');
    expect(m.get('sidekiq')?.group).toBe('jobs');
    expect(m.get('rails')?.group).toBeUndefined(); // after the group blocks closed
  });

  it('Gemfile.lock: specs with direct from DEPENDENCIES', () => {
    const m = byName(parseManifest('Gemfile.lock', fixture('Gemfile.lock')).dependencies);
    expect(m.get('ruby-openai')).toMatchObject({ version: '7.4.0', direct: true });
    expect(m.get('faraday')).toMatchObject({ version: '2.12.2', direct: false });
    expect(m.size).toBe(4);
  });
});

describe('Cargo', () => {
  it('Cargo.toml: renamed packages, dev/build/workspace/target tables', () => {
    const m = byName(parseManifest('Cargo.toml', fixture('Cargo.toml')).dependencies);
    expect(m.get('async-openai')?.version).toBe('0.28.0');
    expect(m.get('llm-chain')).toMatchObject({ version: '1.1', group: 'optional' });
    expect(m.has('llm')).toBe(false);
    expect(m.get('candle-core')?.version).toBe('git+https://github.com/huggingface/candle.git');
    expect(m.get('mockito')?.group).toBe('dev');
    expect(m.get('prost-build')?.group).toBe('build');
    expect(m.get('anyhow')?.group).toBe('workspace');
    expect(m.get('ort')?.version).toBe('2.0.0-rc.9');
  });
});

describe('unparseable files never throw', () => {
  it.each([
    ['package.json', 'broken/package.json', /invalid JSON \(line \d+\)/],
    ['pyproject.toml', 'broken/pyproject.toml', /invalid TOML \(line 4\)/],
    ['Broken.csproj', 'broken/Broken.csproj', /invalid XML \(line 4\)/],
    ['pom.xml', 'broken/pom.xml', /invalid XML/],
    ['Cargo.toml', 'broken/Cargo.toml', /invalid TOML \(line 1\)/],
  ])('%s', (path, file, reason) => {
    const r = parseManifest(path, fixture(file));
    expect(r.dependencies).toEqual([]);
    expect(r.error).toMatch(reason);
  });

  it('other garbage and unsupported paths', () => {
    expect(parseManifest('package.json', '[1,2]').error).toMatch(/not a JSON object/);
    expect(parseManifest('pnpm-lock.yaml', 'a: [b').error).toMatch(/invalid YAML/);
    expect(parseManifest('yarn.lock', 'not a lockfile line\n').error).toMatch(/line 1/);
    expect(parseManifest('pom.xml', '<notaproject/>').error).toMatch(/<project>/);
    expect(parseManifest('README.md', '# hi').error).toMatch(/unsupported/);
    for (const path of ['Pipfile', 'gradle/libs.versions.toml', 'Pipfile.lock', 'packages.config', 'Directory.Packages.props']) {
      expect(() => parseManifest(path, '\u0000{[<<')).not.toThrow();
    }
  });
});
