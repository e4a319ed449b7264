import { viaChains } from '../graph.js';
import type { ManifestResult, ParsedDependency } from '../types.js';
import { ManifestParseError, dedupe, dep, dirname, isRecord, joinRelative, parseJson, parseTomlDocument, str } from '../util.js';

const NAME_RE = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

export interface Pep508 {
  name: string;
  version?: string;
  extras?: string[];
  marker?: string;
}

/** Parse one PEP 508 requirement string (name, extras, specifier, marker). URL references keep no version. */
export function parsePep508(input: string): Pep508 | undefined {
  let s = input.trim();
  if (!s) return undefined;
  let marker: string | undefined;
  const semi = s.indexOf(';');
  if (semi >= 0) {
    marker = s.slice(semi + 1).trim();
    s = s.slice(0, semi).trim();
  }
  const m = NAME_RE.exec(s);
  if (!m) return undefined;
  const name = m[1]!;
  const extras = m[2]?.split(',').map((e) => e.trim()).filter(Boolean);
  let rest = (m[3] ?? '').trim();
  if (rest.startsWith('@')) rest = ''; // direct URL reference: name @ https://...
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest && !/^(===|==|~=|!=|<=|>=|<|>)/.test(rest)) return undefined;
  const out: Pep508 = { name };
  if (rest) out.version = rest.replace(/\s+/g, '');
  if (extras?.length) out.extras = extras;
  if (marker) out.marker = marker;
  return out;
}

function eggName(s: string): string | undefined {
  const m = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m?.[1];
}

const SKIP_OPTIONS = new Set([
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--no-index', '--pre',
  '--no-binary', '--only-binary', '--prefer-binary', '--require-hashes', '--use-feature', '-c', '--constraint',
  '-Z', '--always-unzip', '--config-settings', '--global-option', '--install-option',
]);

/** PEP 503 name, for matching `# via` entries to the requirements they name. */
const canonical = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * requirements*.txt / requirements/*.txt / pip-tools *.in. Output of `pip-compile` or `uv pip
 * compile` pins every package and says under each, in `# via` comments, what required it: a
 * requirements file (`-r requirements.in`) or the project (`name (pyproject.toml)`) for what the
 * project declares, other packages for the rest. When a file has those comments, a package only
 * other packages require is not direct, and gets the chain that brought it in; without them every
 * requirement is the project's own.
 */
export function parseRequirementsTxt(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  /** `# via` entries under each pinned requirement, by PEP 503 name. */
  const via = new Map<string, string[]>();
  let last: string | undefined;
  let inVia = false;
  const includes: string[] = [];
  const dir = dirname(path);
  const rawLines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  // join "\" continuations, remembering the first physical line of each logical line
  const logical: { text: string; line: number }[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    const start = i + 1;
    let text = rawLines[i]!;
    while (/\\\s*$/.test(text) && i + 1 < rawLines.length) {
      text = text.replace(/\\\s*$/, ' ') + rawLines[++i]!;
    }
    logical.push({ text, line: start });
  }
  for (const { text } of logical) {
    const comment = /^\s*#(.*)$/.exec(text);
    if (comment) {
      const body = comment[1]!;
      const opens = /^\s*via\b\s*(.*)$/.exec(body);
      if (opens && last) {
        inVia = true;
        const list = via.get(last) ?? [];
        via.set(last, list);
        list.push(...opens[1]!.split(',').map((e) => e.trim()).filter(Boolean));
      } else if (inVia && last && /^\s{2,}\S/.test(body)) {
        via.get(last)!.push(body.trim());
      } else {
        inVia = false;
      }
      continue;
    }
    inVia = false;
    last = undefined;
    // comments: '#' at line start or after whitespace (URL fragments like #egg= are kept)
    const line = text.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    if (line.startsWith('-')) {
      const m = /^(-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+)(\S+)/.exec(line);
      if (m) {
        const [, opt, arg] = m as unknown as [string, string, string];
        if (opt === '-r' || opt === '--requirement') {
          if (!/^[a-z]+:\/\//i.test(arg)) includes.push(joinRelative(dir, arg));
        } else if (opt === '-e' || opt === '--editable') {
          const egg = eggName(arg);
          if (egg) deps.push(dep('pypi', path, egg, undefined, true));
        }
        continue;
      }
      const opt = line.split(/[\s=]/)[0]!;
      if (SKIP_OPTIONS.has(opt) || opt.startsWith('--')) continue;
      continue;
    }
    // strip per-requirement options such as --hash=sha256:...
    const req = line.replace(/\s+--?[A-Za-z][\w-]*(?:[=\s]\S+)?/g, '').trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(req) || req.startsWith('git+') || req.startsWith('file:')) {
      const egg = eggName(req);
      if (egg) deps.push(dep('pypi', path, egg, undefined, true));
      continue;
    }
    if (req.startsWith('.') || req.startsWith('/') || /\.(whl|tar\.gz|zip)$/.test(req)) {
      const egg = eggName(req);
      if (egg) deps.push(dep('pypi', path, egg, undefined, true));
      continue;
    }
    const parsed = parsePep508(req);
    if (parsed) {
      deps.push(dep('pypi', path, parsed.name, parsed.version, true));
      last = canonical(parsed.name);
    }
  }
  if (via.size > 0) markTransitive(deps, via);
  const result: ManifestResult = { dependencies: dedupe(deps) };
  if (includes.length) result.includes = [...new Set(includes)];
  return result;
}


/**
 * Requirements whose `# via` names only other packages are not direct; each gets a shortest
 * chain from a direct requirement. Declared means named by a requirements file (`-r x.in`) or a
 * project file (`name (pyproject.toml)`); `-c` constraint files say nothing either way.
 */
function markTransitive(deps: ParsedDependency[], via: Map<string, string[]>): void {
  const parents = new Map<string, string[]>();
  const declared = new Set<string>();
  for (const d of deps) {
    const key = canonical(d.name);
    const entries = via.get(key);
    const names = (entries ?? []).filter((e) => !e.startsWith('-') && !e.includes('(') && /^[A-Za-z0-9]/.test(e)).map((e) => canonical(e.split(/[\s[]/)[0]!));
    const byFile = (entries ?? []).some((e) => /^(-r|--requirement)\b/.test(e) || e.includes('('));
    if (!entries || byFile || names.length === 0) declared.add(key);
    else parents.set(key, names);
  }
  const children = new Map<string, string[]>();
  for (const [child, list] of parents) for (const parent of list) children.set(parent, [...(children.get(parent) ?? []), child]);
  const display = new Map(deps.map((d) => [canonical(d.name), d.name]));
  const chains = viaChains(declared, (id) => children.get(id), (id) => display.get(id) ?? id);
  for (const d of deps) {
    const key = canonical(d.name);
    if (declared.has(key)) continue;
    d.direct = false;
    const chain = chains.get(key);
    if (chain) d.via = chain;
  }
}

function pushPep508List(deps: ParsedDependency[], path: string, list: unknown, group?: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const s = str(item);
    if (!s) continue; // e.g. { include-group = "x" }
    const parsed = parsePep508(s);
    if (parsed) deps.push(dep('pypi', path, parsed.name, parsed.version, true, group));
  }
}

function poetryVersion(spec: unknown): string | undefined {
  if (typeof spec === 'string') return spec;
  if (isRecord(spec)) {
    if (str(spec.version)) return str(spec.version);
    if (str(spec.git)) return `git+${String(spec.git)}`;
    if (str(spec.url)) return str(spec.url);
    if (str(spec.path)) return str(spec.path);
    return undefined;
  }
  if (Array.isArray(spec)) return poetryVersion(spec[0]);
  return undefined;
}

function pushPoetryTable(deps: ParsedDependency[], path: string, table: unknown, group?: string): void {
  if (!isRecord(table)) return;
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue;
    const optional = isRecord(spec) && spec.optional === true;
    deps.push(dep('pypi', path, name, poetryVersion(spec), true, group ?? (optional ? 'optional' : undefined)));
  }
}

/** pyproject.toml: PEP 621, PEP 735 dependency groups, Poetry (groups and legacy dev), PDM and uv dev deps. */
export function parsePyproject(path: string, content: string): ManifestResult {
  const doc = parseTomlDocument(content);
  const deps: ParsedDependency[] = [];
  const project = doc.project;
  if (isRecord(project)) {
    pushPep508List(deps, path, project.dependencies);
    if (isRecord(project['optional-dependencies'])) {
      for (const [group, list] of Object.entries(project['optional-dependencies'])) pushPep508List(deps, path, list, group);
    }
  }
  if (isRecord(doc['dependency-groups'])) {
    for (const [group, list] of Object.entries(doc['dependency-groups'])) pushPep508List(deps, path, list, group);
  }
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = tool.poetry;
  if (isRecord(poetry)) {
    pushPoetryTable(deps, path, poetry.dependencies);
    pushPoetryTable(deps, path, poetry['dev-dependencies'], 'dev');
    if (isRecord(poetry.group)) {
      for (const [group, body] of Object.entries(poetry.group)) {
        if (isRecord(body)) pushPoetryTable(deps, path, body.dependencies, group);
      }
    }
  }
  if (isRecord(tool.uv)) pushPep508List(deps, path, tool.uv['dev-dependencies'], 'dev');
  if (isRecord(tool.pdm) && isRecord(tool.pdm['dev-dependencies'])) {
    for (const [group, list] of Object.entries(tool.pdm['dev-dependencies'])) pushPep508List(deps, path, list, group);
  }
  // Hatch environments: what the project's tests and scripts install (a Haystack integration's
  // tests run the model library it wraps, e.g. openai-whisper, only from there).
  if (isRecord(tool.hatch) && isRecord(tool.hatch.envs)) {
    for (const [env, body] of Object.entries(tool.hatch.envs)) {
      if (!isRecord(body)) continue;
      pushPep508List(deps, path, body.dependencies, `hatch:${env}`);
      pushPep508List(deps, path, body['extra-dependencies'], `hatch:${env}`);
    }
  }
  return { dependencies: dedupe(deps) };
}

/** Pipfile (TOML): [packages] and [dev-packages]. */
export function parsePipfile(path: string, content: string): ManifestResult {
  const doc = parseTomlDocument(content);
  const deps: ParsedDependency[] = [];
  for (const [section, group] of [['packages', undefined], ['dev-packages', 'dev']] as const) {
    const table = doc[section];
    if (!isRecord(table)) continue;
    for (const [name, spec] of Object.entries(table)) {
      deps.push(dep('pypi', path, name, poetryVersion(spec), true, group));
    }
  }
  return { dependencies: dedupe(deps) };
}

/** Pipfile.lock (JSON): default and develop; includes transitive packages, so direct is false. */
export function parsePipfileLock(path: string, content: string): ManifestResult {
  const json = parseJson(content);
  if (!isRecord(json)) throw new ManifestParseError('Pipfile.lock is not a JSON object');
  const deps: ParsedDependency[] = [];
  for (const [section, group] of [['default', undefined], ['develop', 'dev']] as const) {
    const table = json[section];
    if (!isRecord(table)) continue;
    for (const [name, spec] of Object.entries(table)) {
      const version = isRecord(spec) ? str(spec.version)?.replace(/^==/, '') : undefined;
      deps.push(dep('pypi', path, name, version, false, group));
    }
  }
  return { dependencies: dedupe(deps) };
}

/** Minimal INI reader for setup.cfg: sections → keys → raw (multi-line) values. */
function parseIni(content: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of content.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = new Map();
      sections.set(header[1]!.trim(), section);
      key = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s+\S/.test(raw) && key) {
      section.set(key, `${section.get(key) ?? ''}\n${raw.trim()}`);
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv) {
      key = kv[1]!.trim();
      section.set(key, kv[2]!.trim());
    } else if (raw.trim() === '') {
      // blank lines may appear inside dangling lists; keep the key
    }
  }
  return sections;
}

const MARKER_WORDS = /\b(python_version|python_full_version|sys_platform|platform_\w+|os_name|implementation_\w+|extra)\b/;

function requirementList(value: string): string[] {
  const lines = value.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);
  if (lines.length === 1 && lines[0]!.includes(';')) {
    const parts = lines[0]!.split(';').map((p) => p.trim());
    if (!parts.slice(1).some((p) => MARKER_WORDS.test(p))) return parts.filter(Boolean);
  }
  return lines;
}

/** setup.cfg: [options] install_requires and [options.extras_require]. */
export function parseSetupCfg(path: string, content: string): ManifestResult {
  const ini = parseIni(content);
  const deps: ParsedDependency[] = [];
  const add = (value: string | undefined, group?: string): void => {
    if (!value || value.startsWith('file:')) return;
    for (const r of requirementList(value)) {
      const parsed = parsePep508(r);
      if (parsed) deps.push(dep('pypi', path, parsed.name, parsed.version, true, group));
    }
  };
  const options = ini.get('options');
  add(options?.get('install_requires'));
  add(options?.get('tests_require'), 'test');
  const extras = ini.get('options.extras_require');
  if (extras) for (const [group, value] of extras) add(value, group);
  return { dependencies: dedupe(deps) };
}

function stringLiterals(src: string): string[] {
  const out: string[] = [];
  const re = /(?:[rbuRBU]{0,2})("""|'''|"|')((?:\\.|(?!\1)[^\\\n])*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) out.push(m[2]!);
  return out;
}

/** Find the bracketed body after `start` (list or dict), tolerant of nesting; undefined when unbalanced. */
function bracketBody(src: string, start: number, open: string, close: string): string | undefined {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return src.slice(start + 1, i);
    }
  }
  return undefined;
}

/** setup.py, best effort and never executed: string literals of install_requires / extras_require / tests_require. */
export function parseSetupPy(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  const src = content.replace(/^\s*#.*$/gm, '');
  const listFor = (kw: string): string[] | undefined => {
    const m = new RegExp(`\\b${kw}\\s*=\\s*(\\[|\\(|[A-Za-z_][A-Za-z0-9_]*)`).exec(src);
    if (!m) return undefined;
    if (m[1] === '[' || m[1] === '(') {
      const body = bracketBody(src, m.index + m[0].length - 1, m[1], m[1] === '[' ? ']' : ')');
      return body === undefined ? undefined : stringLiterals(body);
    }
    // install_requires=REQUIREMENTS → REQUIREMENTS = [...]
    const v = new RegExp(`^${m[1]}\\s*=\\s*\\[`, 'm').exec(src);
    if (!v) return undefined;
    const body = bracketBody(src, v.index + v[0].length - 1, '[', ']');
    return body === undefined ? undefined : stringLiterals(body);
  };
  const add = (list: string[] | undefined, group?: string): void => {
    for (const r of list ?? []) {
      const parsed = parsePep508(r);
      if (parsed) deps.push(dep('pypi', path, parsed.name, parsed.version, true, group));
    }
  };
  add(listFor('install_requires'));
  add(listFor('tests_require'), 'test');
  const ex = /\bextras_require\s*=\s*\{/.exec(src);
  if (ex) {
    const body = bracketBody(src, ex.index + ex[0].length - 1, '{', '}') ?? '';
    const entry = /(["'])([^"']+)\1\s*:\s*\[/g;
    let m: RegExpExecArray | null;
    while ((m = entry.exec(body))) {
      const list = bracketBody(body, m.index + m[0].length - 1, '[', ']');
      if (list !== undefined) add(stringLiterals(list), m[2]);
    }
  }
  return { dependencies: dedupe(deps) };
}
