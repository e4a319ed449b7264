import { Queues } from '../queue/jobs.js';
import type { Config } from '../config/index.js';
import { createRedis } from '../queue/redis.js';

/** For a command that hands work to the workers: the queues, open for `run` only. Nothing without Redis. */
export async function withQueues(config: Pick<Config, 'redisUrl' | 'queuePrefix'>, run: (queues: Queues) => Promise<void>): Promise<void> {
  if (!config.redisUrl) return;
  const redis = createRedis(config.redisUrl);
  const queues = new Queues(redis, config.queuePrefix);
  try {
    await run(queues);
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
