import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobEnvelope, JobName, JobOf } from './queue.contract';

export const JOB_HANDLER_METADATA = 'tierwatch:job-handler';

/** A method that handles one job. It receives the typed payload and the BullMQ job. */
export type JobHandlerFn<N extends JobName> = (
  payload: JobOf<N>,
  job: Job<JobEnvelope<N>>,
) => Promise<unknown>;

/** Marks a provider method as the handler of `name`. Exactly one handler per job, checked at boot. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER_METADATA, name);
