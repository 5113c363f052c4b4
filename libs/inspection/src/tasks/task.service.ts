import { regionPatterns } from '@app/auth';
import { AuditService } from '@app/audit';
import {
  correctionDeadline,
  DomainError,
  ErrorCode,
  nextTaskStatus,
  publicationDeadline,
  reminderTime,
  TaskAction,
  TaskStatus,
} from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { RuleDataStore } from '../rule-data/rule-data.store';
import { assertLegalBasisStated } from '../limits/over-cap';
import { checkedCancelReason, checkedCorrection, checkedTaskResult } from './task-request';
import { isOpen, TaskDeadlineRules, TaskRow, TaskView, toTaskView } from './task.view';

export interface TaskFilter {
  status?: TaskStatus;
  inspector?: string;
  /** Division-code prefixes of the task's enterprise; null or absent: every region. */
  regions?: string[] | null;
  overdue?: boolean;
  planId?: string;
  uscc?: string;
  kind?: 'random' | 'triggered';
  limit: number;
  offset: number;
}

/** jsonb columns the update writes as JSON text. */
const JSON_COLUMNS = new Set(['result', 'deadline_rules']);

/** " (N working days after publication)", from what the deadline was computed with. */
function correctionPeriod(rules: TaskDeadlineRules | null): string {
  const days = rules?.correction?.workingDays;
  return days === undefined ? '' : ` (${days} working days after publication)`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The life of an inspection task. Every change is a guarded transition (409 when the state does not
 * allow it) made in one transaction with its audit entry and the jobs it schedules (outbox): the
 * reminder and overdue escalation once dispatched, the publication deadline once the result is in,
 * the feed of a published result into the records. Every time limit comes from rule data
 * (rules/deadlines, rules/calendars, through RuleDataStore) in force when the obligation arises, and
 * the task keeps what each of its deadlines was computed from (`deadline_rules`).
 */
@Injectable()
export class TaskService {
  private readonly logger = new Logger(TaskService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ruleData: RuleDataStore,
  ) {}

  async get(id: string): Promise<TaskView> {
    return toTaskView(await this.row(this.dataSource.manager, id, false), this.clock.now());
  }

  async list(filter: TaskFilter): Promise<{ total: number; items: TaskView[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.status) add((p) => `t.status = ${p}`, filter.status);
    if (filter.inspector) add((p) => `t.inspector_ids @> ARRAY[${p}]::text[]`, filter.inspector);
    if (filter.regions)
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = t.uscc AND e.region_code LIKE ANY (${p}::text[]))`,
        regionPatterns(filter.regions),
      );
    if (filter.planId) add((p) => `t.plan_id = ${p}::uuid`, filter.planId);
    if (filter.uscc) add((p) => `t.uscc = ${p}::bpchar`, filter.uscc);
    if (filter.kind) add((p) => `t.kind = ${p}`, filter.kind);
    if (filter.overdue !== undefined) {
      add(
        (p) =>
          `${filter.overdue ? '' : 'NOT '}(t.status IN ('pending','assigned','in_progress') AND t.due_at < ${p}::timestamptz)`,
        this.clock.now().toISOString(),
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM inspection_tasks t ${clause}`,
      params,
    );
    const rows: TaskRow[] = await this.dataSource.query(
      `SELECT t.* FROM inspection_tasks t ${clause}
        ORDER BY t.priority DESC, t.due_at, t.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    const now = this.clock.now();
    return { total, items: rows.map((r) => toTaskView(r, now)) };
  }

  /** assigned → in_progress; a visit over the annual cap only once its legal reason is stated. */
  start(id: string, actor: string): Promise<TaskView> {
    return this.change(id, 'start', actor, async (_m, task) => {
      assertLegalBasisStated(task);
      return {};
    });
  }

  /** Any open status → cancelled, with a reason. */
  async cancel(id: string, actor: string, reason: unknown): Promise<TaskView> {
    const text = checkedCancelReason(reason);
    return this.change(id, 'cancel', actor, async () => ({ cancel_reason: text }));
  }

  /**
   * in_progress → done with the result (a TaskResultDto, or a plain object checked with it); the
   * publication deadline follows from the rule data.
   */
  async submitResult(id: string, actor: string, body: unknown): Promise<TaskView> {
    const result = checkedTaskResult(body);
    return this.change(id, 'complete', actor, async (m, task, now) => {
      const { rules, calendar } = this.ruleData.deadlinesAt(now);
      const deadline = publicationDeadline(rules, calendar, now);
      await this.outbox.enqueue(
        m,
        { name: JobName.InspectionPublicationDue, data: { taskId: task.id } },
        { jobId: `${task.id}-publication`, runAt: deadline.at },
      );
      return {
        result,
        result_at: now,
        publish_deadline: deadline.at,
        deadline_rules: { ...task.deadline_rules, publication: deadline.basis },
      };
    });
  }

  /** done → published (一公开); the result feeds back into the records; then the correction period. */
  publish(id: string, actor: string): Promise<TaskView> {
    return this.change(id, 'publish', actor, async (m, task, now) => {
      await this.outbox.enqueue(
        m,
        { name: JobName.InspectionResultFeed, data: { taskId: task.id } },
        { jobId: `${task.id}-feed-${now.getTime()}` },
      );
      const { rules, calendar } = this.ruleData.deadlinesAt(now);
      const deadline = correctionDeadline(rules, calendar, now);
      return {
        published_at: now,
        correction_deadline: deadline.at,
        deadline_rules: { ...task.deadline_rules, correction: deadline.basis },
      };
    });
  }

  /**
   * Within the correction period after publication (its deadline fixed at publication): correct the
   * published result or withdraw it. Either way the records follow (the spot check is updated or
   * removed).
   */
  async correct(id: string, actor: string, body: unknown): Promise<TaskView> {
    const { action, reason, result } = checkedCorrection(body);
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id, true);
      const now = this.clock.now();
      if (task.status !== 'published' || task.withdrawn_at) {
        throw new DomainError(
          ErrorCode.Conflict,
          `cannot correct a ${task.withdrawn_at ? 'withdrawn' : task.status} task`,
          [
            {
              path: 'status',
              message: 'only a published, not withdrawn result can be corrected or withdrawn',
            },
          ],
        );
      }
      if (task.correction_deadline && now.getTime() > new Date(task.correction_deadline).getTime()) {
        throw new DomainError(ErrorCode.Conflict, 'the correction period is over', [
          {
            path: 'correctionDeadline',
            message: `corrections and withdrawals end ${new Date(task.correction_deadline).toISOString()}${correctionPeriod(task.deadline_rules)}`,
          },
        ]);
      }
      const set = action === 'withdraw' ? { withdrawn_at: now } : { result, corrected_at: now };
      const updated = await this.update(m, id, set);
      await this.outbox.enqueue(
        m,
        { name: JobName.InspectionResultFeed, data: { taskId: id } },
        { jobId: `${id}-feed-${now.getTime()}` },
      );
      await this.audit.append(m, [
        {
          actor,
          action: `inspection_task.${action === 'withdraw' ? 'withdrawn' : 'corrected'}`,
          entityType: 'inspection_task',
          entityId: id,
          data: { reason, before: task.result, after: result ?? null },
        },
      ]);
      return toTaskView(updated, now);
    });
  }

  // ---- jobs -------------------------------------------------------------------------------------

  /** At the scheduled start: notify, then schedule the reminder and the overdue escalation. */
  async dispatch(id: string): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id, true);
      const now = this.clock.now();
      if (!isOpen(task.status) || task.dispatched_at) return 'nothing to do';
      const due = new Date(task.due_at).getTime();
      const reminder = reminderTime(this.ruleData.deadlinesAt(now).rules, new Date(task.due_at));
      await this.update(m, id, {
        dispatched_at: now,
        deadline_rules: { ...task.deadline_rules, reminder: reminder.basis },
      });
      await this.outbox.enqueueMany(m, [
        {
          item: { name: JobName.InspectionReminder, data: { taskId: id } },
          options: { jobId: `${id}-reminder`, runAt: reminder.at },
        },
        {
          item: { name: JobName.InspectionOverdue, data: { taskId: id } },
          options: { jobId: `${id}-overdue`, runAt: new Date(due) },
        },
      ]);
      const who = task.inspector_ids.length
        ? task.inspector_ids.join(', ')
        : `nobody (${task.unassignable_reason ?? 'unassigned'})`;
      this.logger.log(`task ${id} (${task.uscc.trim()}) dispatched to ${who}`);
      return 'dispatched';
    });
  }

  async remind(id: string): Promise<string> {
    return this.mark(id, 'reminded_at', (t) => isOpen(t.status), 'inspection_task.reminded');
  }

  async escalateOverdue(id: string): Promise<string> {
    return this.mark(
      id,
      'escalated_at',
      (t, now) => isOpen(t.status) && new Date(t.due_at) <= now,
      'inspection_task.overdue',
    );
  }

  async escalatePublication(id: string): Promise<string> {
    return this.mark(
      id,
      'publication_overdue_at',
      (t, now) => t.status === 'done' && t.publish_deadline !== null && new Date(t.publish_deadline) <= now,
      'inspection_task.publication_overdue',
    );
  }

  // ---- internals --------------------------------------------------------------------------------

  private async mark(
    id: string,
    column: 'reminded_at' | 'escalated_at' | 'publication_overdue_at',
    applies: (t: TaskRow, now: Date) => boolean,
    action: string,
  ): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id, true);
      const now = this.clock.now();
      if (task[column] || !applies(task, now)) return 'nothing to do';
      await this.update(m, id, { [column]: now });
      await this.audit.append(m, [
        {
          actor: 'worker',
          action,
          entityType: 'inspection_task',
          entityId: id,
          data: { status: task.status },
        },
      ]);
      this.logger.warn(`task ${id} (${task.uscc.trim()}): ${action}`);
      return action;
    });
  }

  private async change(
    id: string,
    action: TaskAction,
    actor: string,
    effect: (m: EntityManager, task: TaskRow, now: Date) => Promise<Record<string, unknown>>,
  ): Promise<TaskView> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id, true);
      const status = nextTaskStatus(task.status as TaskStatus, action);
      const now = this.clock.now();
      const updated = await this.update(m, id, { status, ...(await effect(m, task, now)) });
      await this.audit.append(m, [
        {
          actor,
          action: `inspection_task.${action}`,
          entityType: 'inspection_task',
          entityId: id,
          data: { from: task.status, to: status },
        },
      ]);
      return toTaskView(updated, now);
    });
  }

  private async update(m: EntityManager, id: string, set: Record<string, unknown>): Promise<TaskRow> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
    const values = columns.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(set[c]) : set[c]));
    const [row]: TaskRow[] = await m.query(
      `WITH u AS (UPDATE inspection_tasks SET ${assignments}, updated_at = now() WHERE id = $1 RETURNING *) SELECT * FROM u`,
      [id, ...values],
    );
    return row;
  }

  private async row(m: EntityManager, id: string, lock: boolean): Promise<TaskRow> {
    const rows: TaskRow[] = UUID.test(id)
      ? await m.query(`SELECT * FROM inspection_tasks WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
      : [];
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no inspection task ${id}`);
    return rows[0];
  }
}
