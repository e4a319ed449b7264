#!/usr/bin/env node
// unshadow runs from its compiled build (dist/, made by `npm run build`, which `npm install`
// runs) so that no TypeScript is compiled at run time. An installed package has only the build.
// In a checkout the build answers while it is current (see current-build.js): after an edit, a
// new or deleted file, or a checkout of another commit, the sources answer through tsx until the
// next build, so a stale build never does, for a developer or for the tests that run this file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './current-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = new URL('../src/cli/main.ts', import.meta.url);

if (existsSync(source) && !buildIsCurrent(root)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
