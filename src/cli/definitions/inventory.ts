import { type Command, Option } from 'commander';
import { OBSERVATION_KINDS } from '../../domain/observation.js';
import { AI_SYSTEM_STATUSES } from '../../domain/register.js';
import type { ListFlags } from '../commands/inventory.js';

const actions = () => import('../commands/inventory.js');

export function defineInventory(inventory: Command): void {
  inventory
    .command('list')
    .description('list the AI systems in the inventory')
    .addOption(new Option('--status <status>', 'only systems in this review status').choices([...AI_SYSTEM_STATUSES]))
    .addOption(new Option('--source <kind>', 'only systems with evidence of this kind').choices(OBSERVATION_KINDS))
    .option('--json', 'print a JSON array (see the README for its fields)')
    .action(async (flags: ListFlags) => (await actions()).list(flags));
  inventory
    .command('show <id>')
    .description('one AI system with its evidence: records, users, spend per month, first and last seen')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => (await actions()).show(id, flags));
  inventory
    .command('history <id>')
    .description('the audit trail of one AI system: who changed what, when and why')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => (await actions()).history(id, flags));
}
