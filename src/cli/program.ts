import { Command, CommanderError } from 'commander';
import { OperationError, UserError } from '../domain/errors.js';
import { VERSION } from '../version.js';
import { terminalSafe } from './terminal.js';
import { registerAlerts } from './commands/alerts.js';
import { registerAccess } from './commands/access.js';
import { registerCatalog } from './commands/catalog.js';
import { registerConnections } from './commands/connections.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerGovernance } from './commands/governance.js';
import { registerImport } from './commands/import.js';
import { registerInventory } from './commands/inventory.js';
import { registerMatch } from './commands/match.js';
import { registerReview } from './commands/review.js';
import { registerScans } from './commands/scans.js';
import { registerSchedule } from './commands/schedule.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';

/**
 * Exit codes (a contract for scripts): 0 success, 1 the operation failed, 2 usage or
 * configuration error. User errors print one message and a hint, never a stack trace.
 */
export function buildProgram(): Command {
  const program = new Command('unshadow')
    .description('Discover the AI tools your organisation uses, including shadow AI, and keep them in an ISO/IEC 42001 AI inventory.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerDemo(program);
  registerImport(program);
  registerInventory(program);
  registerMatch(program);
  registerCatalog(program);
  registerConnections(program);
  registerScans(program);
  registerSchedule(program);
  registerWorker(program);
  registerServe(program);
  registerAccess(program);
  registerReview(program);
  registerExport(program);
  registerGovernance(program);
  registerAlerts(program);
  registerDb(program);
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

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command that finished but has something to report (a failed scan, a --fail-on gate) sets it.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return report(error);
  }
}

