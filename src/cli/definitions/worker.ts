import type { Command } from 'commander';
import { QUEUE_NAMES } from '../../queue/names.js';

const actions = () => import('../commands/worker.js');

export function defineWorker(worker: Command): void {
  worker
    .option('--queues <names>', `comma-separated: ${QUEUE_NAMES.join(', ')}`, QUEUE_NAMES.join(','))
    .option('--concurrency <n>', 'jobs processed at once per queue', '4')
    .action(async (flags: { queues: string; concurrency: string }) => (await actions()).work(flags));
}

export function defineStatus(status: Command): void {
  status.option('--json', 'print JSON').action(async (flags: { json?: boolean }) => (await actions()).status(flags));
}
