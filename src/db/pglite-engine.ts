import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { PGliteOptions } from '@electric-sql/pglite';

type Engine = NonNullable<PGliteOptions['pgliteWasmModule']>;
/** The part of Node's WebAssembly global used here (the project's libraries have no DOM types). */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<Engine> };

let compiled: { brief: boolean; module: Promise<Engine> } | undefined;

/**
 * PGlite's WebAssembly (Postgres itself), read and compiled once per process. V8 compiles it on
 * other threads, so a command that will open the embedded database can start this first and
 * load the rest of itself meanwhile (compileEmbeddedEngineEarly in src/cli/program.ts). `brief` (see OpenOptions): compiled by
 * V8's baseline compiler only; the flag is process-wide and applies to what is compiled after it.
 */
export function pgliteEngine(brief: boolean): Promise<Engine> {
  if (compiled && compiled.brief === brief) return compiled.module;
  if (brief) setFlagsFromString('--liftoff-only');
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  // Read in one call, not with fs/promises: its chunked reads each wait for a turn of the event
  // loop behind the command's own module loading, which delayed the compile until that was done.
  let module: Promise<Engine>;
  try {
    module = WebAssembly.compile(readFileSync(join(dist, 'pglite.wasm')));
  } catch (error) {
    module = Promise.reject(error);
  }
  // A failure is reported by the open that awaits it, not as an unhandled rejection meanwhile.
  module.catch(() => {});
  compiled = { brief, module };
  return module;
}
