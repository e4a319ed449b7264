import type { ManifestResult, ParsedDependency } from '../types.js';
import { ManifestParseError, asArray, dedupe, dep, isRecord } from '../util.js';
import { parseXml, text, type XmlNode } from './xml.js';

function resolveProps(value: string | undefined, props: Map<string, string>): string | undefined {
  if (!value) return value;
  let out = value;
  for (let depth = 0; depth < 5 && out.includes('${'); depth++) {
    out = out.replace(/\$\{([^}]+)\}/g, (whole, key: string) => props.get(key) ?? whole);
  }
  return out;
}

function scopeGroup(scope: string | undefined): string | undefined {
  switch (scope) {
    case 'test':
      return 'test';
    case 'provided':
      return 'provided';
    case 'system':
      return 'system';
    default:
      return undefined;
  }
}

/** pom.xml: dependencies, profiles' dependencies, dependencyManagement (group managed); ${property} resolved from <properties>. */
export function parsePom(path: string, content: string): ManifestResult {
  const doc = parseXml(content);
  const project = doc.project;
  if (!isRecord(project)) throw new ManifestParseError('pom.xml has no <project> root element');
  const props = new Map<string, string>();
  if (isRecord(project.properties)) {
    for (const [k, v] of Object.entries(project.properties)) {
      const t = text(v);
      if (t !== undefined && !k.startsWith('@_')) props.set(k, t);
    }
  }
  const projectVersion = text(project.version) ?? (isRecord(project.parent) ? text(project.parent.version) : undefined);
  if (projectVersion) {
    props.set('project.version', projectVersion);
    props.set('pom.version', projectVersion);
  }
  if (isRecord(project.parent)) {
    const pv = text(project.parent.version);
    if (pv) props.set('project.parent.version', pv);
  }
  const groupId = text(project.groupId) ?? (isRecord(project.parent) ? text(project.parent.groupId) : undefined);
  if (groupId) props.set('project.groupId', groupId);

  const deps: ParsedDependency[] = [];
  const addList = (container: unknown, managed: boolean): void => {
    if (!isRecord(container)) return;
    for (const d of asArray<XmlNode>(container.dependency)) {
      if (!isRecord(d)) continue;
      const g = resolveProps(text(d.groupId), props);
      const a = resolveProps(text(d.artifactId), props);
      if (!g || !a) continue;
      const version = resolveProps(text(d.version), props);
      const scope = text(d.scope);
      const group = managed ? 'managed' : scopeGroup(scope) ?? (text(d.optional) === 'true' ? 'optional' : undefined);
      deps.push(dep('maven', path, `${g}:${a}`, version, true, group));
    }
  };
  addList(project.dependencies, false);
  if (isRecord(project.dependencyManagement)) addList(project.dependencyManagement.dependencies, true);
  if (isRecord(project.profiles)) {
    for (const profile of asArray<XmlNode>(project.profiles.profile)) {
      if (!isRecord(profile)) continue;
      addList(profile.dependencies, false);
      if (isRecord(profile.dependencyManagement)) addList(profile.dependencyManagement.dependencies, true);
    }
  }
  return { dependencies: dedupe(deps) };
}
