import { JobName, JobOf, jobFailureKind, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { SimulationChunkOutcome, SimulationRunner } from './simulation.runner';

/** The worker side of simulations: planning, chunks and the finish. */
@Injectable()
export class SimulationJobs {
  constructor(private readonly runner: SimulationRunner) {}

  @OnJob(JobName.SimulationPlan)
  async plan({ simulationId }: JobOf<JobName.SimulationPlan>): Promise<{ chunks: number }> {
    return { chunks: (await this.runner.plan(simulationId)).pending.length };
  }

  @OnJob(JobName.SimulationChunk)
  async chunk(
    { simulationId, chunkNo }: JobOf<JobName.SimulationChunk>,
    job: Job,
  ): Promise<SimulationChunkOutcome> {
    try {
      return await this.runner.runChunk(simulationId, chunkNo);
    } catch (error) {
      // Its last attempt, or a failure no retry cures: the simulation cannot complete; say so.
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last || jobFailureKind(error) === 'permanent') {
        await this.runner.fail(simulationId, chunkNo, error).catch(() => undefined);
      }
      throw error;
    }
  }

  @OnJob(JobName.SimulationFinish)
  async finish({ simulationId }: JobOf<JobName.SimulationFinish>): Promise<{ finished: true }> {
    await this.runner.finish(simulationId);
    return { finished: true };
  }
}
