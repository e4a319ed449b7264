import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../domain/errors.js';
import { type Catalog, type CatalogEntry, catalogFileSchema, type EndpointFingerprints, type NotAiEntry, type VendorFacts, withEndpointFingerprints } from '../domain/catalog.js';
import { packageFile } from '../domain/package-files.js';
import { bundledRegistryIndex, REGISTRY_INDEX_DIR } from './registry-index.js';

export const BUILTIN_CATALOG_DIR = packageFile('src/catalog/data');

const CATALOG_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export function catalogFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`catalog path ${path} does not exist`, 'Set UNSHADOW_CATALOG to a catalog file or a folder of them.');
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => CATALOG_EXTENSIONS.has(extname(name)))
    .sort()
    .map((name) => join(path, name));
}

export interface ParsedCatalogFile {
  path: string;
  text: string;
  entries: CatalogEntry[];
  notAi: NotAiEntry[];
  vendors: VendorFacts[];
  endpoints: EndpointFingerprints[];
}

/** Reads and validates one catalog file; every problem is reported with its location. */
export function parseCatalogFile(path: string): ParsedCatalogFile {
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UserError(`catalog file ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const result = catalogFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.slice(0, 20).map((issue) => `  ${describePath(raw, issue.path)}: ${issue.message}`);
    throw new UserError(`catalog file ${path} is invalid:\n${problems.join('\n')}`);
  }
  return { path, text, ...result.data };
}

function describePath(raw: unknown, path: PropertyKey[]): string {
  // "entries[12].fingerprints" is hard to find in a 2,000-line file; name the entry's id too.
  const [section, index] = path;
  const entry = typeof index === 'number' ? (raw as Record<string, unknown[]>)?.[section as string]?.[index] : undefined;
  const id = entry && typeof entry === 'object' && 'id' in entry ? ` (id ${String((entry as { id: unknown }).id)})` : '';
  return `${path.map(String).join('.')}${id}`;
}

/**
 * Loads the built-in catalog plus any user extension. A user entry with the id of a built-in
 * one replaces it, so organisations can override without forking. The bundled registry index
 * comes with it, read only when a matcher asks.
 */
export function loadCatalog(options: { extraPath?: string; builtinDir?: string } = {}): Catalog {
  const files = catalogFiles(options.builtinDir ?? BUILTIN_CATALOG_DIR);
  if (options.extraPath) files.push(...catalogFiles(options.extraPath));
  const hash = createHash('sha256');
  const entries = new Map<string, CatalogEntry>();
  const notAi = new Map<string, NotAiEntry>();
  const vendors = new Map<string, VendorFacts>();
  const endpoints: EndpointFingerprints[] = [];
  for (const path of files) {
    const parsed = parseCatalogFile(path);
    hash.update(basename(path)).update('\0').update(parsed.text).update('\0');
    for (const entry of parsed.entries) entries.set(entry.id, entry);
    for (const entry of parsed.notAi) notAi.set(entry.id, entry);
    for (const vendor of parsed.vendors) vendors.set(vendor.name, vendor);
    endpoints.push(...parsed.endpoints);
  }
  // The registry index changes verdicts too: its digest (written beside it) is part of the version.
  hash.update(readFileSync(join(REGISTRY_INDEX_DIR, 'digest.txt'), 'utf8'));
  // Endpoint fingerprints for an entry a user catalog dropped have nothing to add to.
  const merged = withEndpointFingerprints([...entries.values()], endpoints).entries;
  return { version: hash.digest('hex').slice(0, 12), entries: merged, notAi: [...notAi.values()], vendors: [...vendors.values()], registry: bundledRegistryIndex() };
}

/** Duplicate ids inside the shipped files are mistakes even though loading tolerates them. */
export function findDuplicateIds(files: ParsedCatalogFile[]): string[] {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const file of files) {
    for (const entry of [...file.entries, ...file.notAi]) {
      const previous = seen.get(entry.id);
      if (previous) duplicates.push(`${entry.id} (${basename(previous)} and ${basename(file.path)})`);
      else seen.set(entry.id, file.path);
    }
  }
  return duplicates;
}
