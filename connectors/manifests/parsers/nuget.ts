import type { ManifestResult, ParsedDependency } from '../types.js';
import { dedupe, dep, str } from '../util.js';
import { findAll, parseXml, text } from './xml.js';

/** *.csproj / *.fsproj / *.vbproj: PackageReference (Version attribute or child element, VersionOverride). */
export function parseProjectFile(path: string, content: string): ManifestResult {
  const doc = parseXml(content);
  const deps: ParsedDependency[] = [];
  for (const ref of findAll(doc, 'PackageReference')) {
    const name = str(ref['@_Include']) ?? str(ref['@_Update']);
    if (!name) continue;
    const version = str(ref['@_Version']) ?? text(ref.Version) ?? str(ref['@_VersionOverride']) ?? text(ref.VersionOverride);
    const dev = /\ball\b/i.test(str(ref['@_PrivateAssets']) ?? text(ref.PrivateAssets) ?? '') ? 'dev' : undefined;
    deps.push(dep('nuget', path, name, version, true, dev));
  }
  for (const ref of findAll(doc, 'GlobalPackageReference')) {
    const name = str(ref['@_Include']);
    if (name) deps.push(dep('nuget', path, name, str(ref['@_Version']) ?? text(ref.Version), true, 'global'));
  }
  return { dependencies: dedupe(deps) };
}

/** packages.config: <package id version developmentDependency>. */
export function parsePackagesConfig(path: string, content: string): ManifestResult {
  const doc = parseXml(content);
  const deps: ParsedDependency[] = [];
  for (const p of findAll(doc, 'package')) {
    const name = str(p['@_id']);
    if (!name) continue;
    const dev = str(p['@_developmentDependency']) === 'true' ? 'dev' : undefined;
    deps.push(dep('nuget', path, name, str(p['@_version']), true, dev));
  }
  return { dependencies: dedupe(deps) };
}

/** Directory.Packages.props (central package management): PackageVersion → group 'central'. */
export function parseDirectoryPackagesProps(path: string, content: string): ManifestResult {
  const doc = parseXml(content);
  const deps: ParsedDependency[] = [];
  for (const p of findAll(doc, 'PackageVersion')) {
    const name = str(p['@_Include']) ?? str(p['@_Update']);
    if (!name) continue;
    deps.push(dep('nuget', path, name, str(p['@_Version']) ?? text(p.Version), true, 'central'));
  }
  for (const ref of findAll(doc, 'GlobalPackageReference')) {
    const name = str(ref['@_Include']);
    if (name) deps.push(dep('nuget', path, name, str(ref['@_Version']) ?? text(ref.Version), true, 'global'));
  }
  return { dependencies: dedupe(deps) };
}
