import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ImportService } from './import.service';
import { ImportView } from './import.view';

@Injectable()
export class ImportProcessJob {
  constructor(private readonly imports: ImportService) {}

  @OnJob(JobName.ImportProcess)
  async process({ importId }: JobOf<JobName.ImportProcess>, job: Job): Promise<ImportView> {
    try {
      return await this.imports.process(importId);
    } catch (error) {
      // The last attempt: the import must not stay "queued" with no job left to run it.
      const attempt = job.attemptsMade + 1;
      if (attempt >= (job.opts.attempts ?? 1)) {
        await this.imports.fail(importId, `gave up after ${attempt} attempts: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
