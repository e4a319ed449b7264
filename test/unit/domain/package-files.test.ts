import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packageFile } from '../../../src/domain/package-files.js';

describe('files the package ships beside its code', () => {
  it('are found from the package root, the folder of the nearest package.json', () => {
    expect(PACKAGE_ROOT).toBe(join(import.meta.dirname, '../../..'));
    expect((JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string }).name).toBe('unshadow');
    for (const path of ['src/catalog/data', 'src/catalog/registry', 'migrations/meta/_journal.json', 'fixtures/demo', 'web/index.html']) expect(existsSync(packageFile(path)), path).toBe(true);
  });
});
