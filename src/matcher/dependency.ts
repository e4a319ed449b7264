import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import type { Ecosystem } from '../domain/taxonomy.js';
import { normalisePackage, packageFamilies } from './normalise.js';
import { label, matched, NO_MATCH } from './result.js';

export type DependencyMatcher = (input: MatchInputOf<'dependency'>) => MatchResult;

/** Where a package name can be cut to find its family: after -, /, . by ecosystem. */
const FAMILY_SEPARATORS: Partial<Record<Ecosystem, string>> = { npm: '-', pypi: '-', nuget: '.', go: '/' };

/**
 * Packages: exact names as each registry compares them (PEP 503, npm scopes, Go module paths
 * without /vN, Maven group:artifact), then families of a catalog package (`@langchain/openai`,
 * `llama-index-llms-openai`, `Microsoft.SemanticKernel.Connectors.OpenAI`) at a lower
 * confidence. `notAi` packages (openapi-typescript, aiohttp) are never matched.
 */
export function compileDependencyMatcher(catalog: Catalog): DependencyMatcher {
  const exact = new Map<string, CatalogEntry | null>();
  const families = new Map<string, { entry: CatalogEntry; package: string }>();
  for (const entry of catalog.entries) {
    for (const [ecosystem, names] of Object.entries(entry.fingerprints.packages) as [Ecosystem, string[]][]) {
      for (const name of names) {
        const normalised = normalisePackage(ecosystem, name);
        exact.set(`${ecosystem}:${normalised}`, entry);
        for (const family of packageFamilies(ecosystem, normalised)) {
          if (!families.has(`${ecosystem}:${family}`)) families.set(`${ecosystem}:${family}`, { entry, package: name });
        }
      }
    }
  }
  for (const suppression of catalog.notAi) {
    for (const [ecosystem, names] of Object.entries(suppression.packages) as [Ecosystem, string[]][]) {
      for (const name of names) exact.set(`${ecosystem}:${normalisePackage(ecosystem, name)}`, null);
    }
  }

  return (dependency) => {
    const ecosystem = dependency.ecosystem;
    const name = normalisePackage(ecosystem, dependency.name);
    const found = exact.get(`${ecosystem}:${name}`);
    if (found === null) return NO_MATCH;
    if (found) return matched(found, 0.99, [`${ecosystem} package '${dependency.name.trim()}' is an SDK of ${label(found)}`]);
    // Longest family first: "llama-index-llms-" before "llama-".
    const scope = ecosystem === 'npm' ? /^(@[^/]+\/)/.exec(name)?.[1] : undefined;
    const separator = FAMILY_SEPARATORS[ecosystem];
    const candidates: string[] = [];
    if (separator && !scope) {
      for (let at = name.lastIndexOf(separator); at > 0; at = name.lastIndexOf(separator, at - 1)) candidates.push(name.slice(0, at + 1));
    }
    if (scope) candidates.push(scope);
    for (const candidate of candidates) {
      const family = families.get(`${ecosystem}:${candidate}`);
      if (family) {
        return matched(family.entry, 0.85, [
          `${ecosystem} package '${dependency.name.trim()}' belongs to the '${candidate}' family of '${family.package}', an SDK of ${label(family.entry)}`,
        ]);
      }
    }
    return NO_MATCH;
  };
}
