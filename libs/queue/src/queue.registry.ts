import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createRedis } from './redis-connection';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue.contract';

/** One BullMQ `Queue` per queue name, sharing one producer connection, under `REDIS_PREFIX`. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private connection?: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= createRedis(this.config, 'producer');
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.redisPrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      // Connection errors surface on the calls that need Redis; this keeps them off the event loop.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }
}
