import { regionPatterns } from '@app/auth';
import { AuditService } from '@app/audit';
import {
  DomainError,
  ErrorCode,
  manualStaffingProblems,
  nextTaskStatus,
  shanghaiDateOf,
  TaskStatus,
} from '@app/domain';
import { asFrequencyRuleSet, LegalBasis } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { loadRoster } from '../inspectors/roster';
import { RuleDataStore } from '../rule-data/rule-data.store';
import { isOpen, TaskRow, TaskView, toTaskView } from '../tasks/task.view';
import { departmentLoads, LoadTask, loadTasks, TASK_DEPARTMENTS_SQL, TASK_YEAR_SQL } from './inspection-load';

export const LEGAL_BASIS_STATED = 'inspection_task.legal_basis_stated';
export const STAFFED_BY_HAND = 'inspection_task.staffed_by_hand';

export interface InspectionLoadView {
  uscc: string;
  year: number;
  cap: number;
  frequencyVersion: string;
  /** The cap's legal basis as the rule set records it (null in versions without one). */
  basis: LegalBasis | null;
  departments: { department: string; count: number; cap: number; remaining: number; reached: boolean }[];
  highFrequency: boolean;
  tasks: LoadTask[];
}

export interface TopLoadItem {
  uscc: string;
  name: string;
  regionCode: string;
  department: string;
  count: number;
  cap: number;
  reached: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 无事不扰 (docs/inspection-limits.md): how often enterprises are inspected against the annual cap
 * of the frequency rule set, the legal reason a visit over the cap needs, and manual staffing of a
 * task the draw left unassignable (the same bar as the draw: minimum number, certified, qualified,
 * region, recusal).
 */
@Injectable()
export class InspectionLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ruleData: RuleDataStore,
  ) {}

  /**
   * The cap in force in a year: on today's date for this year, on 31 December for a past one, on
   * 1 January for a future one; for a year before the first frequency version, today's.
   */
  private async cap(
    year: number,
  ): Promise<{ cap: number; frequencyVersion: string; basis: LegalBasis | null }> {
    const today = shanghaiDateOf(this.clock.now());
    const [first, last] = [`${year}-01-01`, `${year}-12-31`];
    const asOf = last < today ? last : first > today ? first : today;
    const inForce = await this.ruleSets.inForce('frequency', asOf).catch(async (error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound)
        return this.ruleSets.inForce('frequency', today);
      throw error;
    });
    const frequency = asFrequencyRuleSet(inForce.ruleSet);
    return {
      cap: frequency.outcome.annualCapPerAuthority,
      frequencyVersion: frequency.version,
      basis: frequency.outcome.annualCapBasis ?? null,
    };
  }

  private year(year: number | undefined): number {
    return year ?? Number(shanghaiDateOf(this.clock.now()).slice(0, 4));
  }

  async load(uscc: string, askedYear?: number): Promise<InspectionLoadView> {
    const code = uscc.trim().toUpperCase();
    const [exists] = await this.dataSource.query(`SELECT 1 FROM enterprises WHERE uscc = $1::bpchar`, [code]);
    if (!exists) throw new DomainError(ErrorCode.NotFound, `no enterprise ${code}`);
    const year = this.year(askedYear);
    const { cap, frequencyVersion, basis } = await this.cap(year);
    const load = (await departmentLoads(this.dataSource, String(year), [code], null)).get(code) ?? {};
    const departments = Object.keys(load)
      .sort()
      .map((department) => ({
        department,
        count: load[department],
        cap,
        remaining: Math.max(0, cap - load[department]),
        reached: load[department] >= cap,
      }));
    return {
      uscc: code,
      year,
      cap,
      frequencyVersion,
      basis,
      departments,
      highFrequency: departments.some((d) => d.reached),
      tasks: await loadTasks(this.dataSource, String(year), code),
    };
  }

  /** Enterprises by visits of one department in the year, most first (高频检查预警: `reached`). */
  async top(
    regions: string[] | null,
    askedYear: number | undefined,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: TopLoadItem[] }> {
    const year = this.year(askedYear);
    const { cap } = await this.cap(year);
    const loads = `SELECT t.uscc, d.department, count(*)::int AS count
           FROM inspection_tasks t CROSS JOIN LATERAL ${TASK_DEPARTMENTS_SQL} d
           JOIN enterprises e ON e.uscc = t.uscc
          WHERE t.status <> 'cancelled' AND ${TASK_YEAR_SQL} = $1
            AND ($2::text[] IS NULL OR e.region_code LIKE ANY ($2::text[]))
          GROUP BY 1, 2`;
    const params = [String(year), regionPatterns(regions)];
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${loads}) l`,
      params,
    );
    const rows: Omit<TopLoadItem, 'cap' | 'reached'>[] = await this.dataSource.query(
      `SELECT l.uscc::text AS uscc, e.name, e.region_code AS "regionCode", l.department, l.count
         FROM (${loads}) l JOIN enterprises e ON e.uscc = l.uscc
        ORDER BY l.count DESC, l.uscc, l.department
        LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return {
      total,
      items: rows.map((r) => ({ ...r, uscc: r.uscc.trim(), cap, reached: r.count >= cap })),
    };
  }

  /** The legal reason for a triggered visit over the annual cap (once; then it may start). */
  async stateLegalBasis(id: string, actor: string, reason: string): Promise<TaskView> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id);
      const refuse = (message: string) =>
        new DomainError(ErrorCode.Conflict, 'no legal reason to state', [{ path: 'legalBasis', message }]);
      if (!task.over_cap) throw refuse('the task is not over the annual cap');
      if (task.legal_basis) throw refuse(`already stated: ${task.legal_basis}`);
      if (!isOpen(task.status)) throw refuse(`the task is ${task.status}`);
      const text = reason.trim();
      const [updated]: TaskRow[] = await m.query(
        `WITH u AS (UPDATE inspection_tasks SET legal_basis = $2, updated_at = now() WHERE id = $1 RETURNING *)
         SELECT * FROM u`,
        [id, text],
      );
      await this.audit.append(m, [
        {
          actor,
          action: LEGAL_BASIS_STATED,
          entityType: 'inspection_task',
          entityId: id,
          data: { reason: text, overCap: task.over_cap },
        },
      ]);
      return toTaskView(updated, this.clock.now());
    });
  }

  /**
   * A task the draw left unassignable (pending, nobody) staffed by hand: pending → assigned with
   * the inspectors named, if they pass the draw's bar; 400 naming each one that does not.
   */
  async staff(
    id: string,
    actor: string,
    body: { inspectorIds: string[]; reason: string },
  ): Promise<TaskView> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.row(m, id);
      const status = nextTaskStatus(task.status as TaskStatus, 'assign');
      const now = this.clock.now();
      const [enterprise]: { region_code: string }[] = await m.query(
        `SELECT region_code FROM enterprises WHERE uscc = $1`,
        [task.uscc],
      );
      const items = Array.isArray(task.items)
        ? (task.items as { name: string; qualification?: string }[])
        : [];
      // As the draw: a plan's items need their qualifications; a triggered inspection any inspector.
      const requiredQualifications =
        task.kind === 'random' ? [...new Set(items.map((i) => i.qualification ?? i.name))].sort() : [];
      const problems = manualStaffingProblems({
        inspectorIds: body.inspectorIds,
        roster: await loadRoster(this.dataSource, shanghaiDateOf(now)),
        uscc: task.uscc.trim(),
        regionCode: enterprise?.region_code ?? '',
        requiredQualifications,
        minimum: this.ruleData.deadlinesAt(now).rules.inspectorsPerVisit.minimum,
      });
      if (problems.length > 0)
        throw new DomainError(ErrorCode.ValidationFailed, 'these inspectors cannot staff the task', problems);
      const staffing = {
        by: actor,
        reason: body.reason.trim(),
        at: now.toISOString(),
        inspectors: body.inspectorIds,
      };
      const [updated]: TaskRow[] = await m.query(
        `WITH u AS (UPDATE inspection_tasks SET status = $2, inspector_ids = $3, manual_staffing = $4, updated_at = now()
                     WHERE id = $1 RETURNING *)
         SELECT * FROM u`,
        [id, status, body.inspectorIds, JSON.stringify(staffing)],
      );
      await this.audit.append(m, [
        {
          actor,
          action: STAFFED_BY_HAND,
          entityType: 'inspection_task',
          entityId: id,
          data: {
            from: task.status,
            to: status,
            inspectors: body.inspectorIds,
            reason: staffing.reason,
            unassignableReason: task.unassignable_reason,
          },
        },
      ]);
      return toTaskView(updated, now);
    });
  }

  private async row(m: EntityManager, id: string): Promise<TaskRow> {
    const rows: TaskRow[] = UUID.test(id)
      ? await m.query(`SELECT * FROM inspection_tasks WHERE id = $1 FOR UPDATE`, [id])
      : [];
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no inspection task ${id}`);
    return rows[0];
  }
}
