import { basename, resolve } from 'node:path';
import { loadCatalog } from '../../catalog/load.js';
import { loadConfig } from '../../config/index.js';
import { openDatabase } from '../../db/client.js';
import { UserError } from '../../domain/errors.js';
import { CATEGORIES } from '../../domain/taxonomy.js';
import { createLogger } from '../../log.js';
import { compileMatcher } from '../../matcher/index.js';
import { importObservations } from '../../pipeline/import-observations.js';
import { type RepositoryScan, packageLabel, scanObservations, scanRepository } from '../../repo-scan/scan-repository.js';
import { alertsAfterScan } from '../alerts-after-scan.js';
import { categoryLabel, printJson, table } from '../output.js';

function describe(scan: RepositoryScan): string {
  const ai = scan.dependencies.filter((d) => d.match);
  const lines = [`${scan.repo}: ${scan.files} manifest and tool file(s), ${scan.dependencies.length} dependencies, ${ai.length} of them AI.`];
  if (ai.length) {
    lines.push(
      table(
        ['Ecosystem', 'Package', 'Version', 'Manifest', 'Catalog entry', 'Confidence', 'Role it implies'],
        ai.map((d) => [d.ecosystem, packageLabel(d), d.version ?? '', d.manifest, `${d.match!.product} (${categoryLabel(d.match!.category)})`, `${Math.round(d.match!.confidence * 100)}%`, d.match!.impliedRole === 'developer' ? 'develops AI' : 'uses AI']),
      ),
    );
  }
  const tools = scan.artefacts.filter((a) => a.match || a.type === 'mcp_server');
  if (tools.length) {
    lines.push('AI tools configured in the repository:');
    lines.push(table(['File', 'Kind', 'Tool or server', 'Catalog entry'], tools.map((a) => [a.path, a.type === 'mcp_server' ? 'MCP server' : 'assistant config', a.name, a.match?.product ?? '—'])));
  }
  for (const error of scan.errors) lines.push(`could not parse ${error.path}: ${error.reason}`);
  return lines.join('\n');
}

export interface ScanRepoFlags {
  json?: boolean;
  failOn?: string;
  save?: boolean;
  connection?: string;
}

export async function scanRepo(path: string, flags: ScanRepoFlags): Promise<void> {
  if (flags.failOn && flags.failOn !== 'any' && !(CATEGORIES as readonly string[]).includes(flags.failOn)) {
    throw new UserError(`--fail-on takes any or a category, not '${flags.failOn}'`, `Categories: ${CATEGORIES.join(', ')}.`);
  }
  const config = loadConfig();
  const catalog = loadCatalog(config.catalogPath ? { extraPath: config.catalogPath } : {});
  const scan = await scanRepository(path, compileMatcher(catalog), catalog);
  if (flags.json) printJson(scan);
  else process.stdout.write(`${describe(scan)}\n`);
  if (flags.save) {
    const database = await openDatabase(config);
    try {
      const matcher = compileMatcher(catalog);
      const log = createLogger(config);
      const name = flags.connection ?? `repo:${basename(resolve(path))}`;
      await importObservations(database, matcher, { kind: 'repo-scan', connection: name, file: resolve(path), observations: scanObservations(scan), problems: scan.errors.map((e) => ({ at: e.path, message: e.reason })) }, { log });
      if (!flags.json) process.stdout.write(`Saved to the inventory under connection '${name}'.\n`);
      // A new AI SDK in a repository is what dependency.added alerts are for.
      await alertsAfterScan({ config, database, catalog, matcher, log });
    } finally {
      await database.close();
    }
  }
  if (flags.failOn) {
    const tripped = scan.dependencies.filter((d) => d.match && (flags.failOn === 'any' || d.match.category === flags.failOn));
    if (tripped.length > 0) {
      process.stderr.write(`--fail-on ${flags.failOn}: ${tripped.map((d) => `${d.ecosystem}:${d.name} (${d.manifest})`).join(', ')}\n`);
      process.exitCode = 1;
    }
  }
}
