import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/manifests/', import.meta.url));
export const REPOS = fileURLToPath(new URL('../../../fixtures/repos/', import.meta.url));

export function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/**
 * Installed code a scan must skip. Written at test time rather than committed, because a
 * repository does not commit node_modules (and neither does this one).
 */
export function installFakeDependencies(): void {
  const folder = join(REPOS, 'node-chatbot/node_modules/fake');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "name": "fake", "version": "1.0.0", "dependencies": { "cohere-ai": "^7.14.0", "@google/generative-ai": "^0.24.0" } }\n');
}
