import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { ResultFeed } from './result-feed';
import { TaskService } from './task.service';

/** The worker side of the task life cycle; each job reads the task and does nothing if it moved on. */
@Injectable()
export class TaskJobs {
  constructor(
    private readonly tasks: TaskService,
    private readonly feed: ResultFeed,
  ) {}

  @OnJob(JobName.InspectionDispatch)
  async dispatch({ taskId }: JobOf<JobName.InspectionDispatch>): Promise<{ outcome: string }> {
    return { outcome: await this.tasks.dispatch(taskId) };
  }

  @OnJob(JobName.InspectionReminder)
  async remind({ taskId }: JobOf<JobName.InspectionReminder>): Promise<{ outcome: string }> {
    return { outcome: await this.tasks.remind(taskId) };
  }

  @OnJob(JobName.InspectionOverdue)
  async overdue({ taskId }: JobOf<JobName.InspectionOverdue>): Promise<{ outcome: string }> {
    return { outcome: await this.tasks.escalateOverdue(taskId) };
  }

  @OnJob(JobName.InspectionPublicationDue)
  async publicationDue({ taskId }: JobOf<JobName.InspectionPublicationDue>): Promise<{ outcome: string }> {
    return { outcome: await this.tasks.escalatePublication(taskId) };
  }

  @OnJob(JobName.InspectionResultFeed)
  async resultFeed({ taskId }: JobOf<JobName.InspectionResultFeed>): Promise<{ outcome: string }> {
    return { outcome: await this.feed.feed(taskId) };
  }
}
