import type { Command } from 'commander';
import { OBSERVATION_KINDS } from '../../domain/observation.js';
import type { MatchFlags } from '../commands/match.js';

export function defineMatch(match: Command): void {
  match
    .argument('[value]', 'one value to match and explain (a merchant, app name, SKU name, package name, app slug or file path)')
    .requiredOption('--kind <kind>', `observation kind: ${OBSERVATION_KINDS.join(', ')}`)
    .option('--ecosystem <ecosystem>', 'for --kind dependency with a value: npm, pypi, go, maven, nuget, rubygems, cargo', 'npm')
    .option('--json', 'print the JSON result for a single value')
    .action(async (value: string | undefined, flags: MatchFlags) => (await import('../commands/match.js')).match(value, flags));
}
