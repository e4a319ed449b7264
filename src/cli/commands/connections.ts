import type { Command } from 'commander';
import { OperationError, UserError } from '../../domain/errors.js';
import { addConnection, findConnection, listConnections, removeConnection } from '../../inventory/connections.js';
import { listScans } from '../../inventory/scans.js';
import { CONNECTION_KINDS, prepareConnection } from '../../scan/connection-input.js';
import { connectorFor, runtimeFor } from '../../scan/stages.js';
import { describeSecrets } from '../../secrets/index.js';
import { withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

/** `--page-size 500 --url x` → { pageSize: '500', url: 'x' }. */
function parseOptionPairs(args: string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UserError(`unexpected argument '${arg}'`, 'Options are written --name value.');
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UserError(`option --${flag} needs a value`);
    options[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return options;
}


export function registerConnections(program: Command): void {
  const command = program.command('connections').description('configured sources: SaaS tenants, organisations, expense files');
  command
    .command('add <connector>')
    .description(`add a connection: ${CONNECTION_KINDS.join(', ')}; secrets as env:VAR or file:PATH (or encrypted with UNSHADOW_SECRET_KEY)`)
    .requiredOption('--name <name>', 'a name to refer to it by')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (kind: string, flags: { name: string }, cmd: Command) => {
      const given = parseOptionPairs(cmd.args.slice(1));
      await withDatabase(async ({ db }, config) => {
        const row = await addConnection(db, { name: flags.name, ...(await prepareConnection(kind, given, config)) });
        process.stdout.write(`Added ${kind} connection '${row.name}' (${row.id}). Check it with \`unshadow connections test ${row.name}\`.\n`);
      });
    });
  command
    .command('list')
    .option('--json', 'print JSON')
    .description('list the connections and their last scan')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const rows = await listConnections(db);
        const last = new Map((await listScans(db, { limit: 1000 })).map((s) => [s.scan.connectionId, s.scan] as const).reverse());
        if (flags.json) {
          printJson(rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.createdAt, lastScan: last.get(r.id) ? { id: last.get(r.id)!.id, status: last.get(r.id)!.status, startedAt: last.get(r.id)!.startedAt } : null })));
          return;
        }
        if (rows.length === 0) process.stdout.write('No connections yet. Add one with `unshadow connections add <connector> --name <name> …`.\n');
        else process.stdout.write(`${table(['Name', 'Kind', 'Created', 'Last scan'], rows.map((r) => [r.name, r.kind, r.createdAt.toISOString().slice(0, 10), last.get(r.id) ? `${last.get(r.id)!.status} ${last.get(r.id)!.startedAt.toISOString().slice(0, 16).replace('T', ' ')}` : '—']))}\n`);
      });
    });
  command
    .command('show <name>')
    .description('one connection: options and how its secrets are stored (never their values)')
    .action(async (name: string) => {
      await withDatabase(async ({ db }) => {
        const row = await findConnection(db, name);
        printJson({ id: row.id, name: row.name, kind: row.kind, options: row.config, secrets: describeSecrets(row.secrets), createdAt: row.createdAt });
      });
    });
  command
    .command('test <name>')
    .description('check the credentials and every permission the connection needs')
    .action(async (name: string) => {
      await withDatabase(async ({ db }, config) => {
        const row = await findConnection(db, name);
        if (row.kind === 'expenses') {
          process.stdout.write(`expenses connection '${row.name}' reads ${String(row.config.file)}; import it with \`unshadow scan run ${row.name}\`.\n`);
          return;
        }
        const checks = await connectorFor(row.kind).test(runtimeFor(row, config));
        process.stdout.write(`${table(['Check', 'Result', 'Detail'], checks.map((c) => [c.name, c.ok ? 'ok' : 'MISSING', c.detail ?? '']))}\n`);
        const missing = checks.filter((c) => !c.ok);
        if (missing.length > 0) throw new OperationError(`connection '${row.name}' is missing: ${missing.map((c) => c.name).join(', ')}`, 'Grant these and run the test again.');
      });
    });
  command
    .command('remove <name>')
    .description('remove a connection with its scans, schedules and observations')
    .action(async (name: string) => {
      await withDatabase(async ({ db }) => {
        const row = await findConnection(db, name);
        await removeConnection(db, row.id);
        process.stdout.write(`Removed connection '${row.name}'.\n`);
      });
    });
}
