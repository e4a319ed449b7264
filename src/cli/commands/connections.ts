import { OperationError, UserError } from '../../domain/errors.js';
import { addConnection, findConnection, listConnections, updateConnection } from '../../inventory/connections.js';
import { listScans } from '../../inventory/scans.js';
import { prepareConnection, prepareConnectionChange } from '../../scan/connection-input.js';
import { optionsFromWords } from '../../scan/connection-options.js';
import { testConnection } from '../../scan/connection-test.js';
import { removeConnectionAndUploads } from '../../scan/uploads.js';
import { describeSecrets } from '../../secrets/index.js';
import { withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

/** How a failed check is named in the Result column. */
const PROBLEM_WORDS: Record<string, string> = {
  credential: 'credential refused',
  permission: 'permission missing',
  not_found: 'not found',
  invalid_request: 'refused as invalid',
  unreachable: 'unreachable',
  unavailable: 'source failing',
  malformed: 'unexpected answer',
  configuration: 'not configured',
};

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

export async function add(kind: string, name: string, given: Record<string, unknown>): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const row = await addConnection(db, { name, ...(await prepareConnection(kind, given, config)) });
    process.stdout.write(`Added ${kind} connection '${row.name}' (${row.id}). Check it with \`unshadow connections test ${row.name}\`.\n`);
  });
}

/** `args` are the option pairs after the name, as typed (`--page-size 500`). */
export async function set(name: string, args: string[], flags: { note?: string }): Promise<void> {
  const given = parseOptionPairs(args);
  await withDatabase(async ({ db }, config) => {
    const row = await findConnection(db, name);
    const change = await prepareConnectionChange(row, optionsFromWords(row.kind, given), config);
    await updateConnection(db, row.id, change, { actor: config.actor, ...(flags.note ? { reason: flags.note } : {}) });
    process.stdout.write(`Changed connection '${row.name}': ${change.changes.map((c) => c.field).join(', ')}. Check it with \`unshadow connections test ${row.name}\`.\n`);
  });
}

export async function list(flags: { json?: boolean }): Promise<void> {
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
}

export async function show(name: string): Promise<void> {
  await withDatabase(async ({ db }) => {
    const row = await findConnection(db, name);
    printJson({ id: row.id, name: row.name, kind: row.kind, options: row.config, secrets: describeSecrets(row.secrets), createdAt: row.createdAt });
  });
}

export async function test(name: string): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const row = await findConnection(db, name);
    const checks = await testConnection(db, row, config);
    process.stdout.write(`${table(['Check', 'Result', 'Detail', 'Fix'], checks.map((c) => [c.name, c.ok ? 'ok' : (PROBLEM_WORDS[c.problem ?? 'unavailable'] ?? 'failed'), c.detail ?? '', c.fix ?? '']))}\n`);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) throw new OperationError(`connection '${row.name}' failed ${failed.length} of ${checks.length} check(s): ${failed.map((c) => c.name).join(', ')}`, failed[0]!.fix);
  });
}

export async function remove(name: string): Promise<void> {
  await withDatabase(async ({ db }, config) => {
    const row = await findConnection(db, name);
    await removeConnectionAndUploads(db, row, config.home);
    process.stdout.write(`Removed connection '${row.name}'.\n`);
  });
}
