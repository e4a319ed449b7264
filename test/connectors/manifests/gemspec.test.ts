import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestKind, parseManifest, type ParsedDependency } from '../../../connectors/manifests/index.js';

const byName = (deps: ParsedDependency[]) => new Map(deps.map((d) => [d.name, d]));

/**
 * A Gemfile that says `gemspec` takes the gem's dependencies from its *.gemspec; without a
 * committed Gemfile.lock (usual for a gem) nothing else names them. Found on
 * activeagents/activeagent (fixtures/real-repos), whose AI SDKs were declared only there.
 */
describe('*.gemspec', () => {
  it.each([
    ['activeagent.gemspec', 'gemspec'],
    ['actionagent/actionagent.gemspec', 'gemspec'],
    ['vendor/bundle/ruby/3.3.0/specifications/x.gemspec', null],
    ['.gemspec', null],
  ])('%s → %s', (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
  });

  it('runtime and development dependencies with their constraints', () => {
    const content = [
      'Gem::Specification.new do |spec|',
      '  spec.name = "agent"',
      '  spec.add_dependency "activesupport", ">= 7.2", "<= 9.0"',
      "  spec.add_runtime_dependency('ruby-openai', '~> 8.0') # the client",
      '  s.add_development_dependency "anthropic", "~> 1.12"',
      '  spec.add_development_dependency "ruby_llm"',
      '  # spec.add_dependency "langchainrb"',
      '  spec.add_dependency name_from_env',
      'end',
    ].join('\n');
    const r = parseManifest('agent.gemspec', content);
    expect(r.error).toBeUndefined();
    const m = byName(r.dependencies);
    expect([...m.keys()]).toEqual(['activesupport', 'ruby-openai', 'anthropic', 'ruby_llm']);
    expect(m.get('activesupport')).toEqual({ ecosystem: 'rubygems', name: 'activesupport', version: '>= 7.2, <= 9.0', manifest: 'agent.gemspec', direct: true });
    expect(m.get('ruby-openai')).toMatchObject({ version: '~> 8.0', direct: true });
    expect(m.get('ruby-openai')?.group).toBeUndefined();
    expect(m.get('anthropic')).toMatchObject({ version: '~> 1.12', group: 'development', direct: true });
    expect(m.get('ruby_llm')?.version).toBeUndefined();
  });

  it('reads the real activeagent.gemspec', () => {
    const path = 'fixtures/real-repos/activeagents__activeagent@a761428/activeagent.gemspec';
    const m = byName(parseManifest('activeagent.gemspec', readFileSync(path, 'utf8')).dependencies);
    expect(m.get('activeagents-telemetry')).toMatchObject({ version: '~> 0.1', direct: true });
    expect(m.get('ruby_llm')).toMatchObject({ version: '>= 1.0', group: 'development' });
    expect(m.get('aws-sdk-bedrockruntime')?.group).toBe('development');
    expect(m.get('openai')?.version).toBe('~> 0.34');
  });
});
