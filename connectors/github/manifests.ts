/**
 * The shared manifest parser (connectors/manifests), loaded lazily: the GitHub connector works
 * from the dependency-graph SBOM without it, and uses it for the contents-API fallback and for
 * assistant / MCP artefact files. The specifier is a variable so this file compiles whether or
 * not the module exists yet.
 */

export interface ManifestDependency {
  ecosystem: string;
  name: string;
  version?: string;
  manifest: string;
  direct?: boolean;
  group?: string;
}
export interface ManifestParser {
  manifestKind(path: string): string | null;
  parseManifest(path: string, content: string): { dependencies: ManifestDependency[]; includes?: unknown; error?: string };
  artefactKind(path: string): string | null;
  parseArtefact(path: string, content: string): { artefacts: { type: 'assistant_config' | 'mcp_server'; name: string; path: string; command?: string }[]; error?: string };
}

const SPECIFIER = '../manifests/index.js';
let loaded: Promise<ManifestParser | null> | undefined;

export function manifestParser(): Promise<ManifestParser | null> {
  loaded ??= import(/* @vite-ignore */ SPECIFIER).then(
    (module: Partial<ManifestParser>) =>
      typeof module.manifestKind === 'function' && typeof module.parseManifest === 'function' && typeof module.artefactKind === 'function' && typeof module.parseArtefact === 'function'
        ? (module as ManifestParser)
        : null,
    () => null,
  );
  return loaded;
}

/** Folders whose files are vendored or generated, never the repository's own manifests. */
const SKIPPED_DIRS = new Set(['node_modules', 'vendor', '.venv', 'venv', 'env', '.tox', 'dist', 'build', 'target', '.git', 'bower_components', 'site-packages', '__pycache__', '.yarn', '.pnpm-store', 'third_party']);

export function skippedPath(path: string): boolean {
  return path.split('/').slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment));
}
