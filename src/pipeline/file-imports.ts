import { z } from 'zod';
import { LAYOUT_NAMES } from '../../connectors/expenses/index.js';
import { FORMAT_NAMES } from '../../connectors/network/index.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';
import { EXPORT_READERS } from './export-files.js';
import { importExpenses } from './import-expenses.js';
import { importNetwork } from './import-network.js';
import { importObservations } from './import-observations.js';
import { seatConnectionName } from './seat-lists.js';

/**
 * Every file `unshadow import` takes, as one kind of upload each: its options (a schema with
 * the words of a form), the connection it goes into, and a call to the same importer the CLI
 * runs. The file is already on this host, at a path the server chose; nothing here lets the
 * caller name another.
 */

export const FILE_IMPORT_KINDS = ['expenses', 'entra', 'microsoft-skus', 'google-tokens', 'seats', 'network', 'intune-detected-apps', 'chrome-installed-apps'] as const;
export type FileImportKind = (typeof FILE_IMPORT_KINDS)[number];

/** One line, as an option's value: a field of a form, never a file's worth of text. */
const line = (max = 300) => z.string().trim().min(1).max(max);
const connection = (fallback: string) =>
  line(200)
    .optional()
    .describe(`The connection to import into, created on first use (default ${fallback}); an export replaces what its connection held`)
    .meta({ title: 'Connection' });
const map = (fields: string) => line(1000).optional().describe(`Name the columns yourself: header=field pairs, comma-separated; fields ${fields}`).meta({ title: 'Column names' });

const SCHEMAS = {
  expenses: z.strictObject({
    connection: connection('expenses'),
    format: z.enum(LAYOUT_NAMES as [string, ...string[]]).optional().describe('The export\'s layout, when it is not recognised by its headers').meta({ title: 'Layout' }),
    map: map('date, merchant, amount, debit, credit, currency, employee, category, memo, id'),
    currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'expected a currency code such as EUR').optional().describe('The currency of files without a currency column (default USD)').meta({ title: 'Currency' }),
    dateOrder: z.enum(['mdy', 'dmy']).optional().describe('Month-first (mdy) or day-first (dmy), for numeric dates the file cannot tell apart').meta({ title: 'Date order' }),
  }),
  entra: z.strictObject({
    connection: connection('entra'),
    tenantId: line(100).optional().describe('Your tenant id: apps your tenant owns are not third-party consents').meta({ title: 'Tenant ID' }),
  }),
  'microsoft-skus': z.strictObject({ connection: connection('microsoft-skus') }),
  'google-tokens': z.strictObject({ connection: connection('google-tokens') }),
  seats: z.strictObject({
    connection: connection('seats-<vendor> for a list of one vendor, else seats'),
    map: map('vendor, product, plan, seats, user'),
    vendor: line().optional().describe("The vendor, for a list without a vendor column (a vendor's own export rarely names itself)").meta({ title: 'Vendor' }),
    plan: line().optional().describe('The plan, for a list without a plan or product column').meta({ title: 'Plan' }),
  }),
  network: z.strictObject({
    connection: connection('network'),
    format: z.enum(FORMAT_NAMES as [string, ...string[]]).optional().describe('The log format, when it is not recognised by its content').meta({ title: 'Format' }),
    map: map('the generic format\'s fields (host, time, user, device, bytes, action, …)'),
  }),
  'intune-detected-apps': z.strictObject({ connection: connection('intune-detected-apps') }),
  'chrome-installed-apps': z.strictObject({ connection: connection('chrome-installed-apps') }),
} satisfies Record<FileImportKind, z.ZodObject>;

export type FileImportOptions = { connection?: string; format?: string; map?: string; currency?: string; dateOrder?: 'mdy' | 'dmy'; tenantId?: string; vendor?: string; plan?: string };

export interface FileImportSpec {
  label: string;
  description: string;
  /** For a file input's accept attribute; empty for any file. */
  accept: string;
  /** The kind of connection the file goes into (an existing one of this kind can be chosen). */
  connectionKind: string;
  /** The connection it goes into when none is named; undefined where the file decides (a seat list's vendor). */
  defaultConnection?: string;
  schema: z.ZodObject;
}

/** What each kind is, for a person choosing one. */
export const FILE_IMPORTS: Record<FileImportKind, FileImportSpec> = {
  expenses: {
    label: 'Card or expense export',
    description: 'A CSV from Ramp, Brex, Expensify, SAP Concur, Navan, Chase, Amex or any card statement with a date, merchant and amount',
    accept: '.csv,.txt,text/csv',
    connectionKind: 'expenses',
    defaultConnection: 'expenses',
    schema: SCHEMAS.expenses,
  },
  entra: {
    label: 'Entra ID consents',
    description: '{"servicePrincipals": [...], "oauth2PermissionGrants": [...], "appRoleAssignments": [...]} as Microsoft Graph returns them',
    accept: '.json,application/json',
    connectionKind: 'microsoft365-export',
    defaultConnection: 'entra',
    schema: SCHEMAS.entra,
  },
  'microsoft-skus': { label: 'Microsoft licences', description: 'The /subscribedSkus response of Microsoft Graph', accept: '.json,application/json', connectionKind: 'microsoft365-export', defaultConnection: 'microsoft-skus', schema: SCHEMAS['microsoft-skus'] },
  'google-tokens': {
    label: 'Google Workspace OAuth tokens',
    description: 'A JSON array of Directory API token resources with userKey, or the CSV of GAM print tokens',
    accept: '.json,.csv,application/json,text/csv',
    connectionKind: 'google-workspace-export',
    defaultConnection: 'google-tokens',
    schema: SCHEMAS['google-tokens'],
  },
  seats: {
    label: "An AI vendor's seat list",
    description: "The member export of a ChatGPT, Claude or Cursor workspace, or a reseller's licence report (CSV or JSON)",
    accept: '.csv,.json,.txt,text/csv,application/json',
    connectionKind: 'seats-export',
    schema: SCHEMAS.seats,
  },
  network: {
    label: 'Proxy, DNS or firewall log',
    description: 'Zscaler, Netskope, Palo Alto, Cisco Umbrella, Cloudflare Gateway, Squid, W3C or any CSV/JSON log; plain, gzip or zstd',
    accept: '',
    connectionKind: 'network',
    defaultConnection: 'network',
    schema: SCHEMAS.network,
  },
  'intune-detected-apps': {
    label: 'Apps Intune found on devices',
    description: 'The deviceManagement/detectedApps response of Microsoft Graph, with managedDevices expanded to know who has them',
    accept: '.json,application/json',
    connectionKind: 'microsoft365-export',
    defaultConnection: 'intune-detected-apps',
    schema: SCHEMAS['intune-detected-apps'],
  },
  'chrome-installed-apps': {
    label: 'Chrome apps and extensions',
    description: 'The Chrome Management reports:countInstalledApps response of your Google Workspace',
    accept: '.json,application/json',
    connectionKind: 'google-workspace-export',
    defaultConnection: 'chrome-installed-apps',
    schema: SCHEMAS['chrome-installed-apps'],
  },
};

/** A record the import could not read: where (a line, when the file has lines) and why. */
export interface ImportProblem {
  line?: number;
  at?: string;
  message: string;
}

/** The same summary for every kind: what the console lists, beside the importer's own result. */
export interface FileImportResult {
  kind: FileImportKind;
  connection: string;
  scanId: string;
  /** Rows, records or lines read. */
  records: number;
  /** Of them, the AI-related ones kept as evidence. */
  flagged: number;
  skipped: number;
  systemsNew: number;
  problems: ImportProblem[];
  /** What the importer reports beyond that (the expense layout, the log format, the vendors of a seat list). */
  details: Record<string, unknown>;
}

const lineOf = (at: string | undefined): number | undefined => {
  const found = at ? /^line (\d+)$/.exec(at) : null;
  return found ? Number(found[1]) : undefined;
};

function problemFrom(problem: { at?: string; message: string }): ImportProblem {
  const line = lineOf(problem.at);
  return line === undefined ? problem : { line, message: problem.message };
}

/**
 * Imports one file with the importer its kind names, as `unshadow import <kind>` does: in one
 * transaction, with its bad records listed and the rest kept.
 */
export async function importFile(database: Pick<Database, 'db'>, matcher: Matcher, kind: FileImportKind, path: string, options: FileImportOptions, log?: Logger): Promise<FileImportResult> {
  const logged = log ? { log } : {};
  switch (kind) {
    case 'expenses': {
      const { connection = 'expenses', ...read } = options;
      const result = await importExpenses(database, matcher, path, { ...read, connection, ...logged });
      return {
        kind, connection, scanId: result.scanId, records: result.rows, flagged: result.flagged, skipped: result.skipped, systemsNew: result.systemsNew,
        problems: result.problems.map((problem) => ({ line: problem.line, message: problem.reason })),
        details: { layout: result.layout, aggregated: result.aggregated, ...(result.assumedCurrency ? { assumedCurrency: result.assumedCurrency } : {}) },
      };
    }
    case 'network': {
      const { connection = 'network', format, map } = options;
      const result = await importNetwork(database, matcher, [path], { connection, ...(format ? { format } : {}), ...(map ? { map } : {}), ...logged });
      const [file] = result.files;
      return {
        kind, connection, scanId: result.scanId, records: result.lines, flagged: result.matched, skipped: result.skipped, systemsNew: result.systemsNew,
        problems: result.problems.map((problem) => ({ ...(problem.line ? { line: problem.line } : {}), message: problem.reason })),
        details: { format: file?.format, compression: file?.compression, aggregated: result.aggregated, blocked: result.blocked, rematchedHosts: result.rematchedHosts },
      };
    }
    case 'seats': {
      // Every option is recorded, empty when not given, so a later scan reads the file the same way.
      const readOptions = { map: options.map ?? '', vendor: options.vendor ?? '', plan: options.plan ?? '' };
      const input = EXPORT_READERS.seats.read(path, options);
      const vendors = [...new Set(input.observations.flatMap((observation) => (observation.kind === 'licence' && observation.attributes.vendor ? [observation.attributes.vendor] : [])))];
      const connection = options.connection ?? seatConnectionName(vendors);
      const result = await importObservations(database, matcher, { ...input, connection, file: path, format: 'seats', readOptions }, logged);
      return { kind, connection, scanId: result.scanId, records: result.records, flagged: result.flagged, skipped: result.problems.length, systemsNew: result.systemsNew, problems: result.problems.map(problemFrom), details: { vendors } };
    }
    default: {
      const connection = options.connection ?? kind;
      const tenantId = kind === 'entra' ? options.tenantId : undefined;
      const input = EXPORT_READERS[kind].read(path, tenantId ? { tenantId } : {});
      const result = await importObservations(database, matcher, { ...input, connection, file: path, format: kind, ...(tenantId ? { tenantId } : {}) }, logged);
      return { kind, connection, scanId: result.scanId, records: result.records, flagged: result.flagged, skipped: result.problems.length, systemsNew: result.systemsNew, problems: result.problems.map(problemFrom), details: {} };
    }
  }
}
