// How the CLI is bundled (scripts/build.mjs), shared with the benchmarks that measure a command in
// a process of its own (test/bench/import-network.ts), so that they run what a user's command runs.
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages bundled with our code: ESM only, no files of their own read at run time, and together
 * about 180 of the 250 modules `inventory list` loads. Resolving and reading each of those one by
 * one was a sixth of a short command's time. Every other package is imported from node_modules
 * as it is: CommonJS ones, and those that read their own files (PGlite's WebAssembly, BullMQ's
 * Lua scripts, the CycloneDX schemas).
 */
export const BUNDLED = new Set(['drizzle-orm', 'zod', '@hono/zod-openapi', '@hono/zod-validator', '@asteasolutions/zod-to-openapi']);

/** esbuild options of the bundle, less what is built and where to. */
export const bundleOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The ESM build of a package that has both, as Node itself would load it from our ESM.
  mainFields: ['module', 'main'],
  plugins: [
    {
      // zod bundles every language's error messages as `z.locales` (360 KB of the 750 KB it adds
      // to each command that validates anything); unshadow's messages are English, and parsing
      // the rest cost every command that loads zod some 15 ms. English stays its default.
      name: 'zod-english-only',
      setup(esbuild) {
        esbuild.onResolve({ filter: /\/locales\/index\.js$/ }, ({ importer }) => (/[\\/]node_modules[\\/]zod[\\/]/.test(importer) ? { path: 'locales', namespace: 'zod-english-only' } : undefined));
        esbuild.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: ROOT, loader: 'js' }));
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
};
