/** A raw BullMQ worker that does nothing: the baseline of the pipeline benchmark. */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [redisUrl, prefix, queue, concurrency] = process.argv.slice(2);
const worker = new Worker(queue!, async () => null, {
  connection: new Redis(redisUrl!, { maxRetriesPerRequest: null }),
  prefix: prefix!,
  concurrency: Number(concurrency),
});
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
await worker.waitUntilReady();
process.stderr.write('noop worker: ready\n');
