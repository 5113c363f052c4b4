import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { ImportService } from './import.service';
import { ImportView } from './import.view';

@Injectable()
export class ImportProcessJob {
  constructor(private readonly imports: ImportService) {}

  @OnJob(JobName.ImportProcess)
  process({ importId }: JobOf<JobName.ImportProcess>): Promise<ImportView> {
    return this.imports.process(importId);
  }
}
