import { type Command, Option } from 'commander';
import { OperationError } from '../../domain/errors.js';
import { registerEntries } from '../../inventory/register-entries.js';
import { toCycloneDx } from '../../register/exports/cyclonedx.js';
import { validateCycloneDx } from '../../register/exports/cyclonedx-validate.js';
import { exportRegister, type RegisterExportEntry } from '../../register/exports/register.js';
import { scopeMarkdown, scopeStatement } from '../../register/exports/scope.js';
import { exportSoa } from '../../register/exports/soa.js';
import { statementOfApplicability } from '../../register/requirements.js';
import { suggestRoles } from '../../register/roles.js';
import { suggestTier } from '../../register/triage.js';
import type { Db } from '../../db/client.js';
import type { Catalog } from '../../domain/catalog.js';
import { VERSION } from '../../version.js';
import { withContext } from '../context.js';


/** Systems a reviewer judged "not AI" stay in the register (the decision is auditable) but in no AI-only output. */
const isAi = (entry: RegisterExportEntry): boolean => entry.status !== 'not_ai';

/** Register entries with unshadow's suggestions until reviewers decide: roles and risk tier. */
async function suggested(db: Db, catalog: Catalog): Promise<RegisterExportEntry[]> {
  return (await registerEntries(db, catalog)).map((entry) => ({ ...entry, suggestedRoles: suggestRoles(entry).roles, riskTier: suggestTier(entry).tier }));
}

export function registerExport(program: Command): void {
  const command = program.command('export').description('the AI system register and a CycloneDX bill of materials, for auditors and GRC tools');
  command
    .command('register')
    .description('the AI system register')
    .addOption(new Option('--format <format>', 'csv, json or md').choices(['csv', 'json', 'md']).default('csv'))
    .action(async (flags: { format: 'csv' | 'json' | 'md' }) => {
      await withContext(async ({ database, catalog }) => {
        process.stdout.write(exportRegister(await suggested(database.db, catalog), flags.format));
      });
    });
  command
    .command('cyclonedx')
    .description('a CycloneDX 1.6 JSON BOM of the AI services and components in use, checked against the 1.6 schema')
    .option('--organisation <name>', 'the organisation the BOM describes', 'Organisation')
    .action(async (flags: { organisation: string }) => {
      await withContext(async ({ database, catalog }) => {
        const bom = toCycloneDx((await suggested(database.db, catalog)).filter(isAi), { organisation: flags.organisation, timestamp: new Date().toISOString(), toolVersion: VERSION });
        const errors = await validateCycloneDx(bom);
        if (errors.length > 0) throw new OperationError(`the BOM does not validate against CycloneDX 1.6: ${errors.slice(0, 5).join('; ')}`);
        process.stdout.write(`${JSON.stringify(bom, null, 2)}\n`);
      });
    });
  command
    .command('soa')
    .description('a statement of applicability: all 38 ISO/IEC 42001 Annex A controls, applicable or not, justified from the inventory')
    .addOption(new Option('--format <format>', 'csv, json or md').choices(['csv', 'json', 'md']).default('md'))
    .action(async (flags: { format: 'csv' | 'json' | 'md' }) => {
      await withContext(async ({ database, catalog }) => {
        const entries = (await suggested(database.db, catalog)).filter(isAi);
        const rows = statementOfApplicability(entries.map((entry) => ({ entry, roles: entry.roles ?? entry.suggestedRoles ?? [] })));
        process.stdout.write(exportSoa(rows, flags.format));
      });
    });
  command
    .command('scope')
    .description('a draft ISO/IEC 42001 clause 4.3 scope statement: AI systems in scope, units, roles, exclusions')
    .option('--organisation <name>', 'the organisation the scope describes', 'the organisation')
    .option('--json', 'print JSON instead of Markdown')
    .action(async (flags: { organisation: string; json?: boolean }) => {
      await withContext(async ({ database, catalog }) => {
        const scope = scopeStatement(await suggested(database.db, catalog), flags.organisation);
        process.stdout.write(flags.json ? `${JSON.stringify(scope, null, 2)}\n` : scopeMarkdown(scope));
      });
    });
}
