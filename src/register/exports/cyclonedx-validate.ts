/**
 * Validates a BOM against the CycloneDX 1.6 JSON schema shipped by @cyclonedx/cyclonedx-library.
 * ajv, ajv-formats and the schema files are loaded on first call only (dynamic import), so
 * production code that never validates never loads them; they may be devDependencies.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type ValidateFn = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

let compiled: Promise<ValidateFn> | undefined;

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Unwraps `default` once or twice: CJS packages imported from ESM under NodeNext. */
function unwrapDefault<T>(mod: unknown): T {
  let value = mod as { default?: unknown };
  for (let i = 0; i < 2 && value && typeof value === 'object' && 'default' in value && value.default; i++) {
    value = value.default as { default?: unknown };
  }
  return value as T;
}

async function compile(): Promise<ValidateFn> {
  const require = createRequire(import.meta.url);
  let schemaDir: string;
  try {
    schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
  } catch {
    throw new Error('CycloneDX validation needs @cyclonedx/cyclonedx-library installed (it ships the 1.6 JSON schema)');
  }
  let AjvCtor: new (opts: Record<string, unknown>) => {
    addSchema(schema: unknown): unknown;
    addFormat(name: string, format: unknown): unknown;
    compile(schema: unknown): ValidateFn;
  };
  let addFormats: (ajv: unknown) => unknown;
  try {
    AjvCtor = unwrapDefault(await import('ajv'));
    addFormats = unwrapDefault(await import('ajv-formats'));
  } catch {
    throw new Error('CycloneDX validation needs ajv and ajv-formats installed');
  }
  const [bom, spdx, jsf] = await Promise.all([
    readJson(join(schemaDir, 'bom-1.6.SNAPSHOT.schema.json')),
    readJson(join(schemaDir, 'spdx.SNAPSHOT.schema.json')),
    readJson(join(schemaDir, 'jsf-0.82.SNAPSHOT.schema.json')),
  ]);
  const ajv = new AjvCtor({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // Formats the schema uses that ajv-formats does not define: checked loosely, never ignored silently.
  ajv.addFormat('iri-reference', /^\S*$/u);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  // The bom schema refers to its siblings by their file names (`spdx.SNAPSHOT.schema.json`), which
  // resolve against its $id to ids the sibling files do not declare: register them under those.
  const base = typeof bom.$id === 'string' ? bom.$id : 'http://cyclonedx.org/schema/bom-1.6.schema.json';
  ajv.addSchema({ ...spdx, $id: new URL('spdx.SNAPSHOT.schema.json', base).href });
  ajv.addSchema({ ...jsf, $id: new URL('jsf-0.82.SNAPSHOT.schema.json', base).href });
  return ajv.compile(bom);
}

/** The schema errors of a CycloneDX 1.6 JSON BOM (`<path>: <message>`); empty when it is valid. */
export async function validateCycloneDx(bom: unknown): Promise<string[]> {
  compiled ??= compile();
  let validate: ValidateFn;
  try {
    validate = await compiled;
  } catch (error) {
    compiled = undefined;
    throw error;
  }
  if (validate(bom)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params.allowedValues)})` : '';
    const additional = e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : '';
    return `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${additional}${extra}`;
  });
}
