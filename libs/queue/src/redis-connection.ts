import { AppConfig } from '@app/config';
import IORedis, { RedisOptions } from 'ioredis';

/**
 * Connections for BullMQ. Producers and probes give up after one reconnection attempt (the outbox
 * keeps the job; health says down); workers wait for Redis with `maxRetriesPerRequest: null`, as
 * BullMQ requires.
 */
export function createRedis(config: AppConfig, role: 'producer' | 'worker' | 'probe'): IORedis {
  const base: RedisOptions = {
    connectionName: `tierwatch-${role}`,
    lazyConnect: false,
  };
  const options: RedisOptions =
    role === 'worker'
      ? { ...base, maxRetriesPerRequest: null }
      : {
          ...base,
          maxRetriesPerRequest: 1,
          // Commands wait for the (re)connection; callers bound the wait with their own timeouts.
          enableOfflineQueue: true,
          connectTimeout: 2000,
          commandTimeout: 5000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        };
  return new IORedis(config.redisUrl, options);
}
