import type { DependencyAttributes } from '../../src/domain/observation.js';

/**
 * The dependency graph's SPDX 2.3 SBOM (GET /repos/{o}/{r}/dependency-graph/sbom) → dependencies.
 * Each package's purl (externalRefs[referenceType=purl]) gives ecosystem and name; the
 * repository's own package (the one the document DESCRIBES, or a pkg:github purl) is skipped.
 */

type Ecosystem = DependencyAttributes['ecosystem'];

const PURL_TYPES: Record<string, Ecosystem> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'go',
  maven: 'maven',
  nuget: 'nuget',
  gem: 'rubygems',
  cargo: 'cargo',
};

export interface Purl {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
}

/** pkg:type/namespace/name@version?qualifiers#subpath → ecosystem and name, or null. */
export function parsePurl(purl: string): Purl | null {
  const match = /^pkg:([a-z0-9.+-]+)\/([^@?#]+)(?:@([^?#]*))?/i.exec(purl.trim());
  if (!match) return null;
  const ecosystem = PURL_TYPES[match[1]!.toLowerCase()];
  if (!ecosystem) return null;
  const segments = match[2]!.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (segments.length === 0) return null;
  let name: string;
  if (ecosystem === 'maven') name = segments.length >= 2 ? `${segments.slice(0, -1).join('.')}:${segments.at(-1)}` : segments[0]!;
  else if (ecosystem === 'pypi') name = segments.join('/').toLowerCase().replace(/[-_.]+/g, '-');
  else name = segments.join('/');
  let version: string | undefined;
  if (match[3]) {
    try {
      version = decodeURIComponent(match[3]);
    } catch {
      version = match[3];
    }
  }
  return { ecosystem, name, ...(version ? { version } : {}) };
}

interface SpdxPackage {
  SPDXID?: string;
  name?: string;
  versionInfo?: string;
  externalRefs?: { referenceType?: string; referenceLocator?: string }[];
}
export interface SbomResponse {
  sbom?: {
    name?: string;
    packages?: SpdxPackage[];
    relationships?: { relationshipType?: string; spdxElementId?: string; relatedSpdxElement?: string }[];
  };
}

/** The dependencies of one SBOM, once per ecosystem and name (the first version seen). */
export function dependenciesFromSbom(body: SbomResponse): Purl[] {
  const sbom = body.sbom ?? {};
  const roots = new Set((sbom.relationships ?? []).filter((r) => r.relationshipType === 'DESCRIBES' && r.relatedSpdxElement).map((r) => r.relatedSpdxElement!));
  const seen = new Map<string, Purl>();
  for (const pkg of sbom.packages ?? []) {
    if (pkg.SPDXID && roots.has(pkg.SPDXID)) continue;
    const locator = pkg.externalRefs?.find((ref) => ref.referenceType === 'purl')?.referenceLocator;
    if (!locator) continue;
    const purl = parsePurl(locator);
    if (!purl) continue; // pkg:github (the repository), pkg:githubactions, unknown ecosystems
    if (!purl.version && pkg.versionInfo) purl.version = pkg.versionInfo;
    const key = `${purl.ecosystem}:${purl.name}`;
    if (!seen.has(key)) seen.set(key, purl);
  }
  return [...seen.values()];
}
