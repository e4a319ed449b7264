import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/manifests/', import.meta.url));
export const REPOS = fileURLToPath(new URL('../../../fixtures/repos/', import.meta.url));

export function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}
