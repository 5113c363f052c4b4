import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './job.registry';
import { OutboxPruneJob } from './outbox-prune.job';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';
import { QueueMetrics } from './queue.metrics';
import { QueueRegistry } from './queue.registry';
import { WorkerHost } from './worker.host';

/** Producing jobs: the outbox writer. Every app that changes data imports it. */
@Global()
@Module({
  providers: [OutboxWriter, QueueRegistry, QueueMetrics],
  exports: [OutboxWriter, QueueRegistry],
})
export class QueueModule {}

/** Consuming jobs: the outbox relay, the handler registry and the BullMQ workers (worker app only). */
@Module({
  imports: [DiscoveryModule],
  providers: [JobRegistry, WorkerHost, OutboxRelay, OutboxPruneJob],
  exports: [OutboxRelay, JobRegistry],
})
export class QueueWorkerModule {}
