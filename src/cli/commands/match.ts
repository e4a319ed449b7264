import { createInterface } from 'node:readline';
import { loadCatalog } from '../../catalog/load.js';
import { loadConfig } from '../../config/index.js';
import { UserError } from '../../domain/errors.js';
import type { MatchResult } from '../../domain/match.js';
import { type MatchInput, matchInputSchemas, OBSERVATION_KINDS, type ObservationKind } from '../../domain/observation.js';
import { ecosystemSchema } from '../../domain/taxonomy.js';
import { compileMatcher, type Matcher } from '../../matcher/index.js';
import { categoryLabel } from '../output.js';

/** The attribute a bare command-line value stands for, per kind. */
const VALUE_FIELD: Record<ObservationKind, string> = {
  expense: 'merchant',
  oauth_grant: 'appName',
  licence: 'skuName',
  dependency: 'name',
  app_install: 'slug',
  repo_artefact: 'path',
  network: 'host',
  browser_extension: 'extensionId',
  endpoint_app: 'name',
};

function parseInput(kind: ObservationKind, raw: unknown): MatchInput | { error: string } {
  const result = matchInputSchemas[kind].safeParse(raw);
  if (!result.success) {
    return { error: result.error.issues.map((issue) => `${issue.path.join('.') || kind}: ${issue.message}`).join('; ') };
  }
  return { kind, attributes: result.data } as MatchInput;
}

function describe(value: string, result: MatchResult): string {
  if (!result.match) return `'${value}': not AI — no catalog entry or AI signal matches.`;
  const m = result.match;
  const what = m.catalogId ? `${m.product} (${m.vendor}), ${categoryLabel(m.category)}` : `possible AI — unknown vendor (${m.vendor})`;
  return [`'${value}': ${what}`, `  catalog id  ${m.catalogId ?? '—'}`, `  confidence  ${Math.round(m.confidence * 100)}%${result.flagged ? '' : ' (below the flag threshold)'}`, ...m.reasons.map((r) => `  why         ${r}`)].join('\n');
}

/** JSON lines in, one JSON line out per input line, in order; a bad line gets an `error` and the rest go on. */
async function matchStream(matcher: Matcher, kind: ObservationKind): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let bad = 0;
  let lineNumber = 0;
  let out = '';
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const input = parsed === undefined ? { error: 'not valid JSON' } : parseInput(kind, parsed);
    if ('error' in input) {
      bad++;
      process.stderr.write(`line ${lineNumber}: ${input.error}\n`);
      out += `${JSON.stringify({ flagged: false, match: null, error: input.error })}\n`;
    } else out += `${JSON.stringify(matcher.match(input))}\n`;
    if (out.length > 1 << 16) {
      if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      out = '';
    }
  }
  process.stdout.write(out);
  return bad;
}

export interface MatchFlags {
  kind: string;
  ecosystem: string;
  json?: boolean;
}

export async function match(value: string | undefined, flags: MatchFlags): Promise<void> {
  if (!(OBSERVATION_KINDS as string[]).includes(flags.kind)) {
    throw new UserError(`unknown kind '${flags.kind}'`, `Kinds: ${OBSERVATION_KINDS.join(', ')}.`);
  }
  const kind = flags.kind as ObservationKind;
  const config = loadConfig();
  const matcher = compileMatcher(loadCatalog(config.catalogPath ? { extraPath: config.catalogPath } : {}));
  if (value === undefined) {
    const bad = await matchStream(matcher, kind);
    if (bad > 0) process.stderr.write(`${bad} input line(s) could not be read; each got an "error" in its output line.\n`);
    return;
  }
  const attributes: Record<string, unknown> = { [VALUE_FIELD[kind]]: value };
  if (kind === 'dependency') {
    const ecosystem = ecosystemSchema.safeParse(flags.ecosystem);
    if (!ecosystem.success) throw new UserError(`unknown ecosystem '${flags.ecosystem}'`, `Ecosystems: ${ecosystemSchema.options.join(', ')}.`);
    attributes.ecosystem = ecosystem.data;
  }
  const input = parseInput(kind, attributes);
  if ('error' in input) throw new UserError(input.error);
  const result = matcher.match(input);
  process.stdout.write(`${flags.json ? JSON.stringify(result) : describe(value, result)}\n`);
}
