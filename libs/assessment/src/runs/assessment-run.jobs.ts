import { shanghaiDateOf } from '@app/domain';
import { JobEnvelope, JobName, JobOf, OnJob } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AssessmentRunService, ChunkOutcome, finishJobGeneration } from './assessment-run.service';

/** The worker side of re-tier runs: planning, chunks, the flow's finish job, the monthly and daily runs. */
@Injectable()
export class AssessmentRunJobs {
  private readonly logger = new Logger(AssessmentRunJobs.name);

  constructor(private readonly runs: AssessmentRunService) {}

  @OnJob(JobName.AssessmentRunPlan)
  plan({ runId }: JobOf<JobName.AssessmentRunPlan>, job: Job<JobEnvelope>): Promise<{ chunks: number }> {
    return this.runs.planAndDispatch(runId, job.data.correlationId);
  }

  @OnJob(JobName.AssessmentRunChunk)
  async chunk({ runId, chunkNo }: JobOf<JobName.AssessmentRunChunk>): Promise<Record<string, unknown>> {
    let outcome: ChunkOutcome;
    try {
      outcome = await this.runs.runChunk(runId, chunkNo);
    } catch (error) {
      // Kept for the run view should this be the chunk's last attempt; best effort (PostgreSQL may
      // be the reason it failed).
      await this.runs.recordChunkError(runId, chunkNo, error).catch(() => undefined);
      throw error;
    }
    if (outcome.status === 'skipped') return outcome;
    const { assessed, failed, changed } = outcome.result;
    return { status: 'done', assessed, failed, changed };
  }

  @OnJob(JobName.AssessmentRunFinish)
  async finish(
    { runId }: JobOf<JobName.AssessmentRunFinish>,
    job: Job<JobEnvelope>,
  ): Promise<{ status: string }> {
    // Why chunks failed for good, as BullMQ saw it (also failures no handler saw: a chunk whose
    // worker died more often than WORKER_MAX_STALLED_COUNT).
    const errors = new Map<number, string>();
    const failures = await job.getIgnoredChildrenFailures();
    for (const [key, reason] of Object.entries(failures)) {
      const chunkNo = /-chunk-(\d+)$/.exec(key)?.[1];
      if (chunkNo !== undefined) errors.set(Number(chunkNo), reason);
    }
    const run = await this.runs.finish(runId, errors, finishJobGeneration(job.id));
    // after the run, off its path: the due log's rows it has made stale
    if (run.status !== 'cancelled') await this.runs.pruneQuietly(run);
    return { status: run.status };
  }

  /** The monthly re-tier of every enterprise, as of the day it fires (Asia/Shanghai); once per day. */
  @OnJob(JobName.AssessmentMonthlyRun)
  async monthly({
    requestedBy,
  }: JobOf<JobName.AssessmentMonthlyRun>): Promise<{ runId: string; created: boolean }> {
    const asOf = shanghaiDateOf(new Date());
    const existing = await this.runs.scheduledRunFor(asOf);
    if (existing) return { runId: existing, created: false };
    const run = await this.runs.create({ scope: { type: 'all' }, asOf, trigger: 'scheduled', requestedBy });
    this.logger.log(`monthly re-tier run ${run.id} as of ${asOf}`);
    return { runId: run.id, created: true };
  }

  /**
   * The daily incremental re-tier (issue #17 §7), as of the day it fires: only the enterprises whose
   * tier is due to change by itself that day or earlier, whose records changed, or that have no tier.
   * Skipped when a scheduled run of that date exists (the monthly run covers everyone).
   */
  @OnJob(JobName.AssessmentDailyRun)
  async daily({
    requestedBy,
  }: JobOf<JobName.AssessmentDailyRun>): Promise<{ runId: string; created: boolean }> {
    const asOf = shanghaiDateOf(new Date());
    const existing = await this.runs.scheduledRunFor(asOf, true);
    if (existing) return { runId: existing, created: false };
    const run = await this.runs.create({ scope: { type: 'due' }, asOf, trigger: 'scheduled', requestedBy });
    this.logger.log(
      `daily incremental re-tier run ${run.id} as of ${asOf}: ${run.progress.total ?? 'planning'}`,
    );
    return { runId: run.id, created: true };
  }
}
