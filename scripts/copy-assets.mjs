// The compiled CLI reads its catalog data, migrations, demo, web console and version beside its own files.
import { cpSync } from 'node:fs';

cpSync('src/catalog/data', 'dist/src/catalog/data', { recursive: true });
cpSync('src/catalog/registry', 'dist/src/catalog/registry', { recursive: true });
cpSync('migrations', 'dist/migrations', { recursive: true });
cpSync('fixtures/demo', 'dist/fixtures/demo', { recursive: true });
cpSync('web', 'dist/web', { recursive: true });
cpSync('package.json', 'dist/package.json');
