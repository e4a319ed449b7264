import { describe, expect, it } from 'vitest';
import { artefactKind, parseArtefact, parseManifest } from '../../../connectors/manifests/index.js';
import { fixture } from './helpers.js';

describe('artefactKind', () => {
  it.each([
    ['.github/copilot-instructions.md', 'assistant_config'],
    ['.github/instructions/python.instructions.md', 'assistant_config'],
    ['.cursorrules', 'assistant_config'],
    ['.cursor/rules/react.mdc', 'assistant_config'],
    ['CLAUDE.md', 'assistant_config'],
    ['services/api/CLAUDE.md', 'assistant_config'],
    ['.claude/settings.json', 'assistant_config'],
    ['AGENTS.md', 'assistant_config'],
    ['.windsurfrules', 'assistant_config'],
    ['.aider.conf.yml', 'assistant_config'],
    ['.aiderignore', 'assistant_config'],
    ['GEMINI.md', 'assistant_config'],
    ['.gemini/settings.json', 'assistant_config'],
    ['.clinerules', 'assistant_config'],
    ['.roomodes', 'assistant_config'],
    ['.continue/config.yaml', 'assistant_config'],
    ['.junie/guidelines.md', 'assistant_config'],
    ['.mcp.json', 'mcp_config'],
    ['.cursor/mcp.json', 'mcp_config'],
    ['.vscode/mcp.json', 'mcp_config'],
    ['mcp.json', 'mcp_config'],
  ])('%s → %s', (path, kind) => {
    expect(artefactKind(path)).toBe(kind);
  });

  it.each(['README.md', 'docs/claude.md', '.github/workflows/ci.yml', '.vscode/settings.json', '.cursor'])('%s → null', (path) => {
    expect(artefactKind(path)).toBeNull();
  });
});

describe('parseArtefact', () => {
  it('assistant configs name the tool', () => {
    const cases: [string, string][] = [
      ['.github/copilot-instructions.md', 'GitHub Copilot'],
      ['.cursor/rules/style.mdc', 'Cursor'],
      ['CLAUDE.md', 'Claude Code'],
      ['AGENTS.md', 'OpenAI Codex / AGENTS.md'],
      ['.windsurfrules', 'Windsurf'],
      ['.aider.conf.yml', 'Aider'],
      ['GEMINI.md', 'Gemini CLI'],
      ['.clinerules', 'Cline'],
      ['.roomodes', 'Roo Code'],
      ['.continue/config.json', 'Continue'],
      ['.junie/guidelines.md', 'JetBrains Junie'],
    ];
    for (const [path, name] of cases) {
      expect(parseArtefact(path, '').artefacts).toEqual([{ type: 'assistant_config', name, path }]);
    }
    expect(parseArtefact('CLAUDE.md', fixture('artefacts/CLAUDE.md')).artefacts).toHaveLength(1);
  });

  it('.mcp.json: one server each, command + args or url', () => {
    const r = parseArtefact('.mcp.json', fixture('artefacts/.mcp.json'));
    expect(r.error).toBeUndefined();
    expect(r.artefacts).toEqual([
      { type: 'mcp_server', name: 'github', path: '.mcp.json', command: 'npx -y @modelcontextprotocol/server-github' },
      { type: 'mcp_server', name: 'postgres', path: '.mcp.json', command: 'docker run -i --rm mcp/postgres postgresql://localhost/mydb' },
      { type: 'mcp_server', name: 'linear', path: '.mcp.json', command: 'https://mcp.linear.app/sse' },
    ]);
  });

  it('reads a "__proto__" key of a JSONC file as a key, as JSON.parse does, never as the prototype of what it parsed', () => {
    const jsonc = '{\n  // a comment makes it JSONC\n  "__proto__": { "mcpServers": { "hidden": { "command": "npx hidden" } } },\n  "servers": { "shown": { "command": "npx shown" } },\n}\n';
    expect(parseArtefact('.vscode/mcp.json', jsonc).artefacts.map((a) => a.name)).toEqual(['shown']);
    const lock = '{ "lockfileVersion": 1, "workspaces": { "": { "dependencies": { "constructor": "1" } } }, "packages": { "__proto__": { "openai": ["openai@4.0.0", "", {}, ""] }, "zod": ["zod@3.0.0", "", {}, ""], }, }';
    expect(parseManifest('bun.lock', lock).dependencies.map((d) => d.name)).toEqual(['zod']);
  });

  it('.vscode/mcp.json: "servers", JSONC comments and trailing commas', () => {
    const r = parseArtefact('.vscode/mcp.json', fixture('artefacts/.vscode/mcp.json'));
    expect(r.error).toBeUndefined();
    expect(r.artefacts.map((a) => [a.name, a.command])).toEqual([
      ['Perplexity', 'npx -y server-perplexity-ask'],
      ['fetch', 'uvx mcp-server-fetch'],
      ['github-remote', 'https://api.githubcopilot.com/mcp/'],
    ]);
  });

  it('.claude/settings.json: the assistant plus its MCP servers', () => {
    const r = parseArtefact('.claude/settings.json', fixture('artefacts/.claude/settings.json'));
    expect(r.artefacts).toEqual([
      { type: 'assistant_config', name: 'Claude Code', path: '.claude/settings.json' },
      { type: 'mcp_server', name: 'sentry', path: '.claude/settings.json', command: 'npx @sentry/mcp-server' },
    ]);
  });

  it('Continue config.yaml mcpServers list', () => {
    const yaml = 'name: cfg\nmcpServers:\n  - name: sqlite\n    command: uvx\n    args: [mcp-server-sqlite, --db-path, ./db.sqlite]\n';
    const r = parseArtefact('.continue/config.yaml', yaml);
    expect(r.artefacts[1]).toEqual({ type: 'mcp_server', name: 'sqlite', path: '.continue/config.yaml', command: 'uvx mcp-server-sqlite --db-path ./db.sqlite' });
  });

  it('invalid JSON → error, no throw; assistant still reported', () => {
    const bad = parseArtefact('.cursor/mcp.json', '{ "mcpServers": { "x": ');
    expect(bad.artefacts).toEqual([]);
    expect(bad.error).toMatch(/invalid JSON/);
    const settings = parseArtefact('.gemini/settings.json', '{ nope');
    expect(settings.artefacts).toEqual([{ type: 'assistant_config', name: 'Gemini CLI', path: '.gemini/settings.json' }]);
    expect(settings.error).toMatch(/invalid JSON/);
  });
});
