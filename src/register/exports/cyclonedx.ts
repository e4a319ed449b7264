/**
 * `unshadow export cyclonedx`: a CycloneDX 1.6 bill of materials of the AI services and
 * components the organisation uses, for GRC tools.
 *
 * - AI SaaS in use (licence, OAuth grant, app install, expense evidence — or no code evidence at
 *   all) → `services`, with the vendor as `provider` and the data categories it touches as `data`.
 * - SDKs found in code (`sources.dependency > 0`) → `components` of type `library`; the
 *   `ml_framework` category → `framework`. A product seen both ways gives both, and the component
 *   depends on the service.
 * - `bom-ref`s are stable: `unshadow:<catalogId or id>` (a component that has a service twin gets
 *   the suffix `/sdk`; a second entry with the same catalog id gets `:<id>`).
 * - The serial number, when not given, is derived from a sha-256 of the sorted entry ids and
 *   formatted as an RFC 4122 version-5-style UUID, so the same inventory gives the same serial.
 *
 * Pure: no I/O, no clock (the timestamp is an input), no randomness.
 */
import { createHash } from 'node:crypto';

import { CATEGORY_LABELS } from '../../domain/taxonomy.js';
import type { RegisterExportEntry } from './register.js';

export interface CycloneDxOptions {
  /** The organisation whose AI estate the BOM describes (metadata.component). */
  organisation: string;
  /** ISO 8601 date-time with a zone, e.g. `2025-06-01T12:00:00Z`. */
  timestamp: string;
  /** `urn:uuid:<uuid>` or a bare UUID; derived from the entry ids when absent. */
  serialNumber?: string;
  /** unshadow's version for metadata.tools; left out when not given. */
  toolVersion?: string;
}

export interface CdxProperty {
  name: string;
  value: string;
}
export interface CdxServiceData {
  flow: 'inbound' | 'outbound' | 'bi-directional' | 'unknown';
  classification: string;
}
export interface CdxService {
  'bom-ref': string;
  provider: { name: string };
  name: string;
  description?: string;
  'x-trust-boundary': boolean;
  data?: CdxServiceData[];
  properties: CdxProperty[];
}
export interface CdxComponent {
  type: 'application' | 'framework' | 'library';
  'bom-ref'?: string;
  manufacturer?: { name: string };
  name: string;
  version?: string;
  description?: string;
  properties?: CdxProperty[];
}
export interface CdxDependency {
  ref: string;
  dependsOn: string[];
}
export interface CycloneDxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  serialNumber: string;
  version: 1;
  metadata: {
    timestamp: string;
    lifecycles: { phase: 'operations' }[];
    tools: { components: CdxComponent[] };
    component: CdxComponent;
  };
  components: CdxComponent[];
  services: CdxService[];
  dependencies: CdxDependency[];
}

export const ORGANISATION_BOM_REF = 'unshadow-organisation';
const SERVICE_EVIDENCE = ['licence', 'oauth_grant', 'app_install', 'expense'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `urn:uuid:` + a version-5-style UUID from a sha-256 of the sorted ids (RFC 4122 variant bits). */
export function deterministicSerialNumber(ids: readonly string[]): string {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = createHash('sha256').update(`unshadow-bom\n${sorted.join('\n')}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function serialNumberFrom(given: string | undefined, ids: readonly string[]): string {
  if (given === undefined) return deterministicSerialNumber(ids);
  const lower = given.trim().toLowerCase();
  if (UUID.test(lower)) return `urn:uuid:${lower}`;
  if (lower.startsWith('urn:uuid:') && UUID.test(lower.slice('urn:uuid:'.length))) return lower;
  throw new Error(`serialNumber must be a UUID or urn:uuid:<UUID>, got "${given}"`);
}

function label(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

function properties(entry: RegisterExportEntry): CdxProperty[] {
  const out: CdxProperty[] = [
    { name: 'unshadow:id', value: entry.id },
    { name: 'unshadow:category', value: entry.category },
    { name: 'unshadow:status', value: entry.status },
  ];
  if (entry.catalogId) out.push({ name: 'unshadow:catalogId', value: entry.catalogId });
  if (entry.riskTier) out.push({ name: 'unshadow:riskTier', value: entry.riskTier });
  if (entry.exposure) out.push({ name: 'unshadow:exposure', value: entry.exposure });
  if (entry.roles && entry.roles.length > 0) out.push({ name: 'unshadow:roles', value: entry.roles.join(',') });
  if (entry.suggestedRoles && entry.suggestedRoles.length > 0) {
    out.push({ name: 'unshadow:suggestedRoles', value: entry.suggestedRoles.join(',') });
  }
  if (entry.useContext?.domain) out.push({ name: 'unshadow:domain', value: entry.useContext.domain });
  if (entry.useContext?.owner) out.push({ name: 'unshadow:owner', value: entry.useContext.owner });
  out.push({ name: 'unshadow:users', value: String(entry.users) });
  for (const kind of Object.keys(entry.sources ?? {}).sort()) {
    const n = entry.sources[kind] ?? 0;
    if (n > 0) out.push({ name: `unshadow:evidence:${kind}`, value: String(n) });
  }
  return out;
}

function serviceData(entry: RegisterExportEntry): CdxServiceData[] {
  const categories = [...new Set(entry.useContext?.dataCategories ?? [])];
  if (categories.length === 0 && entry.hints?.processesPersonalData) categories.push('personal');
  // Prompts and files go to the service and its outputs come back: both directions.
  return categories.map((classification) => ({ flow: 'bi-directional', classification }));
}

/** The CycloneDX 1.6 BOM of the register entries (a plain JSON-serialisable object). */
export function toCycloneDx(entries: readonly RegisterExportEntry[], options: CycloneDxOptions): CycloneDxBom {
  const sorted = [...entries].sort((a, b) => {
    const ka = a.catalogId ?? a.id;
    const kb = b.catalogId ?? b.id;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const usedRefs = new Set<string>([ORGANISATION_BOM_REF]);
  const services: CdxService[] = [];
  const components: CdxComponent[] = [];
  const dependencies: CdxDependency[] = [];

  for (const entry of sorted) {
    let base = `unshadow:${entry.catalogId ?? entry.id}`;
    if (usedRefs.has(base) || usedRefs.has(`${base}/sdk`)) base = `${base}:${entry.id}`;
    const sources = entry.sources ?? {};
    const isComponent = (sources.dependency ?? 0) > 0 || entry.category === 'ml_framework';
    const isService = SERVICE_EVIDENCE.some((kind) => (sources[kind] ?? 0) > 0) || !isComponent;
    const description = entry.useContext?.purpose ?? label(entry.category);
    const props = properties(entry);

    if (isService) {
      const data = serviceData(entry);
      services.push({
        'bom-ref': base,
        provider: { name: entry.vendor },
        name: entry.product,
        description,
        'x-trust-boundary': true,
        ...(data.length > 0 ? { data } : {}),
        properties: props,
      });
      usedRefs.add(base);
    }
    if (isComponent) {
      const ref = isService ? `${base}/sdk` : base;
      components.push({
        type: entry.category === 'ml_framework' ? 'framework' : 'library',
        'bom-ref': ref,
        manufacturer: { name: entry.vendor },
        name: entry.product,
        description,
        properties: props,
      });
      usedRefs.add(ref);
      if (isService) dependencies.push({ ref, dependsOn: [base] });
    }
  }

  const topLevel = [...components.map((c) => c['bom-ref']!), ...services.map((s) => s['bom-ref'])].sort();
  const tool: CdxComponent = { type: 'application', name: 'unshadow', ...(options.toolVersion ? { version: options.toolVersion } : {}) };

  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumberFrom(options.serialNumber, entries.map((e) => e.id)),
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      lifecycles: [{ phase: 'operations' }],
      tools: { components: [tool] },
      component: {
        type: 'application',
        'bom-ref': ORGANISATION_BOM_REF,
        name: options.organisation,
        description: `AI systems in use at ${options.organisation} (unshadow AI inventory)`,
      },
    },
    components,
    services,
    dependencies: [{ ref: ORGANISATION_BOM_REF, dependsOn: topLevel }, ...dependencies],
  };
}
