import { Redis } from 'ioredis';
import { redactUrl } from '../db/client.js';

/**
 * A Redis connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ's workers need to
 * ride out a Redis restart (commands wait for the reconnect instead of failing); ioredis
 * reconnects with a capped backoff on its own.
 */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  // Connection errors are retried by ioredis; logging them is the caller's choice.
  redis.on('error', () => {});
  return redis;
}

export const describeRedis = (url: string) => redactUrl(url);
