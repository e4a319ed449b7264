// The compiled CLI in dist/: the sources type-checked by tsc and bundled by esbuild into
// dist/cli/, the data files the code reads copied to the same places under dist/ as in the
// checkout (src/package-files.ts finds them from dist/package.json), and dist/build.json, which
// names what the build was made from and when it started, so that bin/unshadow.js in a checkout
// uses the build only while none of that has changed since.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

/** Everything the build reads (bundled, or copied because the code reads it at run time). */
const INPUTS = ['src', 'connectors', 'migrations', 'fixtures/demo', 'web', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * Packages bundled with our code: ESM only, no files of their own read at run time, and together
 * about 180 of the 250 modules `inventory list` loads. Resolving and reading each of those one by
 * one was a sixth of a short command's time. Every other package is imported from node_modules
 * as it is: CommonJS ones, and those that read their own files (PGlite's WebAssembly, BullMQ's
 * Lua scripts, the CycloneDX schemas).
 */
const BUNDLED = new Set(['drizzle-orm', 'zod', '@hono/zod-openapi', '@hono/zod-validator', '@asteasolutions/zod-to-openapi']);

// Edits made while the build runs count as newer than it.
const startedAt = Date.now();
// From scratch: the stamp goes first (the sources answer until the build is done), and no file
// of a deleted source outlives it.
rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli',
  bundle: true,
  // Each command's lazy import stays a chunk of its own: `--help` loads none of them.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // The ESM build of a package that has both, as Node itself would load it from our ESM.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [
    {
      // zod bundles every language's error messages as `z.locales` (360 KB of the 750 KB it adds
      // to each command that validates anything); unshadow's messages are English, and parsing
      // the rest cost every command that loads zod some 15 ms. English stays its default.
      name: 'zod-english-only',
      setup(esbuild) {
        esbuild.onResolve({ filter: /\/locales\/index\.js$/ }, ({ importer }) => (/[\\/]node_modules[\\/]zod[\\/]/.test(importer) ? { path: 'locales', namespace: 'zod-english-only' } : undefined));
        esbuild.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd(), loader: 'js' }));
      },
    },
    {
      name: 'external-packages',
      setup(esbuild) {
        esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => {
          const name = path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
          return BUNDLED.has(name) ? undefined : { external: true };
        });
      },
    },
  ],
});
cpSync('src/catalog/data', 'dist/src/catalog/data', { recursive: true });
cpSync('src/catalog/registry', 'dist/src/catalog/registry', { recursive: true });
cpSync('migrations', 'dist/migrations', { recursive: true });
cpSync('fixtures/demo', 'dist/fixtures/demo', { recursive: true });
cpSync('web', 'dist/web', { recursive: true });
cpSync('package.json', 'dist/package.json');
writeFileSync('dist/build.json', `${JSON.stringify({ startedAt, inputs: INPUTS })}\n`);
