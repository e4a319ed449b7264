import { readFileSync } from 'node:fs';
import { normaliseChromeInstalledApps, parseGoogleTokensExport } from '../../connectors/google-workspace/index.js';
import { normaliseDetectedApps, normaliseEntraExport, normaliseSubscribedSkus } from '../../connectors/microsoft365/index.js';
import { UserError } from '../domain/errors.js';
import { EXPORT_FORMAT_DESCRIPTIONS, EXPORT_FORMATS, type ExportFormat } from './export-file-formats.js';
import type { ImportedFile } from './import-observations.js';
import { parseSeatList, type SeatReadOptions } from './seat-lists.js';

/**
 * The offline exports unshadow reads (Entra consents, Microsoft licences, Google tokens, AI
 * vendors' seat lists, the apps Intune and Chrome found on devices), one reader each: `unshadow
 * import <format>` and a later scan of the connection it created read the file the same way.
 */

export { EXPORT_FORMATS, type ExportFormat };

/** How a file was read, recorded with its connection so that a scan reads it the same way again. */
export interface ExportReadOptions extends SeatReadOptions {
  tenantId?: string;
}

/**
 * The read options a connection recorded (see `importObservations`). An import records every
 * option, empty when not given, so that a later import without one does not inherit the last.
 */
export function readOptionsOf(config: Record<string, unknown>): ExportReadOptions {
  const options: ExportReadOptions = {};
  for (const name of ['tenantId', 'map', 'vendor', 'plan'] as const) {
    const value = config[name];
    if (typeof value === 'string' && value) options[name] = value;
  }
  return options;
}

type Read = Omit<ImportedFile, 'connection' | 'file'>;

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

export const EXPORT_READERS: Record<ExportFormat, { kind: string; description: string; read(file: string, options: ExportReadOptions): Read }> = {
  'google-tokens': {
    kind: 'google-workspace-export',
    description: EXPORT_FORMAT_DESCRIPTIONS['google-tokens'],
    read: (file) => {
      const parsed = normalise(file, () => parseGoogleTokensExport(readText(file)));
      return { kind: 'google-workspace-export', observations: parsed.observations, problems: parsed.problems.map((p) => ({ ...(p.line ? { at: `line ${p.line}` } : {}), message: p.reason })) };
    },
  },
  entra: {
    kind: 'microsoft365-export',
    description: EXPORT_FORMAT_DESCRIPTIONS.entra,
    read: (file, options) => {
      const parsed = normalise(file, () => normaliseEntraExport(readJson(file), options.tenantId));
      return { kind: 'microsoft365-export', observations: parsed.observations, problems: parsed.problems.map((message) => ({ message })) };
    },
  },
  'microsoft-skus': {
    kind: 'microsoft365-export',
    description: EXPORT_FORMAT_DESCRIPTIONS['microsoft-skus'],
    read: (file) => ({ kind: 'microsoft365-export', observations: normalise(file, () => normaliseSubscribedSkus(readJson(file))), problems: [] }),
  },
  seats: {
    kind: 'seats-export',
    description: EXPORT_FORMAT_DESCRIPTIONS.seats,
    read: (file, options) => {
      const parsed = parseSeatList(readText(file), options);
      return { kind: 'seats-export', observations: parsed.observations, problems: parsed.problems };
    },
  },
  'intune-detected-apps': {
    kind: 'microsoft365-export',
    description: EXPORT_FORMAT_DESCRIPTIONS['intune-detected-apps'],
    read: (file) => ({ kind: 'microsoft365-export', observations: normalise(file, () => normaliseDetectedApps(readJson(file))), problems: [] }),
  },
  'chrome-installed-apps': {
    kind: 'google-workspace-export',
    description: EXPORT_FORMAT_DESCRIPTIONS['chrome-installed-apps'],
    read: (file) => ({ kind: 'google-workspace-export', observations: normalise(file, () => normaliseChromeInstalledApps(readJson(file))), problems: [] }),
  },
};

/**
 * Which reader made a connection's export, for connections recorded before the format was
 * stored with them: Entra exports are an object of lists, /subscribedSkus a `value` list.
 */
export function exportFormatOf(kind: string, config: Record<string, unknown>, file: string): ExportFormat {
  const stored = config.format;
  if (typeof stored === 'string' && (EXPORT_FORMATS as readonly string[]).includes(stored)) return stored as ExportFormat;
  if (kind === 'google-workspace-export') return 'google-tokens';
  const json = readJson(file) as Record<string, unknown> | null;
  return json && typeof json === 'object' && 'servicePrincipals' in json ? 'entra' : 'microsoft-skus';
}
