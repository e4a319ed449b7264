import { Command, CommanderError } from 'commander';
import { OperationError, UserError } from '../domain/errors.js';
import { VERSION } from '../version.js';
import { terminalSafe } from './terminal.js';

/** Adds a top-level command's arguments, options, subcommands and actions; `operands` follow its name on the command line. */
type Define = (command: Command, operands: string[]) => void | Promise<void>;

interface TopLevelCommand {
  name: string;
  summary: string;
  define: () => Promise<Define>;
  /** Every action reads or changes a few rows and exits (withDatabase): the database opens brief. */
  brief?: true;
}

/**
 * Every top-level command. Its name and summary are here; the rest of it is in
 * src/cli/definitions, loaded only for the command being run, and each action's implementation
 * is in src/cli/commands, loaded only when the action runs. So `unshadow --help` loads none of
 * them and `unshadow inventory list` none of the others' libraries (drizzle, PGlite, BullMQ,
 * the connectors), which is what lets a command answer at once.
 */
export const COMMANDS: TopLevelCommand[] = [
  { name: 'demo', summary: 'discover the AI tools of a bundled sample organisation, in a fresh embedded database', define: async () => (await import('./definitions/demo.js')).defineDemo },
  { name: 'import', summary: 'import records exported from a source', define: async () => (await import('./definitions/import.js')).defineImport },
  { name: 'inventory', summary: 'the AI inventory: every AI system found, with its evidence', define: async () => (await import('./definitions/inventory.js')).defineInventory, brief: true },
  {
    name: 'match',
    summary: 'match records against the catalog: JSON lines of attributes on stdin, one JSON line out per input; or one value to see why',
    define: async () => (await import('./definitions/match.js')).defineMatch,
  },
  { name: 'catalog', summary: 'the fingerprint catalog of AI products', define: async () => (await import('./definitions/catalog.js')).defineCatalog },
  { name: 'connections', summary: 'configured sources: SaaS tenants, organisations, expense files', define: async () => (await import('./definitions/connections.js')).defineConnections, brief: true },
  { name: 'scan', summary: 'run scans', define: async () => (await import('./definitions/scans.js')).defineScan },
  { name: 'scans', summary: 'past and running scans', define: async () => (await import('./definitions/scans.js')).defineScans },
  { name: 'schedule', summary: 'recurring scans', define: async () => (await import('./definitions/schedule.js')).defineSchedule, brief: true },
  {
    name: 'worker',
    summary: 'process scan, match and inventory jobs from Redis (REDIS_URL); run as many as you like, on as many machines',
    define: async () => (await import('./definitions/worker.js')).defineWorker,
  },
  { name: 'status', summary: 'queue depths, active and failed jobs, workers seen, the last scan of each connection', define: async () => (await import('./definitions/worker.js')).defineStatus },
  {
    name: 'serve',
    summary: 'the web console and HTTP API, and the schedules and alerts (a worker of every queue with REDIS_URL)',
    define: async () => (await import('./definitions/serve.js')).defineServe,
  },
  { name: 'tokens', summary: 'API tokens for integrations and for signing in to the console', define: async () => (await import('./definitions/access.js')).defineTokens, brief: true },
  { name: 'users', summary: 'local console users (passwords hashed with scrypt)', define: async () => (await import('./definitions/access.js')).defineUsers, brief: true },
  {
    name: 'review',
    summary:
      'record a review decision on one or more AI systems (ids or first 8 characters; several: the same decision on each, all or nothing); with one id and no options, show its suggestions and ISO 42001 requirements; `review queue` lists what awaits review',
    define: async () => (await import('./definitions/review.js')).defineReview,
  },
  {
    name: 'vendor',
    summary: "record a vendor's due diligence (ISO/IEC 42001 Annex A.10.3); `unshadow vendors list` shows where each vendor stands",
    define: async () => (await import('./definitions/review.js')).defineVendor,
  },
  {
    name: 'export',
    summary: 'the documents an ISO/IEC 42001 audit asks for: register, statement of applicability, scope, incident log, and a CycloneDX bill of materials',
    define: async () => (await import('./definitions/export.js')).defineExport,
  },
  {
    name: 'organisation',
    summary: 'the organisation and its AI management system: clause 4.1 and 4.2 context, 4.3 scope, document owner',
    define: async () => (await import('./definitions/governance.js')).defineOrganisation,
  },
  {
    name: 'controls',
    summary: 'how each ISO/IEC 42001 Annex A control is implemented: status, owner, evidence, review dates',
    define: async () => (await import('./definitions/governance.js')).defineControls,
  },
  {
    name: 'vendors',
    summary: 'the vendors of the AI systems in the inventory and their due diligence (A.10.3); record it with `unshadow vendor <name>`',
    define: async () => (await import('./definitions/governance.js')).defineVendors,
  },
  {
    name: 'incidents',
    summary: 'AI incidents (clause 10.2): harmful, biased or wrong output, data exposure, misuse',
    define: async () => (await import('./definitions/governance.js')).defineIncidents,
  },
  { name: 'documents', summary: 'the audit documents, their versions and approvals', define: async () => (await import('./definitions/governance.js')).defineDocuments },
  { name: 'alerts', summary: 'alert security teams about new AI apps, risky grants and widening use', define: async () => (await import('./definitions/alerts.js')).defineAlerts },
  { name: 'db', summary: 'database maintenance', define: async () => (await import('./definitions/db.js')).defineDb },
];

/**
 * The top-level command the arguments name, with the operands after it (`help <command>` names
 * one too). Top-level options take no values, so the first operand is the command.
 */
function namedCommand(args: string[]): { name: string; operands: string[] } | undefined {
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const [first, second] = operands;
  if (first === 'help' && second) return { name: second, operands: operands.slice(2) };
  return first ? { name: first, operands: operands.slice(1) } : undefined;
}

/**
 * Exit codes (a contract for scripts): 0 success, 1 the operation failed, 2 usage or
 * configuration error. User errors print one message and a hint, never a stack trace.
 */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('unshadow')
    .description('Discover the AI tools your organisation uses, including shadow AI, and keep them in an ISO/IEC 42001 AI inventory.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = namedCommand(argv.slice(2));
  for (const { name, summary, define } of COMMANDS) {
    const command = program.command(name).description(summary);
    if (named?.name === name) await (await define())(command, named.operands);
  }
  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
  }
  if (error instanceof UserError || error instanceof OperationError) {
    process.stderr.write(terminalSafe(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`));
    return error instanceof UserError ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(terminalSafe(`error: ${message}\n`));
  if (process.env.UNSHADOW_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else process.stderr.write('This looks like a bug in unshadow; run again with UNSHADOW_DEBUG=1 for details and report it.\n');
  return 1;
}

/**
 * With the embedded database, Postgres's WebAssembly takes V8 a while to compile, on other
 * threads: a brief command starts that before it loads the rest of itself, not after. Not for
 * help, and not when DATABASE_URL names a server (then nothing compiles).
 */
function compileEmbeddedEngineEarly(argv: string[]): void {
  const named = namedCommand(argv.slice(2));
  const command = COMMANDS.find((candidate) => candidate.name === named?.name);
  if (!command?.brief || process.env.DATABASE_URL || argv.some((arg) => arg === '--help' || arg === '-h' || arg === 'help')) return;
  void import('../db/pglite-engine.js').then(({ pgliteEngine }) => pgliteEngine(true));
}

export async function main(argv: string[]): Promise<number> {
  compileEmbeddedEngineEarly(argv);
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    // A command that finished but has something to report (a failed scan, a --fail-on gate) sets it.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return report(error);
  }
}
