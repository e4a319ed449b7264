import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseGoogleTokensExport } from '../../connectors/google-workspace/index.js';
import { normaliseChromeInstalledApps } from '../../connectors/google-workspace/streams/chrome-apps.js';
import { normaliseEntraExport, normaliseSubscribedSkus } from '../../connectors/microsoft365/index.js';
import { normaliseDetectedApps } from '../../connectors/microsoft365/streams/detected-apps.js';
import type { Database } from '../db/client.js';
import type { Matcher } from '../matcher/index.js';
import { packageFile } from '../domain/package-files.js';
import { importExpenses } from './import-expenses.js';
import { type ImportedFile, importObservations } from './import-observations.js';
import { importNetwork } from './import-network.js';

export const DEMO_DIR = packageFile('fixtures/demo');

/** One file of the sample organisation, imported: what the demo prints per line. */
export interface DemoStep {
  file: string;
  kind: string;
  records: number;
  flagged: number;
  skipped: number;
}

/** The sample organisation's offline exports: Entra consents, Microsoft licences, Intune's discovered apps, Google tokens, Chrome's installed extensions. */
function demoExports(): ImportedFile[] {
  const read = (path: string) => JSON.parse(readFileSync(join(DEMO_DIR, path), 'utf8')) as unknown;
  const entra = normaliseEntraExport(read('microsoft365/entra-export.json'));
  return [
    { kind: 'microsoft365-export', format: 'entra', connection: 'demo-entra', file: join(DEMO_DIR, 'microsoft365/entra-export.json'), observations: entra.observations, problems: [] },
    {
      kind: 'microsoft365-export',
      format: 'microsoft-skus',
      connection: 'demo-microsoft-skus',
      file: join(DEMO_DIR, 'microsoft365/subscribed-skus.json'),
      observations: normaliseSubscribedSkus(read('microsoft365/subscribed-skus.json')),
      problems: [],
    },
    {
      kind: 'microsoft365-export',
      format: 'intune-detected-apps',
      connection: 'demo-intune',
      file: join(DEMO_DIR, 'microsoft365/intune-detected-apps.json'),
      observations: normaliseDetectedApps(read('microsoft365/intune-detected-apps.json')),
      problems: [],
    },
    {
      kind: 'google-workspace-export',
      format: 'google-tokens',
      connection: 'demo-google-tokens',
      file: join(DEMO_DIR, 'google-workspace/tokens-export.json'),
      observations: parseGoogleTokensExport(readFileSync(join(DEMO_DIR, 'google-workspace/tokens-export.json'), 'utf8')).observations,
      problems: [],
    },
    {
      kind: 'google-workspace-export',
      format: 'chrome-installed-apps',
      connection: 'demo-chrome',
      file: join(DEMO_DIR, 'google-workspace/chrome-installed-apps.json'),
      observations: normaliseChromeInstalledApps(read('google-workspace/chrome-installed-apps.json')),
      problems: [],
    },
  ];
}

/** "Northwind Analytics": its expense files and exports, through the same pipeline as a real import. */
export async function importDemoOrganisation(database: Database, matcher: Matcher, onStep: (step: DemoStep) => void = () => {}): Promise<void> {
  const expenseDir = join(DEMO_DIR, 'expenses');
  for (const name of readdirSync(expenseDir).filter((file) => file.endsWith('.csv')).sort()) {
    const result = await importExpenses(database, matcher, join(expenseDir, name), { connection: 'demo-expenses' });
    onStep({ file: `expenses/${name}`, kind: result.layout, records: result.rows, flagged: result.flagged, skipped: result.skipped });
  }
  for (const source of demoExports()) {
    const result = await importObservations(database, matcher, source);
    onStep({ file: relative(DEMO_DIR, source.file), kind: source.kind.replace('-export', ''), records: result.records, flagged: result.flagged, skipped: 0 });
  }
  const proxyLog = join(DEMO_DIR, 'network/zscaler-web-2026-10.jsonl');
  const network = await importNetwork(database, matcher, [proxyLog], { connection: 'demo-network' });
  onStep({ file: relative(DEMO_DIR, proxyLog), kind: network.files[0]!.format, records: network.records, flagged: network.matched, skipped: network.skipped });
}
