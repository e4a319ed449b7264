import type { ManifestResult, ParsedDependency } from '../types.js';
import { ManifestParseError, dedupe, dep } from '../util.js';

function unquoteGo(s: string): string {
  return s.startsWith('"') || s.startsWith('`') ? s.slice(1, -1) : s;
}

/** go.mod: `require` single-line and block forms; `// indirect` → direct:false; replace/exclude/retract ignored. */
export function parseGoMod(path: string, content: string): ManifestResult {
  const deps: ParsedDependency[] = [];
  const lines = content.split(/\r?\n/);
  let block: string | undefined;
  let sawModule = false;
  const addRequire = (spec: string, comment: string, lineNo: number): void => {
    const parts = spec.trim().split(/\s+/);
    if (parts.length < 2) throw new ManifestParseError(`invalid require at line ${lineNo}: ${spec.trim()}`);
    deps.push(dep('go', path, unquoteGo(parts[0]!), parts[1], !/\bindirect\b/.test(comment)));
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const ci = raw.indexOf('//');
    const code = (ci >= 0 ? raw.slice(0, ci) : raw).trim();
    const comment = ci >= 0 ? raw.slice(ci + 2) : '';
    if (!code) continue;
    if (block) {
      if (code === ')') {
        block = undefined;
        continue;
      }
      if (block === 'require') addRequire(code, comment, i + 1);
      continue;
    }
    const m = /^(\w+)\s*(.*)$/.exec(code);
    if (!m) throw new ManifestParseError(`unexpected go.mod syntax at line ${i + 1}: ${code.slice(0, 80)}`);
    const [, verb, rest] = m as unknown as [string, string, string];
    if (verb === 'module') sawModule = true;
    if (rest === '(') {
      block = verb;
      continue;
    }
    if (verb === 'require') addRequire(rest, comment, i + 1);
  }
  if (!sawModule && deps.length === 0 && content.trim() !== '') {
    throw new ManifestParseError('no module directive found');
  }
  return { dependencies: dedupe(deps) };
}
