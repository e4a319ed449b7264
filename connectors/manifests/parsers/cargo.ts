import type { ManifestResult, ParsedDependency } from '../types.js';
import { dedupe, dep, isRecord, parseTomlDocument, str } from '../util.js';

const SECTIONS: [string, string | undefined][] = [
  ['dependencies', undefined],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
];

function pushTable(deps: ParsedDependency[], path: string, table: unknown, group: string | undefined): void {
  if (!isRecord(table)) return;
  for (const [key, spec] of Object.entries(table)) {
    if (typeof spec === 'string') {
      deps.push(dep('cargo', path, key, spec, true, group));
      continue;
    }
    if (!isRecord(spec)) continue;
    const name = str(spec.package) ?? key;
    const version =
      str(spec.version) ??
      (str(spec.git) ? `git+${String(spec.git)}` : undefined) ??
      (spec.workspace === true ? 'workspace' : undefined) ??
      (str(spec.path) ? `path:${String(spec.path)}` : undefined);
    deps.push(dep('cargo', path, name, version, true, group ?? (spec.optional === true ? 'optional' : undefined)));
  }
}

/** Cargo.toml: [dependencies], dev/build, [workspace.dependencies], [target.'cfg(..)'.*]; `package = ` renames resolved. */
export function parseCargoToml(path: string, content: string): ManifestResult {
  const doc = parseTomlDocument(content);
  const deps: ParsedDependency[] = [];
  for (const [section, group] of SECTIONS) pushTable(deps, path, doc[section], group);
  if (isRecord(doc.workspace)) pushTable(deps, path, doc.workspace.dependencies, 'workspace');
  if (isRecord(doc.target)) {
    for (const target of Object.values(doc.target)) {
      if (!isRecord(target)) continue;
      for (const [section, group] of SECTIONS) pushTable(deps, path, target[section], group);
    }
  }
  return { dependencies: dedupe(deps) };
}
