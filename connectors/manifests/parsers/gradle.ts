import type { ManifestResult, ParsedDependency } from '../types.js';
import { dedupe, dep, isRecord, parseTomlDocument, str } from '../util.js';

const CONFIG = String.raw`(?:implementation|api|compile|compileOnly|compileOnlyApi|runtimeOnly|runtime|annotationProcessor|kapt|ksp|classpath|developmentOnly|testFixturesImplementation|testFixturesApi|[a-z][A-Za-z0-9]*(?:Implementation|Api|CompileOnly|RuntimeOnly|AnnotationProcessor|Compile|Runtime))`;

/** Remove // and /* *\/ comments without touching "https://" inside strings. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < src.length) {
    const c = src[i]!;
    if (quote) {
      out += c;
      if (c === '\\') {
        out += src[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      out += c;
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const skipped = src.slice(i, end < 0 ? src.length : end + 2);
      out += skipped.replace(/[^\n]/g, ''); // keep line numbers
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function groupFor(config: string, platform: boolean): string | undefined {
  if (/^test|Test/.test(config) || /^androidTest/.test(config)) return 'test';
  if (config === 'classpath') return 'buildscript';
  if (platform) return 'platform';
  return undefined;
}

/** build.gradle / build.gradle.kts: string and map notations, platform()/enforcedPlatform() BOMs; simple val/def version variables resolved. */
export function parseGradle(path: string, content: string): ManifestResult {
  const src = stripComments(content);
  const vars = new Map<string, string>();
  const varRe = /(?:\b(?:val|var|def|const\s+val)\s+|\bext\.|^\s*|set\(\s*)["']?([A-Za-z_][A-Za-z0-9_.]*)["']?\s*(?:=|,)\s*["']([^"'$\n]+)["']/gm;
  let vm: RegExpExecArray | null;
  while ((vm = varRe.exec(src))) vars.set(vm[1]!, vm[2]!);
  const resolve = (v: string | undefined): string | undefined =>
    v?.replace(/\$\{?([A-Za-z_][A-Za-z0-9_.]*)\}?/g, (whole, key: string) => {
      const k = key.replace(/^(project\.|rootProject\.|ext\.|extra\.)+/, '');
      return vars.get(key) ?? vars.get(k) ?? whole;
    });

  // A group or artifact built from a variable this file does not set (xgboost4j${xgbGpu}_2.12,
  // whose suffix a build option picks) is read without it: the artifact it varies.
  const coordinate = (group: string, artifact: string): string | undefined => {
    const [g, a] = [group, artifact].map((part) => resolve(part)!.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ''));
    return g && a ? `${g}:${a}` : undefined;
  };
  const deps: ParsedDependency[] = [];
  // string notation: implementation("g:a:v"), implementation 'g:a:v', api(platform("g:a:v"))
  const stringRe = new RegExp(
    String.raw`\b(${CONFIG})\s*\(?\s*(?:(platform|enforcedPlatform)\s*\(\s*)?(?:kotlin\s*\(\s*)?["']([^"'\s:]+):([^"'\s:]+)(?::([^"'\s@]+))?(?:@[^"']*)?["']`,
    'g',
  );
  let m: RegExpExecArray | null;
  while ((m = stringRe.exec(src))) {
    const [, config, platform, g, a, v] = m as unknown as [string, string, string | undefined, string, string, string | undefined];
    const name = coordinate(g, a);
    if (name) deps.push(dep('maven', path, name, resolve(v), true, groupFor(config, Boolean(platform))));
  }
  // map notation: implementation group: 'g', name: 'a', version: 'v' / implementation(group = "g", name = "a", version = "v")
  const mapRe = new RegExp(
    String.raw`\b(${CONFIG})\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?`,
    'g',
  );
  while ((m = mapRe.exec(src))) {
    const [, config, g, a, v] = m as unknown as [string, string, string, string, string | undefined];
    const name = coordinate(g, a);
    if (name) deps.push(dep('maven', path, name, resolve(v), true, groupFor(config, false)));
  }
  return { dependencies: dedupe(deps) };
}

/** gradle/libs.versions.toml (version catalog): [libraries] with module/group+name and version or version.ref. */
export function parseVersionCatalog(path: string, content: string): ManifestResult {
  const doc = parseTomlDocument(content);
  const versions = isRecord(doc.versions) ? doc.versions : {};
  const versionOf = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (isRecord(v)) {
      if (str(v.ref)) return versionOf(versions[String(v.ref)]);
      return str(v.strictly) ?? str(v.require) ?? str(v.prefer);
    }
    return undefined;
  };
  const deps: ParsedDependency[] = [];
  const libraries = isRecord(doc.libraries) ? doc.libraries : {};
  for (const spec of Object.values(libraries)) {
    if (typeof spec === 'string') {
      const [g, a, v] = spec.split(':');
      if (g && a) deps.push(dep('maven', path, `${g}:${a}`, v, true));
      continue;
    }
    if (!isRecord(spec)) continue;
    let coord: string | undefined;
    if (str(spec.module)) coord = str(spec.module);
    else if (str(spec.group) && str(spec.name)) coord = `${str(spec.group)}:${str(spec.name)}`;
    if (!coord) continue;
    const version = versionOf(spec.version) ?? (str(spec['version.ref']) ? versionOf(versions[String(spec['version.ref'])]) : undefined);
    deps.push(dep('maven', path, coord, version, true));
  }
  return { dependencies: dedupe(deps) };
}
