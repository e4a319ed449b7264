import { readFileSync } from 'node:fs';
import { packageFile } from './domain/package-files.js';

/** unshadow's version, from package.json (copied into the build by the build). */
export const VERSION = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
