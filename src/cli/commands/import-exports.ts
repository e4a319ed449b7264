import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseGoogleTokensExport } from '../../../connectors/google-workspace/index.js';
import { normaliseEntraExport, normaliseSubscribedSkus } from '../../../connectors/microsoft365/index.js';
import { UserError } from '../../domain/errors.js';
import { type ImportedFile, importObservations, type ImportObservationsResult } from '../../pipeline/import-observations.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'error')}`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path).replace(/^\ufeff/, ''));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A normaliser's complaint about the file's shape is the user's problem, said once. */
function normalise<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new UserError(`${path}: ${(error as Error).message}`);
  }
}

function describe(file: string, result: ImportObservationsResult): string {
  const lines = [`Imported ${file}: ${result.records} record(s), ${result.flagged} of them AI-related and kept; ${result.systemsNew} new AI system(s) in the inventory.`];
  if (result.problems.length) {
    lines.push(`${result.problems.length} record(s) skipped:`);
    for (const problem of result.problems.slice(0, 50)) lines.push(`  ${problem.at ? `${problem.at}: ` : ''}${problem.message}`);
  }
  return lines.join('\n');
}

function register(imports: Command, name: string, description: string, defaultConnection: string, read: (file: string, flags: { tenantId?: string }) => Omit<ImportedFile, 'connection' | 'file'>): void {
  const command = imports
    .command(`${name} <file>`)
    .description(description)
    .option('--connection <name>', 'the connection to import into', defaultConnection)
    .option('--json', 'print the result as JSON');
  if (name === 'entra') command.option('--tenant-id <id>', "your tenant id: apps your tenant owns are not third-party consents");
  command.action(async (file: string, flags: { connection: string; json?: boolean; tenantId?: string }) => {
    const input = read(file, flags);
    await withContext(async (context) => {
      const result = await importObservations(context.database, context.matcher, { ...input, connection: flags.connection, file }, context.log);
      if (flags.json) printJson(result);
      else process.stdout.write(`${describe(file, result)}\n`);
      await alertsAfterScan(context);
    });
  });
}

export function registerExportImports(imports: Command): void {
  register(imports, 'google-tokens', 'import Google Workspace OAuth tokens: a JSON array of Directory API token resources with userKey, or the CSV of GAM `print tokens`', 'google-tokens', (file) => {
    const parsed = normalise(file, () => parseGoogleTokensExport(readText(file)));
    return { kind: 'google-workspace-export', observations: parsed.observations, problems: parsed.problems.map((p) => ({ ...(p.line ? { at: `line ${p.line}` } : {}), message: p.reason })) };
  });
  register(imports, 'entra', 'import Entra ID consents: {"servicePrincipals": [...], "oauth2PermissionGrants": [...], "appRoleAssignments": [...]} as Graph returns them', 'entra', (file, flags) => {
    const parsed = normalise(file, () => normaliseEntraExport(readJson(file), flags.tenantId));
    return { kind: 'microsoft365-export', observations: parsed.observations, problems: parsed.problems.map((message) => ({ message })) };
  });
  register(imports, 'microsoft-skus', 'import Microsoft licences: the /subscribedSkus response as Graph returns it', 'microsoft-skus', (file) => ({
    kind: 'microsoft365-export',
    observations: normalise(file, () => normaliseSubscribedSkus(readJson(file))),
    problems: [],
  }));
}
