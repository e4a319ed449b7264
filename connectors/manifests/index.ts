/**
 * Pure manifest and AI-artefact parsers shared by the GitHub connector and `unshadow scan repo`.
 * No I/O: callers list files, read contents, and hand them in with their repo-relative path.
 */
import type { ManifestKind, ManifestResult } from './types.js';
import { ManifestParseError, basename } from './util.js';
import { parseBunLock, parsePackageJson, parsePackageLock, parsePnpmLock, parseYarnLock } from './parsers/npm.js';
import {
  parsePipfile,
  parsePipfileLock,
  parsePyproject,
  parseRequirementsTxt,
  parseSetupCfg,
  parseSetupPy,
} from './parsers/pypi.js';
import { parseGoMod } from './parsers/go.js';
import { parsePom } from './parsers/maven.js';
import { parseGradle, parseVersionCatalog } from './parsers/gradle.js';
import { parseDirectoryPackagesProps, parsePackagesConfig, parseProjectFile } from './parsers/nuget.js';
import { parseGemfile, parseGemfileLock, parseGemspec } from './parsers/rubygems.js';
import { parseCargoToml } from './parsers/cargo.js';
import { parseCargoLock } from './parsers/cargo-lock.js';
import { parseGoSum } from './parsers/go-sum.js';
import { parseNugetLock } from './parsers/nuget-lock.js';
import { parsePoetryLock } from './parsers/poetry-lock.js';
import { parseUvLock } from './parsers/uv-lock.js';

export type * from './types.js';
export { artefactKind, parseArtefact } from './artefacts.js';
export { parsePep508 } from './parsers/pypi.js';

/** Folders whose contents are installed/vendored/generated code, not the repository's own manifests. */
const VENDORED_DIRS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.pnpm-store', '.yarn', '.next', '.nuxt',
  '.venv', 'venv', '.virtualenv', 'virtualenv', 'site-packages', 'dist-packages', '__pypackages__', '.tox', '.nox',
  '.eggs', '.mypy_cache', '.pytest_cache', 'vendor', 'Pods', '.gradle', '.m2', '.git', '.hg', '.svn', '.cache',
]);

/** True for paths inside vendored / installed dependency folders (node_modules, .venv, vendor, …) that a scan must skip. */
export function isVendoredPath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  parts.pop();
  return parts.some((p) => VENDORED_DIRS.has(p));
}

/** Which parser applies to a repo-relative path (by file name); null when none, or when the path is vendored. */
export function manifestKind(path: string): ManifestKind | null {
  if (isVendoredPath(path)) return null;
  const norm = path.replace(/\\/g, '/');
  const name = basename(norm);
  const lower = name.toLowerCase();
  const parent = basename(norm.slice(0, Math.max(0, norm.length - name.length - 1)));
  switch (name) {
    case 'package.json':
      return 'package.json';
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return 'package-lock.json';
    case 'pnpm-lock.yaml':
      return 'pnpm-lock.yaml';
    case 'yarn.lock':
      return 'yarn.lock';
    case 'bun.lock':
      return 'bun.lock';
    case 'pyproject.toml':
      return 'pyproject.toml';
    case 'Pipfile':
      return 'Pipfile';
    case 'Pipfile.lock':
      return 'Pipfile.lock';
    case 'poetry.lock':
      return 'poetry.lock';
    case 'uv.lock':
      return 'uv.lock';
    case 'setup.cfg':
      return 'setup.cfg';
    case 'setup.py':
      return 'setup.py';
    case 'go.mod':
      return 'go.mod';
    case 'go.sum':
      return 'go.sum';
    case 'pom.xml':
      return 'pom.xml';
    case 'build.gradle':
    case 'build.gradle.kts':
      return 'build.gradle';
    case 'packages.config':
      return 'packages.config';
    case 'Directory.Packages.props':
      return 'Directory.Packages.props';
    case 'packages.lock.json':
      return 'packages.lock.json';
    case 'Directory.Build.props':
      return 'csproj';
    case 'Gemfile':
    case 'gems.rb':
      return 'Gemfile';
    case 'Gemfile.lock':
    case 'gems.locked':
      return 'Gemfile.lock';
    case 'Cargo.toml':
      return 'Cargo.toml';
    case 'Cargo.lock':
      return 'Cargo.lock';
    default:
      break;
  }
  if (/\.(csproj|fsproj|vbproj)$/i.test(name)) return 'csproj';
  if (lower.endsWith('.gemspec') && lower.length > '.gemspec'.length) return 'gemspec';
  // Appraisal's gemfiles/rails_7.gemfile and its lock: the same gems against other versions.
  if (parent === 'gemfiles' && lower.endsWith('.gemfile')) return 'Gemfile';
  if (parent === 'gemfiles' && lower.endsWith('.gemfile.lock')) return 'Gemfile.lock';
  if (lower.endsWith('.versions.toml') && (parent === 'gradle' || lower === 'libs.versions.toml')) return 'libs.versions.toml';
  if (/(^|[-_.])requirements([-_.][^/]*)?\.(txt|in)$/i.test(name)) return 'requirements.txt';
  // requirements/canary/sdk/openai.txt: a requirements folder keeps its files in folders of its own.
  if (/\.(txt|in)$/i.test(name) && norm.split('/').slice(0, -1).some((folder) => folder.toLowerCase() === 'requirements')) return 'requirements.txt';
  return null;
}

const PARSERS: Record<ManifestKind, (path: string, content: string) => ManifestResult> = {
  'package.json': parsePackageJson,
  'package-lock.json': parsePackageLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'yarn.lock': parseYarnLock,
  'bun.lock': parseBunLock,
  'requirements.txt': parseRequirementsTxt,
  'pyproject.toml': parsePyproject,
  Pipfile: parsePipfile,
  'Pipfile.lock': parsePipfileLock,
  'poetry.lock': parsePoetryLock,
  'uv.lock': parseUvLock,
  'setup.cfg': parseSetupCfg,
  'setup.py': parseSetupPy,
  'go.mod': parseGoMod,
  'go.sum': parseGoSum,
  'pom.xml': parsePom,
  'build.gradle': parseGradle,
  'libs.versions.toml': parseVersionCatalog,
  csproj: parseProjectFile,
  'packages.config': parsePackagesConfig,
  'Directory.Packages.props': parseDirectoryPackagesProps,
  'packages.lock.json': parseNugetLock,
  Gemfile: parseGemfile,
  'Gemfile.lock': parseGemfileLock,
  gemspec: parseGemspec,
  'Cargo.toml': parseCargoToml,
  'Cargo.lock': parseCargoLock,
};

/** Parse one manifest; never throws — failures come back as `{ dependencies: [], error }`. */
export function parseManifest(path: string, content: string): ManifestResult {
  // vendored paths are still parsed when a caller insists; only the kind by name matters here
  const kind = manifestKind(path) ?? manifestKindIgnoringVendor(path);
  if (!kind) return { dependencies: [], error: `unsupported manifest: ${path}` };
  try {
    return PARSERS[kind](path, content);
  } catch (e) {
    const reason = e instanceof ManifestParseError ? e.message : `parser failed: ${e instanceof Error ? e.message : String(e)}`;
    return { dependencies: [], error: reason };
  } finally {
    // V8 keeps the subject of the last regular-expression match (RegExp.input); a parser's is
    // a slice of `content`, which would keep a whole lockfile alive after the caller drops it.
    /^/.exec('');
  }
}

function manifestKindIgnoringVendor(path: string): ManifestKind | null {
  return isVendoredPath(path) ? manifestKind(basename(path)) : null;
}
