// Whether a checkout's compiled build (dist/) is exactly its sources: nothing the build read has
// changed since the build started. dist/build.json (written by scripts/build.mjs) names both.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The latest change under a path: its files' and folders' times (a deletion changes its folder's). */
function latestChange(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, latestChange(join(path, name)));
  return latest;
}

/** `root` is the checkout's folder; no build, or a build without its stamp, is not current. */
export function buildIsCurrent(root) {
  try {
    const build = JSON.parse(readFileSync(join(root, 'dist/build.json'), 'utf8'));
    return build.inputs.every((input) => latestChange(join(root, input)) < build.startedAt);
  } catch {
    return false;
  }
}
