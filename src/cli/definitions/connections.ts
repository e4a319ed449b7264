import type { Command } from 'commander';

const actions = () => import('../commands/connections.js');

/**
 * `connections add <kind>` takes each connector's options, read from the schemas that validate
 * them, which means loading the connectors: done only when `add` is what runs (or its help).
 */
export async function defineConnections(connections: Command, operands: string[]): Promise<void> {
  const add = connections.command('add').description('add a connection; `unshadow connections add --help` lists the kinds, `unshadow connections add <kind> --help` the options of one');
  if (operands[0] === 'add' || (operands[0] === 'help' && operands[1] === 'add')) (await import('./connection-kinds.js')).defineConnectionKinds(add);
  connections
    .command('set <name>')
    .description('change a connection in place: options and secrets (`connections add <kind> --help` lists them); audited')
    .option('--note <text>', 'why: recorded with the change in the audit trail')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (name: string, flags: { note?: string }, command: Command) => (await actions()).set(name, command.args.slice(1), flags));
  connections
    .command('list')
    .option('--json', 'print JSON')
    .description('list the connections and their last scan')
    .action(async (flags: { json?: boolean }) => (await actions()).list(flags));
  connections
    .command('show <name>')
    .description('one connection: options and how its secrets are stored (never their values)')
    .action(async (name: string) => (await actions()).show(name));
  connections
    .command('test <name>')
    .description('check the credentials and every permission the connection needs')
    .action(async (name: string) => (await actions()).test(name));
  connections
    .command('remove <name>')
    .description('remove a connection with its scans, schedules and observations')
    .action(async (name: string) => (await actions()).remove(name));
}
