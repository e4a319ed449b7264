// The compiled CLI in dist/: the sources type-checked by tsc and bundled by esbuild into
// dist/cli/, the data files the code reads copied to the same places under dist/ as in the
// checkout (src/package-files.ts finds them from dist/package.json), and dist/build.json, which
// names what the build was made from and when it started, so that bin/unshadow.js in a checkout
// uses the build only while none of that has changed since.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

/** Everything the build reads (bundled, or copied because the code reads it at run time). */
const INPUTS = ['src', 'connectors', 'migrations', 'fixtures/demo', 'web', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/bundle-options.mjs'];

// Edits made while the build runs count as newer than it.
const startedAt = Date.now();
// From scratch: the stamp goes first (the sources answer until the build is done), and no file
// of a deleted source outlives it.
rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await build({
  ...bundleOptions,
  // The network import's worker thread is a script of its own, beside the chunks that start it.
  entryPoints: { main: 'src/cli/main.ts', 'network-range-worker': 'src/pipeline/network-range-worker.ts' },
  outdir: 'dist/cli',
  // Each command's lazy import stays a chunk of its own: `--help` loads none of them.
  splitting: true,
  sourcemap: true,
  logLevel: 'warning',
});
cpSync('src/catalog/data', 'dist/src/catalog/data', { recursive: true });
cpSync('src/catalog/registry', 'dist/src/catalog/registry', { recursive: true });
cpSync('migrations', 'dist/migrations', { recursive: true });
cpSync('fixtures/demo', 'dist/fixtures/demo', { recursive: true });
cpSync('web', 'dist/web', { recursive: true });
cpSync('package.json', 'dist/package.json');
writeFileSync('dist/build.json', `${JSON.stringify({ startedAt, inputs: INPUTS })}\n`);
