import { AppConfig } from '@app/config';
import IORedis, { RedisOptions } from 'ioredis';

/**
 * Connections for BullMQ. Producers fail fast when Redis is away (the outbox keeps the job);
 * workers wait for it with `maxRetriesPerRequest: null`, as BullMQ requires.
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
          enableOfflineQueue: role === 'producer',
          connectTimeout: 2000,
          commandTimeout: 5000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        };
  return new IORedis(config.redisUrl, options);
}
