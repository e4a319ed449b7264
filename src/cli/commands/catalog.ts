import { BUILTIN_CATALOG_DIR, catalogFiles, findDuplicateIds, loadCatalog, parseCatalogFile } from '../../catalog/load.js';
import { lintCatalog } from '../../matcher/lint-catalog.js';
import { loadConfig } from '../../config/index.js';
import { OperationError, UserError } from '../../domain/errors.js';
import { categoryLabel, printJson, table } from '../output.js';
import { withDatabase } from '../context.js';
import { learnedEntries } from '../../inventory/learned-entries.js';
import { learnedSuppressions } from '../../inventory/suppressions.js';
import { writeFileSync } from 'node:fs';
import { stringify as stringifyYaml } from 'yaml';

function catalog() {
  const config = loadConfig();
  return loadCatalog(config.catalogPath ? { extraPath: config.catalogPath } : {});
}

export function list(flags: { category?: string; json?: boolean }): void {
  const loaded = catalog();
  const entries = loaded.entries.filter((entry) => !flags.category || entry.category === flags.category);
  if (flags.json) {
    printJson(entries);
    return;
  }
  const count = (values: unknown[]) => (values.length ? String(values.length) : '');
  process.stdout.write(
    `${table(
      ['ID', 'Vendor', 'Product', 'Category', 'Merchants', 'OAuth', 'SKUs', 'Packages', 'Apps'],
      entries.map((e) => {
        const f = e.fingerprints;
        return [e.id, e.vendor, e.product, categoryLabel(e.category), count(f.merchants), count([...f.oauth.names, ...f.oauth.googleClientIds, ...f.oauth.entraAppIds]), count(f.skus), count(Object.values(f.packages).flat()), count(f.githubApps)];
      }),
    )}\n${entries.length} entries, catalog version ${loaded.version}.\n`,
  );
}

export function show(id: string): void {
  const entry = catalog().entries.find((candidate) => candidate.id === id);
  if (!entry) throw new UserError(`no catalog entry with id '${id}'`, 'Run `unshadow catalog list` to see the ids.');
  printJson(entry);
}

export function validate(file: string | undefined): void {
  const config = loadConfig();
  const paths = catalogFiles(BUILTIN_CATALOG_DIR);
  if (config.catalogPath) paths.push(...catalogFiles(config.catalogPath));
  if (file) paths.push(...catalogFiles(file));
  const parsed = paths.map(parseCatalogFile);
  const problems = [...findDuplicateIds(parsed).map((d) => `duplicate id ${d}`), ...lintCatalog(parsed.flatMap((p) => p.entries), parsed.flatMap((p) => p.notAi), parsed.flatMap((p) => p.vendors))];
  const entries = parsed.reduce((sum, p) => sum + p.entries.length, 0);
  if (problems.length > 0) {
    throw new OperationError(`catalog has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  process.stdout.write(`${paths.length} file(s), ${entries} entries: valid.\n`);
}

export async function suppressions(): Promise<void> {
  await withDatabase(async ({ db }) => {
    const learned = await learnedSuppressions(db);
    process.stdout.write(`# Learned from "not AI" review decisions (unshadow catalog suppressions). Keep it in UNSHADOW_CATALOG.\n${stringifyYaml(learned)}`);
    process.stderr.write(`${learned.notAi.length} suppression(s).\n`);
  });
}

export async function learn(flags: { out?: string }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const learned = await learnedEntries(db);
    const yaml =
      '# Learned from review decisions (unshadow catalog learn): tools found as "possible AI" and confirmed as AI by a reviewer.\n' +
      '# Categories are guessed from the use domain and the evidence; correct them if need be. Keep this file in UNSHADOW_CATALOG.\n' +
      stringifyYaml(learned);
    if (flags.out) writeFileSync(flags.out, yaml);
    else process.stdout.write(yaml);
    process.stderr.write(`${learned.entries.length} catalog entr${learned.entries.length === 1 ? 'y' : 'ies'}${flags.out ? ` written to ${flags.out}` : ''}.\n`);
  });
}
