import { EnterpriseChangeHook, FactDeriver } from '@app/assessment';
import { RuleSetStore } from '@app/rulesets';
import { AuditService } from '@app/audit';
import {
  assignInspectors,
  shanghaiDateOf,
  TRIGGER_PRIORITIES,
  TriggerPriority,
  triggeredTaskDue,
} from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import {
  asTriggersRuleSet,
  compileRules,
  decideTriggeredTasks,
  evaluateTriggers,
  parseIsoDuration,
  RuleEvaluator,
} from '@app/rules';
import { endObservationBySeriousTriggers, type SeriousTrigger } from '@app/supervision';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../clock';
import { loadRoster, previousAssignments } from '../inspectors/roster';
import { RuleDataStore } from '../rule-data/rule-data.store';
import { triggeredCapCheck } from '../limits/over-cap';

/**
 * BullMQ priority (1 is served first) and the task's own sort priority, per trigger priority: queue
 * order, not a regulatory number. When the task is due is rule data (rules/deadlines:
 * triggeredTaskDue).
 */
const PRIORITY: Record<TriggerPriority, { job: number; task: number }> = {
  urgent: { job: 1, task: 3 },
  high: { job: 2, task: 2 },
  normal: { job: 3, task: 1 },
};

const DAY_MS = 86_400_000;

/**
 * An instant before which no task can still cover `now` under a dedup window: a window of Y years,
 * M months, W weeks and D days spans at most Y·366 + M·31 + W·7 + D days (plus a day of slack).
 */
function windowStart(now: Date, window: string): number {
  const d = parseIsoDuration(window);
  const days = d ? d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + 1 : 0;
  return now.getTime() - days * DAY_MS;
}

function triggerPriority(priority: string): TriggerPriority {
  return (TRIGGER_PRIORITIES as readonly string[]).includes(priority)
    ? (priority as TriggerPriority)
    : 'normal';
}

/** The item of a triggered inspection: the matter the trigger names, any qualified inspector. */
const TRIGGERED_ITEM = { type: 'key', department: '综合执法' };

export interface TriggerCheckResult {
  created: { taskId: string; uscc: string; code: string }[];
  suppressed: number;
}

/**
 * 触发式 inspections: the triggers rule set is evaluated for enterprises whose records changed (facts
 * derived like tiering facts, one query per batch); a fired trigger creates an immediate task with a
 * high priority outside random sampling — any tier, observation included — unless the enterprise
 * already has one for the same reason inside the trigger's window. The records behind the trigger
 * are attached; two inspectors are drawn (seeded by the task id) as for plans.
 */
@Injectable()
export class TriggerService implements EnterpriseChangeHook {
  readonly name = 'inspection-triggers';
  private readonly logger = new Logger(TriggerService.name);
  private readonly compiled = new Map<string, { deriver: FactDeriver; evaluator: RuleEvaluator }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ruleData: RuleDataStore,
  ) {}

  onEnterprisesChanged(usccs: string[]): Promise<TriggerCheckResult> {
    return this.check(usccs);
  }

  async check(usccs: string[]): Promise<TriggerCheckResult> {
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    const { ruleSet: doc } = await this.ruleSets.inForce('triggers', today);
    const ruleSet = asTriggersRuleSet(doc);
    const key = `${ruleSet.version}`;
    let entry = this.compiled.get(key);
    if (!entry) {
      entry = { deriver: new FactDeriver(ruleSet.facts), evaluator: compileRules(ruleSet.rules).evaluator };
      this.compiled.set(key, entry);
    }
    const derived = await entry.deriver.derive(this.dataSource, usccs, today, now);
    const candidates: {
      uscc: string;
      code: string;
      reason: string;
      priority: string;
      records: string[];
      endsObservation: boolean;
    }[] = [];
    let suppressed = 0;
    const fired = new Map<string, Awaited<ReturnType<typeof evaluateTriggers>>['triggers']>();
    for (const d of derived) {
      if (d.underivable.length > 0) continue;
      const evaluation = await evaluateTriggers(ruleSet, d.facts, entry.evaluator);
      if (evaluation.triggers.length > 0) fired.set(d.uscc, evaluation.triggers);
    }
    if (fired.size === 0) return { created: [], suppressed: 0 };
    // Only tasks young enough to still cover now, under the longest window of what fired.
    const since = Math.min(...[...fired.values()].flat().map((t) => windowStart(now, t.dedupWindow)));
    const existing: { uscc: string; code: string; created_at: Date }[] = await this.dataSource.query(
      `SELECT uscc::text AS uscc, trigger_reason AS code, created_at FROM inspection_tasks
        WHERE kind = 'triggered' AND uscc = ANY($1::bpchar[]) AND created_at > $2::timestamptz`,
      [[...fired.keys()], new Date(since)],
    );
    for (const [uscc, triggers] of fired) {
      const decision = decideTriggeredTasks({
        fired: triggers,
        existing: existing
          .filter((e) => e.uscc === uscc)
          .map((e) => ({ code: e.code, createdAt: new Date(e.created_at).toISOString() })),
        now: now.toISOString(),
      });
      suppressed += decision.suppressed.length;
      const evidence = derived.find((d) => d.uscc === uscc)!.evidence;
      for (const t of decision.create) {
        candidates.push({
          uscc,
          code: t.code,
          reason: t.reason,
          priority: t.priority,
          records: evidence[t.factor] ?? [],
          endsObservation: t.endsObservation === true,
        });
      }
    }
    if (candidates.length === 0) return { created: [], suppressed };

    const usccsToTask = [...new Set(candidates.map((c) => c.uscc))];
    const roster = await loadRoster(this.dataSource, today);
    const previous = await previousAssignments(this.dataSource, usccsToTask);
    const rows: { uscc: string; tier: string | null; region: string }[] = await this.dataSource.query(
      `SELECT uscc::text AS uscc, current_tier AS tier, region_code AS region FROM enterprises
        WHERE uscc = ANY($1::bpchar[])`,
      [usccsToTask],
    );
    const enterprises = new Map(rows.map((e) => [e.uscc, e]));
    const created: TriggerCheckResult['created'] = [];
    const serious: SeriousTrigger[] = [];
    const { rules: deadlines } = this.ruleData.deadlinesAt(now);
    // Over the annual cap: still created (triggered inspections never wait), flagged, and started
    // only once a legal reason is stated (docs/inspection-limits.md).
    const overCap = await triggeredCapCheck(
      this.dataSource,
      this.ruleSets,
      today,
      usccsToTask,
      TRIGGERED_ITEM.department,
    );
    await this.dataSource.transaction(async (m) => {
      for (const c of candidates) {
        const id = uuidv7();
        const priority = triggerPriority(c.priority);
        const p = PRIORITY[priority];
        const due = triggeredTaskDue(deadlines, priority, now);
        const { tier, region } = enterprises.get(c.uscc)!;
        const over = overCap(c.uscc);
        const assignment = assignInspectors({
          seed: `trigger-${id}`,
          selection: [{ uscc: c.uscc, tier: tier ?? 'unassessed', region }],
          roster,
          requiredQualifications: [],
          inspectorsPerTask: deadlines.inspectorsPerVisit.default,
          previousAssignments: previous,
        }).tasks[0];
        await m.query(
          `INSERT INTO inspection_tasks (id, uscc, tier, kind, priority, status, inspector_ids, unassignable_reason, items,
                                         scheduled_start, due_at, trigger_reason, trigger_records, deadline_rules, over_cap)
           VALUES ($1, $2, $3, 'triggered', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            id,
            c.uscc,
            tier,
            p.task,
            assignment.status === 'assigned' ? 'assigned' : 'pending',
            assignment.status === 'assigned' ? assignment.inspectors : [],
            assignment.status === 'assigned'
              ? null
              : `${assignment.reason.code}: ${assignment.reason.message}`,
            JSON.stringify([{ name: c.reason, ...TRIGGERED_ITEM }]),
            now,
            due.at,
            c.code,
            JSON.stringify({ recordIds: c.records, ruleSetVersion: ruleSet.version }),
            JSON.stringify({ due: due.basis }),
            over && JSON.stringify(over),
          ],
        );
        if (assignment.status === 'assigned') {
          for (const i of assignment.inspectors) {
            const inspector = roster.find((r) => r.id === i);
            if (inspector)
              (inspector as { assignedInPeriod?: number }).assignedInPeriod =
                (inspector.assignedInPeriod ?? 0) + 1;
          }
        }
        await this.outbox.enqueue(
          m,
          { name: JobName.InspectionDispatch, data: { taskId: id } },
          { jobId: id, priority: p.job },
        );
        await this.audit.append(m, [
          {
            actor: 'triggers',
            action: 'inspection_task.triggered',
            entityType: 'inspection_task',
            entityId: id,
            data: {
              uscc: c.uscc,
              code: c.code,
              reason: c.reason,
              records: c.records,
              ...(over && { overCap: over }),
            },
          },
        ]);
        created.push({ taskId: id, uscc: c.uscc, code: c.code });
        if (c.endsObservation)
          serious.push({
            uscc: c.uscc,
            code: c.code,
            reason: c.reason,
            ruleVersion: ruleSet.version,
            taskId: id,
          });
      }
      // A serious trigger (marked endsObservation) ends an observation period early (libs/supervision).
      await endObservationBySeriousTriggers(m, this.audit, serious, today);
    });
    this.logger.log(
      `triggered ${created.length} inspection(s), ${suppressed} suppressed inside their windows`,
    );
    return { created, suppressed };
  }
}
