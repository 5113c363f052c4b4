import { AuditService } from '@app/audit';
import { PlatformGradeService } from '@app/capital';
import { assignInspectors, shanghaiDateOf, triggeredTaskDue } from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../clock';
import { loadRoster, previousAssignments } from '../inspectors/roster';
import { RuleDataStore } from '../rule-data/rule-data.store';

/** The trigger reason of a platform's task of `year` (unique per platform and year in the database). */
export const platformRiskReason = (year: number) => `platform-risk-assessment:${year}`;

/** The item of the task: interface wording; when it is due is rule data (rules/deadlines). */
const ITEM = {
  name: '超大型平台年度风险评估 (platform risk assessment)',
  type: 'key',
  department: '综合执法',
};

/** When next year's run is due: 00:30 on 1 January, Asia/Shanghai. */
export function yearlyRunAt(year: number): Date {
  return new Date(`${year}-01-01T00:30:00+08:00`);
}

export const yearlyJobId = (year: number) => `platform-risk-assessment-${year}`;

/**
 * A super platform owes a risk assessment every `riskAssessmentEvery` (P1Y in rules/data/platform-grades.json):
 * once a year the job grades every platform (registered as one, or with platform metrics in an
 * investment event) as GET /enterprises/:uscc/platform-grade does, and gives each super platform a
 * triggered inspection task with a "platform risk assessment" item — once per platform per calendar
 * year (Asia/Shanghai): the task's trigger reason names the year and a unique index refuses a second.
 * Inspectors are drawn and the task dispatched as for any triggered task; the run then stores next
 * year's run in the outbox, due at its own time.
 */
@Injectable()
export class PlatformRiskAssessmentService {
  private readonly logger = new Logger(PlatformRiskAssessmentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly grades: PlatformGradeService,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ruleData: RuleDataStore,
  ) {}

  /** Stores the run of `year` in the outbox unless one is stored already; returns whether it did. */
  async ensureScheduled(year: number, runAt: Date): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [yearlyJobId(year)]);
      const [found]: unknown[] = await m.query(`SELECT 1 FROM outbox WHERE job_name = $1 AND job_id = $2`, [
        JobName.PlatformRiskAssessment,
        yearlyJobId(year),
      ]);
      if (found) return false;
      await this.outbox.enqueue(
        m,
        { name: JobName.PlatformRiskAssessment, data: { year } },
        { jobId: yearlyJobId(year), runAt },
      );
      return true;
    });
  }

  async run(year: number): Promise<{ graded: number; created: { taskId: string; uscc: string }[] }> {
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    const candidates: { uscc: string }[] = await this.dataSource.query(
      `SELECT e.uscc::text AS uscc FROM enterprises e
        WHERE e.is_platform
           OR EXISTS (SELECT 1 FROM investment_events ev WHERE ev.uscc = e.uscc AND ev.payload ? 'platformMetrics')
        ORDER BY e.uscc`,
    );
    const due: { uscc: string; grade: Awaited<ReturnType<PlatformGradeService['grade']>> }[] = [];
    for (const { uscc } of candidates) {
      const grade = await this.grades.grade(uscc.trim(), now);
      if (grade.riskAssessment.required) due.push({ uscc: uscc.trim(), grade });
    }
    const created: { taskId: string; uscc: string }[] = [];
    if (due.length > 0) {
      const roster = await loadRoster(this.dataSource, today);
      const previous = await previousAssignments(
        this.dataSource,
        due.map((d) => d.uscc),
      );
      const { rules: deadlines } = this.ruleData.deadlinesAt(now);
      for (const d of due) {
        const task = await this.dataSource.transaction((m) =>
          this.createTask(m, year, d, now, roster, previous, deadlines),
        );
        if (task) created.push({ taskId: task, uscc: d.uscc });
      }
    }
    await this.ensureScheduled(year + 1, yearlyRunAt(year + 1));
    this.logger.log(
      `platform risk assessment ${year}: ${due.length} super platform(s) of ${candidates.length}, ${created.length} task(s) created`,
    );
    return { graded: candidates.length, created };
  }

  private async createTask(
    m: EntityManager,
    year: number,
    d: { uscc: string; grade: Awaited<ReturnType<PlatformGradeService['grade']>> },
    now: Date,
    roster: Awaited<ReturnType<typeof loadRoster>>,
    previous: Record<string, string[]>,
    deadlines: ReturnType<RuleDataStore['deadlinesAt']>['rules'],
  ): Promise<string | null> {
    const [enterprise]: { tier: string | null; region: string }[] = await m.query(
      `SELECT current_tier AS tier, region_code AS region FROM enterprises WHERE uscc = $1::bpchar`,
      [d.uscc],
    );
    const id = uuidv7();
    const priority = 'normal';
    const dueAt = triggeredTaskDue(deadlines, priority, now);
    const assignment = assignInspectors({
      seed: `platform-risk-${d.uscc}-${year}`,
      selection: [{ uscc: d.uscc, tier: enterprise.tier ?? 'unassessed', region: enterprise.region }],
      roster,
      requiredQualifications: [],
      inspectorsPerTask: deadlines.inspectorsPerVisit.default,
      previousAssignments: previous,
    }).tasks[0];
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO inspection_tasks (id, uscc, tier, kind, priority, status, inspector_ids, unassignable_reason, items,
                                     scheduled_start, due_at, trigger_reason, trigger_records, deadline_rules)
       VALUES ($1, $2, $3, 'triggered', 1, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (uscc, trigger_reason) WHERE trigger_reason LIKE 'platform-risk-assessment:%' DO NOTHING
       RETURNING id::text`,
      [
        id,
        d.uscc,
        enterprise.tier,
        assignment.status === 'assigned' ? 'assigned' : 'pending',
        assignment.status === 'assigned' ? assignment.inspectors : [],
        assignment.status === 'assigned' ? null : `${assignment.reason.code}: ${assignment.reason.message}`,
        JSON.stringify([ITEM]),
        now,
        dueAt.at,
        platformRiskReason(year),
        JSON.stringify({
          recordIds: [],
          year,
          grade: d.grade.grade,
          reasons: d.grade.reasons,
          every: d.grade.riskAssessment.every,
          thresholds: d.grade.thresholds,
        }),
        JSON.stringify({ due: dueAt.basis }),
      ],
    );
    if (inserted.length === 0) return null;
    await this.outbox.enqueue(
      m,
      { name: JobName.InspectionDispatch, data: { taskId: id } },
      { jobId: id, priority: 3 },
    );
    await this.audit.append(m, [
      {
        actor: 'platform-risk-assessment',
        action: 'inspection_task.platform_risk_assessment',
        entityType: 'inspection_task',
        entityId: id,
        data: { uscc: d.uscc, year, grade: d.grade.grade, thresholds: d.grade.thresholds },
      },
    ]);
    return id;
  }
}
