import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the package.json nearest above this module: the checkout when the sources
 * run, dist/ when the build runs (the build copies package.json and the data files there, in the
 * same places). Found by walking up rather than by a fixed `../..` because the build bundles the
 * code into chunks that do not sit where their sources did.
 */
function packageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder the package ships beside its code, by its path in the checkout. */
export function packageFile(path: string): string {
  return join(PACKAGE_ROOT, path);
}
