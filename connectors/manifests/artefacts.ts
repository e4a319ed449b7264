import { parse as parseYaml } from 'yaml';
import type { ArtefactKind, ArtefactResult, RepoArtefact } from './types.js';
import { isRecord, ManifestParseError, parseJsonc, str } from './util.js';

interface Rule {
  re: RegExp;
  tool: string;
  /** the file may also declare MCP servers (JSON/YAML with mcpServers). */
  mcp?: boolean;
}

// Tested against '/' + normalised repo-relative path so a rule also matches inside sub-folders (monorepos).
const ASSISTANT_RULES: Rule[] = [
  { re: /\/\.github\/copilot-instructions\.md$/, tool: 'GitHub Copilot' },
  { re: /\/\.github\/instructions\/[^/]+\.md$/, tool: 'GitHub Copilot' },
  { re: /\/\.github\/prompts\/[^/]+\.prompt\.md$/, tool: 'GitHub Copilot' },
  { re: /\/\.cursorrules$/, tool: 'Cursor' },
  { re: /\/\.cursor\/rules\/.+[^/]$/, tool: 'Cursor' },
  { re: /\/CLAUDE(\.local)?\.md$/, tool: 'Claude Code' },
  { re: /\/\.claude\/settings(\.local)?\.json$/, tool: 'Claude Code', mcp: true },
  { re: /\/\.claude\/(commands|agents)\/[^/]+\.md$/, tool: 'Claude Code' },
  { re: /\/AGENTS\.md$/, tool: 'OpenAI Codex / AGENTS.md' },
  { re: /\/\.windsurfrules$/, tool: 'Windsurf' },
  { re: /\/\.windsurf\/rules\/[^/]+$/, tool: 'Windsurf' },
  { re: /\/\.aider\.conf\.ya?ml$/, tool: 'Aider' },
  { re: /\/\.aiderignore$/, tool: 'Aider' },
  { re: /\/GEMINI\.md$/, tool: 'Gemini CLI' },
  { re: /\/\.gemini\/settings\.json$/, tool: 'Gemini CLI', mcp: true },
  { re: /\/\.clinerules(\/[^/]+)?$/, tool: 'Cline' },
  { re: /\/\.roomodes$/, tool: 'Roo Code' },
  { re: /\/\.roo\/rules[^/]*\/[^/]+$/, tool: 'Roo Code' },
  { re: /\/\.continue\/config\.(json|ya?ml)$/, tool: 'Continue', mcp: true },
  { re: /\/\.continuerc\.json$/, tool: 'Continue' },
  { re: /\/\.junie\/guidelines\.md$/, tool: 'JetBrains Junie' },
  { re: /\/\.amazonq\/rules\/[^/]+\.md$/, tool: 'Amazon Q Developer' },
];

const MCP_RULES: RegExp[] = [
  /\/\.mcp\.json$/,
  /\/mcp\.json$/, // also .cursor/mcp.json, .vscode/mcp.json, .roo/mcp.json, .amazonq/mcp.json
];

function norm(path: string): string {
  return '/' + path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
}

function assistantRule(path: string): Rule | undefined {
  const p = norm(path);
  return ASSISTANT_RULES.find((r) => r.re.test(p));
}

/** Which AI-tool artefact a repo-relative path is, by its name. */
export function artefactKind(path: string): ArtefactKind | null {
  if (assistantRule(path)) return 'assistant_config';
  const p = norm(path);
  if (MCP_RULES.some((re) => re.test(p))) return 'mcp_config';
  return null;
}

function serverCommand(server: Record<string, unknown>): string | undefined {
  const command = str(server.command);
  if (command) {
    const args = Array.isArray(server.args) ? server.args.map((a) => str(a) ?? '').filter((a) => a !== '') : [];
    return [command, ...args].join(' ');
  }
  return str(server.url) ?? str(server.serverUrl) ?? str(server.httpUrl);
}

function serversFrom(doc: unknown, path: string): RepoArtefact[] {
  if (!isRecord(doc)) return [];
  const out: RepoArtefact[] = [];
  const containers: unknown[] = [doc.mcpServers, doc.servers, isRecord(doc.mcp) ? doc.mcp.servers : undefined];
  for (const c of containers) {
    if (isRecord(c)) {
      for (const [name, server] of Object.entries(c)) {
        const a: RepoArtefact = { type: 'mcp_server', name, path };
        const cmd = isRecord(server) ? serverCommand(server) : undefined;
        if (cmd) a.command = cmd;
        out.push(a);
      }
    } else if (Array.isArray(c)) {
      // Continue's config.yaml: mcpServers: [{ name, command, args }]
      for (const server of c) {
        if (!isRecord(server) || !str(server.name)) continue;
        const a: RepoArtefact = { type: 'mcp_server', name: String(server.name), path };
        const cmd = serverCommand(server);
        if (cmd) a.command = cmd;
        out.push(a);
      }
    }
  }
  return out;
}

function parseStructured(path: string, content: string): unknown {
  return /\.ya?ml$/i.test(path) ? parseYaml(content) : parseJsonc(content);
}

/** JSONC errors name their line already; YAML's name a position. */
function invalid(e: unknown, content: string): string {
  if (e instanceof ManifestParseError) return e.message;
  const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const m = /position (\d+)/.exec(msg);
  return `invalid YAML: ${m ? `${msg} (line ${content.slice(0, Number(m[1])).split('\n').length})` : msg}`;
}

/** Artefacts declared by an AI-tool file; never throws. */
export function parseArtefact(path: string, content: string): ArtefactResult {
  const rule = assistantRule(path);
  const artefacts: RepoArtefact[] = [];
  if (rule) {
    artefacts.push({ type: 'assistant_config', name: rule.tool, path });
    if (!rule.mcp || content.trim() === '') return { artefacts };
    try {
      artefacts.push(...serversFrom(parseStructured(path, content), path));
      return { artefacts };
    } catch (e) {
      return { artefacts, error: invalid(e, content) };
    }
  }
  if (artefactKind(path) === 'mcp_config') {
    try {
      return { artefacts: serversFrom(parseStructured(path, content), path) };
    } catch (e) {
      return { artefacts: [], error: invalid(e, content) };
    }
  }
  return { artefacts: [], error: `not an AI tool artefact: ${path}` };
}
