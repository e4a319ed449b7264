import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import type { DependencyMatcher } from './dependency.js';
import { label, matched, NO_MATCH } from './result.js';

export type ArtefactMatcher = (input: MatchInputOf<'repo_artefact'>) => MatchResult;

/**
 * Files AI tools leave in repositories (CLAUDE.md, .cursor/rules/, .github/copilot-instructions.md)
 * matched on whole path segments anywhere in the path, and MCP servers by the package their
 * command starts (`npx -y @modelcontextprotocol/server-github`) or their name.
 */
export function compileArtefactMatcher(catalog: Catalog, dependency: DependencyMatcher): ArtefactMatcher {
  const paths = new Map<string, CatalogEntry>();
  for (const entry of catalog.entries) {
    for (const path of entry.fingerprints.artefacts) paths.set(path.trim().toLowerCase().replace(/\/+$/, ''), entry);
  }

  return (artefact) => {
    const segments = (artefact.path ?? '').trim().toLowerCase().split('/').filter(Boolean);
    // Longest window of segments first: ".claude/settings.json" before "settings.json".
    for (let length = segments.length; length > 0; length--) {
      for (let start = 0; start + length <= segments.length; start++) {
        const window = segments.slice(start, start + length).join('/');
        const entry = paths.get(window);
        if (entry) return matched(entry, 0.95, [`repository file '${artefact.path}' is '${window}', a file of ${label(entry)}`]);
      }
    }
    if (artefact.type === 'mcp_server' || artefact.command) {
      for (const word of (artefact.command ?? '').split(/\s+/)) {
        const candidate = word.replace(/@[\d^~.x*-]+$/, '');
        if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(candidate) || candidate.startsWith('-')) continue;
        for (const ecosystem of ['npm', 'pypi'] as const) {
          const result = dependency({ ecosystem, name: candidate });
          if (result.flagged && result.match) {
            const reason = `MCP server '${artefact.name ?? candidate}' runs '${candidate}': ${result.match.reasons[0] ?? ''}`;
            return { flagged: true, match: { ...result.match, reasons: [reason] } };
          }
        }
      }
    }
    return NO_MATCH;
  };
}
