/**
 * The shared manifest parser (connectors/manifests), loaded when a repository first needs it:
 * for the contents-API fallback (a repository without a dependency graph) and for assistant /
 * MCP artefact files. The specifier is written out, so the build bundles the parser with the
 * rest: when it was held in a variable, the build left it out, and the compiled CLI — what an
 * installed unshadow runs — read no manifest and no artefact file of any repository, silently.
 */
export type ManifestParser = typeof import('../manifests/index.js');

let loaded: Promise<ManifestParser> | undefined;

export function manifestParser(): Promise<ManifestParser> {
  return (loaded ??= import('../manifests/index.js'));
}

/** Folders whose files are vendored or generated, never the repository's own manifests. */
const SKIPPED_DIRS = new Set(['node_modules', 'vendor', '.venv', 'venv', 'env', '.tox', 'dist', 'build', 'target', '.git', 'bower_components', 'site-packages', '__pycache__', '.yarn', '.pnpm-store', 'third_party']);

export function skippedPath(path: string): boolean {
  return path.split('/').slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment));
}
