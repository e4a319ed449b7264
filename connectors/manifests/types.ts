import type { Ecosystem } from '../../src/domain/taxonomy.js';

export type { Ecosystem };

/** One dependency declared (or locked) in a manifest. Names are kept as written. */
export interface ParsedDependency {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  /** Repo-relative path of the manifest the dependency was read from. */
  manifest: string;
  /** true when declared by the project itself; false for transitive / indirect / unknown. */
  direct: boolean;
  /** e.g. 'dev', 'optional', 'peer', a Poetry group, 'test', 'managed', 'central'. */
  group?: string;
  /**
   * Lockfiles only, for a transitive dependency: the package names from a direct dependency
   * down to the one that requires it (a shortest such chain). Absent when unknown.
   */
  via?: string[];
}

export interface ManifestResult {
  dependencies: ParsedDependency[];
  /** Other manifest paths this one refers to (e.g. `-r other.txt`), relative to the repo root. */
  includes?: string[];
  /** Set when the file could not be parsed; never thrown. */
  error?: string;
}

export type ManifestKind =
  | 'package.json'
  | 'package-lock.json'
  | 'pnpm-lock.yaml'
  | 'yarn.lock'
  | 'bun.lock'
  | 'requirements.txt'
  | 'pyproject.toml'
  | 'Pipfile'
  | 'Pipfile.lock'
  | 'setup.cfg'
  | 'setup.py'
  | 'go.mod'
  | 'pom.xml'
  | 'build.gradle'
  | 'libs.versions.toml'
  | 'csproj'
  | 'packages.config'
  | 'Directory.Packages.props'
  | 'Gemfile'
  | 'Gemfile.lock'
  | 'gemspec'
  | 'Cargo.toml'
  | 'Cargo.lock'
  | 'poetry.lock'
  | 'uv.lock'
  | 'go.sum'
  | 'packages.lock.json';

export type ArtefactKind = 'assistant_config' | 'mcp_config';

export interface RepoArtefact {
  type: 'assistant_config' | 'mcp_server';
  /** The tool (for assistant configs) or the server key (for MCP servers). */
  name: string;
  path: string;
  command?: string;
}

export interface ArtefactResult {
  artefacts: RepoArtefact[];
  error?: string;
}
