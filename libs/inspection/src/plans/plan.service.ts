import { RuleSetStore } from '@app/rulesets';
import { AuditService } from '@app/audit';
import {
  createPlan,
  DomainError,
  endOfShanghaiDay,
  ErrorCode,
  ExportedPlan,
  exportedPlanJson,
  PoolEntry,
  SeedSource,
  shanghaiDateOf,
  startOfShanghaiDay,
  StratumSpec,
  stratumTarget,
  verifyPlan,
} from '@app/domain';
import { copyFields, textArrayLiteral } from '@app/persistence';
import { JobName, OutboxWriter } from '@app/queue';
import {
  asFrequencyRuleSet,
  checkPlanStrata,
  compileRules,
  evaluateFrequencyPolicy,
  FrequencyPolicy,
  InspectionHistory,
  randomDrawEligibility,
  samplingStrata,
} from '@app/rules';
import { supervisionStatusOn } from '@app/supervision';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../clock';
import { RuleDataStore } from '../rule-data/rule-data.store';
import { loadRoster, previousAssignments } from '../inspectors/roster';
import { checkedPlanRequest, PlanRequest } from './plan-request';
import { checkFrozenPool, freezePool, PLAN_CREATED } from './pool-freeze';
import { JointVisit, joinVisits, OPEN_TASK_OVERLAP, planLimits } from './plan-overlap';

export interface PlanStage {
  stage: string;
  ms: number;
  rows: number;
}

export interface PlanView {
  id: string;
  name: string;
  window: { start: string; end: string };
  scope: PlanRequest['scope'];
  items: PlanRequest['items'];
  draw: string;
  seed: string;
  /** Who chose the seed; null for plans drawn before it was recorded. */
  seedSource: SeedSource | null;
  /** The instant of the draw; null for plans drawn before it was recorded. */
  drawnAt: string | null;
  frequencyVersion: string;
  poolDigest: string;
  poolSize: number;
  selected: number;
  /** Per tier: eligible pool, drawn, ratio; and the assignment outcome. */
  summary: PlanSummary;
  status: string;
  createdBy: string;
  createdAt: string;
}

export interface PlanSummary {
  tiers: { tier: string; pool: number; drawn: number; ratio: number | null }[];
  excluded: Record<string, number>;
  assignment: {
    assigned: number;
    unassignable: number;
    byReason: Record<string, number>;
    inspectorsUsed: number;
    maxLoad: number;
  };
  stages?: PlanStage[];
  /** Enterprises not drawn because an open task carries one of the items (docs/inspection-limits.md). */
  jointVisits?: JointVisit[];
}

interface PlanRow {
  id: string;
  name: string;
  window_start: string;
  window_end: string;
  scope: PlanRequest['scope'];
  items: PlanRequest['items'];
  draw_kind: string;
  seed: string;
  seed_source: SeedSource | null;
  drawn_at: Date | null;
  frequency_version: string;
  pool_digest: string;
  pool_size: number;
  selected: number;
  summary: PlanSummary;
  status: string;
  created_by: string;
  created_at: Date;
}

const TASK_BATCH = 5000;

/**
 * 双随机 plans: the eligible pool (tiered enterprises of the scope that the frequency rules allow into
 * a random draw on the plan's date), strata from the frequency rule set (the plan may override
 * ratios within the bands), then the pool is frozen — its digest (and the roster's) committed to the
 * audit chain — and only then is the seed drawn from a CSPRNG (unless the caller gave one, which the
 * export then says: seedSource "caller"), so nobody can choose a seed knowing the pool it will be
 * applied to, nor change the pool once the seed is known. The seeded draw and the inspector
 * assignment (libs/domain, documented in docs/sampling.md) follow, then in ONE transaction the plan
 * with its exported document, its tasks and one dispatch job per task through the outbox
 * (job id = task id).
 */
/** A plan's pool before it is drawn (POST /inspection-plans/preview). */
export interface PlanPreview {
  frequencyVersion: string;
  planDate: string;
  pool: number;
  toDraw: number;
  tiers: { tier: string; pool: number; ratio: number | null; toDraw: number }[];
  excluded: Record<string, number>;
}

@Injectable()
export class PlanService {
  private readonly logger = new Logger(PlanService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ruleData: RuleDataStore,
  ) {}

  /** `body`: a CreatePlanDto the ValidationPipe checked, or a plain object (checked here with the same class). */
  /**
   * What a plan would draw from, without drawing: per tier the eligible pool, the ratio and the
   * number a draw would take (the draw's own ceil), and the enterprises left out by reason. Nothing
   * is stored, frozen or audited.
   */
  async preview(body: unknown): Promise<PlanPreview> {
    const { plan, planDate, frequency, evaluator, strata } = await this.prepare(body, this.clock.now());
    const { pool, excluded } = await this.eligiblePool(plan, planDate, frequency, evaluator);
    const sizes = new Map<string, number>();
    for (const entry of pool) sizes.set(entry.tier, (sizes.get(entry.tier) ?? 0) + 1);
    const tiers = strata.map((s) => ({
      tier: s.tier,
      pool: sizes.get(s.tier) ?? 0,
      ratio: s.ratio ?? null,
      toDraw: stratumTarget(s, sizes.get(s.tier) ?? 0),
    }));
    return {
      frequencyVersion: frequency.version,
      planDate,
      pool: pool.length,
      toDraw: tiers.reduce((sum, t) => sum + t.toDraw, 0),
      tiers,
      excluded,
    };
  }

  /** The checked request, the frequency rule set of the plan date and the strata with the plan's ratios. */
  private async prepare(body: unknown, now: Date) {
    const plan = checkedPlanRequest(body);
    const planDate = plan.window.start > shanghaiDateOf(now) ? plan.window.start : shanghaiDateOf(now);
    const { ruleSet: frequencyDoc } = await this.ruleSets.inForce('frequency', planDate);
    const frequency = asFrequencyRuleSet(frequencyDoc);
    const evaluator = compileRules(frequency.rules).evaluator;

    // Strata: the rule set's ratio per tier, the plan's overrides within the bands.
    const { strata: defaults } = await samplingStrata(
      frequency,
      { tags: [], in_observation: false },
      evaluator,
    );
    const tiers = plan.scope.tiers ?? defaults.map((s) => s.tier);
    const strata: StratumSpec[] = defaults
      .filter((s) => tiers.includes(s.tier))
      .map((s) => ({ tier: s.tier, ratio: plan.ratioOverrides[s.tier] ?? s.ratio }));
    const items = plan.items.every((i) => i.type === 'key') ? 'key' : 'general';
    const strataProblems = checkPlanStrata(frequency.outcome, strata, items).map((p) => ({
      path: p.path.replace(
        /^strata\[(\d+)\]\.ratio$/,
        (_, i: string) => `ratioOverrides.${strata[Number(i)].tier}`,
      ),
      message: p.message,
    }));
    if (strataProblems.length > 0)
      throw new DomainError(ErrorCode.ValidationFailed, 'invalid ratio overrides', strataProblems);
    return { plan, planDate, frequency, evaluator, strata };
  }

  async create(body: unknown, actor: string): Promise<PlanView> {
    const stages: PlanStage[] = [];
    const stage = async <T>(name: string, fn: () => Promise<T> | T, rows: (t: T) => number): Promise<T> => {
      const t0 = performance.now();
      const out = await fn();
      stages.push({ stage: name, ms: Math.round(performance.now() - t0), rows: rows(out) });
      return out;
    };
    const now = this.clock.now();
    const { plan, planDate, frequency, evaluator, strata } = await this.prepare(body, now);
    const inspectorsPerTask = this.inspectorsPerVisit(plan.inspectorsPerTask, now);

    const { pool, excluded, offers } = await stage(
      'pool',
      () => this.eligiblePool(plan, planDate, frequency, evaluator),
      (r) => r.pool.length,
    );
    const roster = await stage(
      'roster',
      () => loadRoster(this.dataSource, plan.window.start),
      (r) => r.length,
    );
    const previous = await previousAssignments(this.dataSource);
    const requiredQualifications = [...new Set(plan.items.map((i) => i.qualification ?? i.name))].sort();
    const planId = uuidv7();
    const seedSource: SeedSource = plan.seed === undefined ? 'server' : 'caller';
    const frozen = await stage(
      'freeze pool',
      () =>
        freezePool(this.dataSource, this.audit, {
          planId,
          name: plan.name,
          scope: plan.scope,
          drawType: plan.draw,
          frequencyVersion: frequency.version,
          pool,
          strata,
          roster,
          previousAssignments: previous,
          seedSource,
          actor,
        }),
      () => pool.length,
    );
    // After the commit above, never before: the seed must not exist while the pool can still change.
    const seed = plan.seed ?? randomBytes(16).toString('hex');
    const drawnAt = this.clock.now();
    const exported = await stage(
      'draw and assign',
      () =>
        createPlan({
          seed,
          strata,
          pool,
          requiredQualifications,
          inspectorsPerTask,
          roster,
          previousAssignments: previous,
          indexedPool: frozen.indexed,
          plan: {
            name: plan.name,
            window: plan.window,
            items: plan.items,
            frequencyVersion: frequency.version,
            planDate,
          },
          provenance: { planId, scope: plan.scope, drawType: plan.draw, drawnAt, seedSource },
        }),
      (e) => e.result.tasks.length,
    );
    if (exported.poolDigest !== frozen.poolDigest) {
      throw new Error(`plan ${planId}: the drawn pool digests to ${exported.poolDigest}, not the frozen one`);
    }
    const summary = summarise(exported, excluded);
    summary.stages = stages;
    summary.jointVisits = offers.map((o) => ({ ...o, joined: false }));
    const start = startOfShanghaiDay(plan.window.start);
    const scheduled = start.getTime() > now.getTime() ? start : now;
    const due = endOfShanghaiDay(plan.window.end);
    const tasks = exported.result.tasks.map((t, seq) => ({
      id: uuidv7(),
      seq,
      uscc: t.uscc,
      tier: t.tier,
      status: t.status === 'assigned' ? 'assigned' : 'pending',
      inspector_ids: t.status === 'assigned' ? t.inspectors : [],
      unassignable_reason: t.status === 'assigned' ? null : `${t.reason.code}: ${t.reason.message}`,
    }));
    const writeStart = performance.now();
    // The exported document is written and gzipped piece by piece (compression in libuv's thread
    // pool) while the tasks are written; the plan row takes it last, in the same transaction.
    const exportBlob = gzipPieces(exportedPlanJson(exported));
    exportBlob.catch(() => undefined); // awaited below; a failed transaction must not leave it unhandled
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO inspection_plans (id, name, window_start, window_end, scope, items, draw_kind, ratio_overrides, seed,
                                       frequency_version, pool_digest, pool_size, export, selected, summary, created_by,
                                       seed_source, drawn_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          planId,
          plan.name,
          plan.window.start,
          plan.window.end,
          JSON.stringify(plan.scope),
          JSON.stringify(plan.items),
          plan.draw,
          JSON.stringify(plan.ratioOverrides),
          seed,
          frequency.version,
          exported.poolDigest,
          pool.length,
          Buffer.alloc(0),
          tasks.length,
          JSON.stringify(summary),
          actor,
          seedSource,
          drawnAt,
        ],
      );
      const delayMs = Math.max(0, scheduled.getTime() - now.getTime());
      // COPY (tasks and their outbox rows): INSERT … SELECT FROM jsonb_to_recordset parsed one large
      // JSON document per batch and returned every outbox id, for nothing.
      const client = (m.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const fixed = copyFields([
        planId,
        'random',
        JSON.stringify(plan.items),
        scheduled.toISOString(),
        due.toISOString(),
      ]);
      for (let i = 0; i < tasks.length; i += TASK_BATCH) {
        const batch = tasks.slice(i, i + TASK_BATCH);
        const lines = batch.map(
          (t) =>
            `${copyFields([t.id, t.seq, t.uscc, t.tier, t.status, textArrayLiteral(t.inspector_ids), t.unassignable_reason])}\t${fixed}\n`,
        );
        await pipeline(
          Readable.from([lines.join('')]),
          client.query(
            copyFrom(
              `COPY inspection_tasks (id, seq, uscc, tier, status, inspector_ids, unassignable_reason, plan_id, kind, items,
                                      scheduled_start, due_at) FROM STDIN`,
            ),
          ),
        );
        await this.outbox.appendMany(
          m,
          batch.map((t) => ({
            item: { name: JobName.InspectionDispatch, data: { taskId: t.id } },
            // Due when the window opens: stored as that instant (now + the delay on the service clock).
            options: { jobId: t.id, delayMs },
          })),
        );
      }
      await m.query(`UPDATE inspection_plans SET export = $2 WHERE id = $1`, [planId, await exportBlob]);
      await this.audit.append(m, [
        {
          actor,
          action: PLAN_CREATED,
          entityType: 'inspection_plan',
          entityId: planId,
          data: {
            name: plan.name,
            seed,
            seedSource,
            drawnAt: exported.drawnAt,
            poolDigest: exported.poolDigest,
            pool: pool.length,
            selected: tasks.length,
          },
        },
      ]);
      if (plan.joinOverlapping)
        summary.jointVisits = await joinVisits(m, this.audit, planId, plan.items, offers, actor, drawnAt);
    });
    stages.push({
      stage: 'write tasks and jobs',
      ms: Math.round(performance.now() - writeStart),
      rows: tasks.length,
    });
    await this.dataSource.query(`UPDATE inspection_plans SET summary = $2 WHERE id = $1`, [
      planId,
      JSON.stringify(summary),
    ]);
    this.logger.log(
      `plan ${planId} "${plan.name}": pool ${pool.length}, drawn ${tasks.length}, ${summary.assignment.unassignable} unassignable, seed ${seed}`,
    );
    return this.get(planId);
  }

  async get(id: string): Promise<PlanView> {
    const row = await this.row(id);
    return {
      id: row.id,
      name: row.name,
      window: { start: row.window_start, end: row.window_end },
      scope: row.scope,
      items: row.items,
      draw: row.draw_kind,
      seed: row.seed,
      seedSource: row.seed_source,
      drawnAt: row.drawn_at ? new Date(row.drawn_at).toISOString() : null,
      frequencyVersion: row.frequency_version,
      poolDigest: row.pool_digest,
      poolSize: row.pool_size,
      selected: row.selected,
      summary: row.summary,
      status: row.status,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** The plan as published for anyone to re-run the draw (format tierwatch-plan/2; /1 before it). */
  async export(id: string): Promise<ExportedPlan> {
    await this.row(id);
    const [{ export: blob }]: { export: Buffer }[] = await this.dataSource.query(
      `SELECT export FROM inspection_plans WHERE id = $1`,
      [id],
    );
    return JSON.parse(gunzipSync(blob).toString('utf8')) as ExportedPlan;
  }

  /**
   * Re-runs the draw and the assignment from the stored document and compares them with it and
   * with the tasks in the database: a changed pool, selection or assignment is named. For plans drawn
   * with a recorded seed source, the audit chain must also show the pool frozen (same digest) before
   * the plan was created with its seed.
   */
  async verify(id: string): Promise<{ ok: boolean; mismatches: { path: string; message: string }[] }> {
    const row = await this.row(id);
    const exported = await this.export(id);
    const result = verifyPlan(exported, { publishedPoolDigest: row.pool_digest });
    const mismatches = [...result.mismatches];
    if (row.seed_source !== null)
      mismatches.push(...(await checkFrozenPool(this.dataSource, id, exported.poolDigest)));
    const stored: { seq: number; uscc: string; inspector_ids: string[]; status: string }[] =
      await this.dataSource.query(
        `SELECT seq, uscc, inspector_ids, status FROM inspection_tasks WHERE plan_id = $1 ORDER BY seq`,
        [id],
      );
    const expected = exported.result.tasks;
    if (stored.length !== expected.length) {
      mismatches.push({
        path: 'tasks',
        message: `the database holds ${stored.length} task(s), the plan ${expected.length}`,
      });
    }
    for (let i = 0; i < Math.min(stored.length, expected.length) && mismatches.length < 100; i++) {
      const s = stored[i];
      const e = expected[i];
      if (s.uscc.trim() !== e.uscc) {
        mismatches.push({ path: `tasks[${i}].uscc`, message: `stored ${s.uscc.trim()}, drawn ${e.uscc}` });
      }
      const inspectors = e.status === 'assigned' ? e.inspectors : [];
      if (s.status !== 'cancelled' && s.inspector_ids.join(',') !== inspectors.join(',')) {
        mismatches.push({
          path: `tasks[${i}].inspectors`,
          message: `stored [${s.inspector_ids.join(', ')}], drawn [${inspectors.join(', ')}]`,
        });
      }
    }
    return { ok: mismatches.length === 0, mismatches };
  }

  private async row(id: string): Promise<PlanRow> {
    const rows: PlanRow[] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.query(
          `SELECT id, name, window_start::text, window_end::text, scope, items, draw_kind, seed, seed_source, drawn_at,
                  frequency_version,
                  pool_digest, pool_size, selected, summary, status, created_by, created_at
             FROM inspection_plans WHERE id = $1`,
          [id],
        )
      : [];
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no inspection plan ${id}`);
    return rows[0];
  }

  /** Tiered enterprises of the scope, minus those the frequency rules keep out of a random draw now. */
  /** Inspectors per visit: the plan's number, or the rules' default; never below the rules' minimum. */
  private inspectorsPerVisit(asked: number | undefined, now: Date): number {
    const { minimum, default: byDefault, source } = this.ruleData.deadlinesAt(now).rules.inspectorsPerVisit;
    if (asked !== undefined && asked < minimum) {
      throw new DomainError(ErrorCode.ValidationFailed, 'too few inspectors per visit', [
        { path: 'inspectorsPerTask', message: `must be at least ${minimum} (${source})` },
      ]);
    }
    return asked ?? byDefault;
  }

  private async eligiblePool(
    plan: PlanRequest,
    planDate: string,
    frequency: ReturnType<typeof asFrequencyRuleSet>,
    evaluator: ReturnType<typeof compileRules>['evaluator'],
  ): Promise<{
    pool: PoolEntry[];
    excluded: Record<string, number>;
    offers: (Omit<JointVisit, 'joined'> & { uscc: string })[];
  }> {
    // One row per (tier, region, food, grade) with its enterprises' codes joined: tens of rows
    // instead of one per enterprise (a 1M pool as 1M row objects cost seconds of parsing and garbage
    // collection and ~200 MB). The latest grade of each graded enterprise is joined once (a
    // sub-select per enterprise cost 6 µs each even on an empty grades table). A group's text is
    // ~19 bytes per enterprise: far below PostgreSQL's 1 GB limit for any one region.
    const groups: PoolGroup[] = await this.dataSource.query(
      `SELECT e.current_tier AS tier, e.region_code AS region, 'food' = ANY(e.tags) AS food, g.grade AS compliance,
              string_agg(e.uscc::text, ',') AS usccs
         FROM enterprises e
         LEFT JOIN (SELECT DISTINCT ON (uscc) uscc, grade FROM platform_compliance_grades
                     ORDER BY uscc, recorded_at DESC, id DESC) g ON g.uscc = e.uscc
        WHERE e.current_tier IS NOT NULL
          AND ($1::text IS NULL OR e.region_code LIKE $1 || '%')
          AND ($2::text[] IS NULL OR e.industry_code LIKE ANY (SELECT p || '%' FROM unnest($2::text[]) p))
          AND ($3::text[] IS NULL OR e.current_tier = ANY($3::text[]))
          AND ($4::text IS NULL OR $4 = ANY(e.tags))
        GROUP BY 1, 2, 3, 4`,
      [
        plan.scope.regionPrefix ?? null,
        plan.scope.industries ?? null,
        plan.scope.tiers ?? null,
        plan.scope.tag ?? null,
      ],
    );
    // Inspection history of the pool's enterprises that have any (most have none).
    const year = planDate.slice(0, 4);
    const history = new Map<string, InspectionHistory>();
    const past: { uscc: string; last_random: string | null }[] = await this.dataSource.query(
      `SELECT uscc::text AS uscc,
              max(to_char(result_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) FILTER (WHERE kind = 'random') AS last_random
         FROM inspection_tasks WHERE result_at IS NOT NULL AND status <> 'cancelled' GROUP BY uscc`,
    );
    // The annual cap counts the year's visits per department of the plan's items; open tasks
    // overlapping the plan keep their enterprise out (plan-overlap.ts).
    const limits = await planLimits(this.dataSource, plan, year);
    for (const p of past) {
      history.set(p.uscc, {
        lastRandomInspectionOn: p.last_random ?? undefined,
        inspectionsThisYearByAuthority: limits.loads.get(p.uscc) ?? 0,
      });
    }
    for (const [uscc, load] of limits.loads) {
      if (!history.has(uscc)) history.set(uscc, { inspectionsThisYearByAuthority: load });
    }
    // In an observation period or a sandbox on the plan date (libs/supervision): one query.
    const supervised = await supervisionStatusOn(this.dataSource, planDate);
    // A policy depends on the tier, the food tag and observation only: evaluated once per combination.
    const policies = new Map<string, FrequencyPolicy>();
    // A frequency version may reward platform compliance (合规激励): facts declared from
    // platform.compliance_grade get the latest recorded grade (absent: the declared default).
    const complianceFacts = Object.entries(frequency.facts)
      .filter(([, d]) => d.from === 'platform.compliance_grade')
      .map(([name]) => name);
    const compliance = (g: PoolGroup) =>
      g.compliance === null ? {} : Object.fromEntries(complianceFacts.map((f) => [f, g.compliance]));
    const keyOf = (g: PoolGroup, observed: boolean) =>
      `${g.tier}|${g.food}|${observed}|${complianceFacts.length ? g.compliance : ''}`;
    const policyOf = async (g: PoolGroup, observed: boolean): Promise<FrequencyPolicy> => {
      const key = keyOf(g, observed);
      let policy = policies.get(key);
      if (!policy) {
        policy = await evaluateFrequencyPolicy(
          frequency,
          g.tier,
          { tags: g.food ? ['food'] : [], in_observation: observed, ...compliance(g) },
          evaluator,
        );
        policies.set(key, policy);
      }
      return policy;
    };
    const pool: PoolEntry[] = [];
    const excluded: Record<string, number> = {};
    const none: InspectionHistory = { inspectionsThisYearByAuthority: 0 };
    const offers: { uscc: string; jointWith: string; overlapping: string[] }[] = [];
    for (const g of groups) {
      let plain: FrequencyPolicy | undefined;
      let observed: FrequencyPolicy | undefined;
      for (const uscc of g.usccs.split(',')) {
        // (Most plans meet empty maps here: no lookup then, a million times over.)
        const offer = limits.overlaps.size === 0 ? undefined : limits.overlaps.get(uscc);
        if (offer) {
          excluded[OPEN_TASK_OVERLAP] = (excluded[OPEN_TASK_OVERLAP] ?? 0) + 1;
          offers.push({ uscc, ...offer });
          continue;
        }
        const cause = supervised.size === 0 ? undefined : supervised.get(uscc);
        const policy =
          cause === undefined ? (plain ??= await policyOf(g, false)) : (observed ??= await policyOf(g, true));
        const h = history.size === 0 ? undefined : history.get(uscc);
        if (policy.excludedFromRandomDraw || h) {
          const eligibility = randomDrawEligibility(policy, h ?? none, planDate);
          if (!eligibility.eligible) {
            for (const reason of eligibility.reasons) {
              // The rules' exclusion of an enterprise under observation is counted by its cause.
              const code = reason.code === 'excluded' ? (cause ?? reason.code) : reason.code;
              excluded[code] = (excluded[code] ?? 0) + 1;
            }
            continue;
          }
        }
        pool.push({ uscc, tier: g.tier, region: g.region });
      }
    }
    return { pool, excluded, offers };
  }
}

/** Gzips text given in pieces (level 1): the whole text is never one string. */
async function gzipPieces(pieces: Iterable<string>): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), createGzip({ level: 1 }), async (gzipped: AsyncIterable<Buffer>) => {
    for await (const chunk of gzipped) out.push(chunk);
  });
  return Buffer.concat(out);
}

function summarise(exported: ExportedPlan, excluded: Record<string, number>): PlanSummary {
  const byReason: Record<string, number> = {};
  const load: Record<string, number> = {};
  let assigned = 0;
  for (const t of exported.result.tasks) {
    if (t.status === 'assigned') {
      assigned++;
      for (const i of t.inspectors) load[i] = (load[i] ?? 0) + 1;
    } else {
      byReason[t.reason.code] = (byReason[t.reason.code] ?? 0) + 1;
    }
  }
  return {
    tiers: exported.result.strata.map((s) => ({
      tier: s.tier,
      pool: s.poolSize,
      drawn: s.target,
      ratio: s.ratio ?? null,
    })),
    excluded,
    assignment: {
      assigned,
      unassignable: exported.result.tasks.length - assigned,
      byReason,
      inspectorsUsed: Object.keys(load).length,
      maxLoad: Math.max(0, ...Object.values(load)),
    },
  };
}

/** Enterprises of a plan's pool that share a tier, region, food tag and latest compliance grade. */
interface PoolGroup {
  tier: string;
  region: string;
  food: boolean;
  compliance: string | null;
  /** Their codes, joined by commas. */
  usccs: string;
}
