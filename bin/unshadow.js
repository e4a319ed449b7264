#!/usr/bin/env node
// unshadow runs from its compiled build (dist/, made by `npm run build`, which `npm install`
// runs) so that no TypeScript is compiled at run time. An installed package has only the build.
// In a checkout the build answers while it is current: nothing it was made from has changed
// since it started (dist/build.json names both). After an edit, a new or deleted file, or a
// checkout of another commit, the sources answer through tsx until the next build, so a stale
// build never does, for a developer or for the tests that run this file.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src/cli/main.ts');

/** The latest change under a path: its files' and folders' times (a deletion changes its folder's). */
function latestChange(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, latestChange(join(path, name)));
  return latest;
}

function buildIsCurrent() {
  try {
    const build = JSON.parse(readFileSync(join(root, 'dist/build.json'), 'utf8'));
    return build.inputs.every((input) => latestChange(join(root, input)) < build.startedAt);
  } catch {
    return false;
  }
}

if (existsSync(source) && !buildIsCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`file://${source}`).href);
} else {
  await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
}
