import { opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Folders that hold installed, generated or vendored code, not the repository's own
 * manifests: a dependency's package.json inside node_modules is not a dependency of ours.
 */
export const SKIPPED_FOLDERS = new Set([
  'node_modules', 'bower_components', 'vendor', '.venv', 'venv', '.tox', '.nox', 'site-packages', '__pycache__', '.mypy_cache', '.pytest_cache',
  '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', '.gradle', '.next', '.nuxt', '.svelte-kit', 'coverage', 'obj', '.terraform', '.cache',
]);

/** Every file below `root` whose repo-relative path `wanted` accepts, skipping installed and generated folders. */
export async function* walkRepository(root: string, wanted: (path: string) => boolean): AsyncGenerator<string> {
  const stack = [root];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let handle;
    try {
      handle = await opendir(folder);
    } catch {
      continue;
    }
    for await (const entry of handle) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) stack.push(full);
      } else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        if (wanted(path)) yield path;
      }
    }
  }
}
