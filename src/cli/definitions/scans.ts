import type { Command } from 'commander';
import { CATEGORIES } from '../../domain/taxonomy.js';
import type { ScanRepoFlags } from '../commands/scan-repo.js';

const actions = () => import('../commands/scans.js');

export function defineScan(scan: Command): void {
  scan
    .command('repo <path>')
    .description('scan a checkout for AI dependencies and AI tool files; no database needed (for CI pipelines)')
    .option('--json', 'print {repo, dependencies: [...every dependency with its match or null], artefacts, errors}')
    .option('--fail-on <category|any>', `exit 1 when an AI dependency of this category is found: any, ${CATEGORIES.join(', ')}`)
    .option('--save', 'also store the findings in the inventory (a repo-scan connection named after the folder)')
    .option('--connection <name>', 'with --save: the connection to store them under')
    .action(async (path: string, flags: ScanRepoFlags) => (await import('../commands/scan-repo.js')).scanRepo(path, flags));
  scan
    .command('run <connection>')
    .description('scan a connection now (in this process without REDIS_URL; on the workers with it)')
    .option('--wait', 'with REDIS_URL: wait for the scan to finish, showing progress')
    .option('--json', 'print the finished scan as JSON')
    .action(async (name: string, flags: { wait?: boolean; json?: boolean }) => (await actions()).run(name, flags));
}

export function defineScans(scans: Command): void {
  scans
    .command('list')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection?: string; json?: boolean }) => (await actions()).list(flags));
  scans
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => (await actions()).show(id, flags));
}
