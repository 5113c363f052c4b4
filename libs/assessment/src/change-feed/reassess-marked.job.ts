import { AppConfig } from '@app/config';
import { shanghaiDateOf } from '@app/domain';
import { JobName, JobOf, OnJob } from '@app/queue';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentService } from '../assess/assessment.service';
import { RuleSetStore } from '@app/rulesets';
import { ChangeFeed } from './change-feed';
import { ENTERPRISE_CHANGE_HOOKS, EnterpriseChangeHook } from './enterprise-change.hook';

const CHUNK = 1000;

/**
 * Consumes the change feed: assesses every marked enterprise that has been quiet for the debounce
 * period (trigger `record_change`), then removes its mark unless a newer change arrived meanwhile.
 * Marks still too fresh get a job of a later window. Registered hooks (the inspection triggers) see
 * each batch of re-assessed enterprises before its marks are removed.
 */
@Injectable()
export class ReassessMarkedJob {
  private readonly logger = new Logger(ReassessMarkedJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentService,
    private readonly changeFeed: ChangeFeed,
    private readonly config: AppConfig,
    private readonly ruleSets: RuleSetStore,
    @Optional() @Inject(ENTERPRISE_CHANGE_HOOKS) private readonly hooks: EnterpriseChangeHook[] = [],
  ) {}

  @OnJob(JobName.ReassessMarked)
  async run(
    _: JobOf<JobName.ReassessMarked>,
  ): Promise<{ assessed: number; failed: number; waiting: number }> {
    const quietSince = new Date(Date.now() - this.config.reassessDebounceMs).toISOString();
    const asOf = shanghaiDateOf(new Date());
    const { ruleSet } = await this.ruleSets.inForce('tiering', asOf);
    let assessed = 0;
    let failed = 0;
    for (;;) {
      const marks: { uscc: string; marked: string }[] = await this.dataSource.query(
        `SELECT uscc, last_marked_at::text AS marked FROM reassessment_marks
          WHERE last_marked_at <= $1::timestamptz ORDER BY uscc LIMIT ${CHUNK}`,
        [quietSince],
      );
      if (marks.length === 0) break;
      const result = await this.assessments.assessBatch(
        ruleSet,
        marks.map((m) => m.uscc),
        { asOf, trigger: 'record_change' },
      );
      assessed += result.assessed;
      failed += result.failed;
      for (const hook of this.hooks) await hook.onEnterprisesChanged(marks.map((m) => m.uscc));
      await this.dataSource.query(
        `DELETE FROM reassessment_marks m USING jsonb_to_recordset($1::jsonb) AS x(uscc text, marked text)
          WHERE m.uscc = x.uscc AND m.last_marked_at = x.marked::timestamptz`,
        [JSON.stringify(marks)],
      );
    }
    const [{ waiting }] = await this.dataSource.query(
      `SELECT count(*)::int AS waiting FROM reassessment_marks`,
    );
    if (waiting > 0) await this.dataSource.transaction((m) => this.changeFeed.schedule(m));
    this.logger.log(
      `re-assessed ${assessed} changed enterprise(s), ${failed} failed, ${waiting} still settling`,
    );
    return { assessed, failed, waiting };
  }
}
