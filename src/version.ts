import { readFileSync } from 'node:fs';

/** unshadow's version, from package.json (copied beside the compiled code by the build). */
export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
