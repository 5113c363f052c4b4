import { shanghaiDateOf } from '@app/domain';
import { AssessmentService } from '@app/assessment';
import {
  RuleSetAuthoringService,
  RuleSetPublicationService,
  RuleSetStore,
  RuleSetVersionRepository,
  type RuleSetVersionView,
} from '@app/rulesets';
import { SimulationRunner, SimulationService, type SimulationResult } from '@app/simulation';
import { InspectorService, PlanService, TaskService } from '@app/inspection';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-paths';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DemoSeed } from '../demo-seed';
import { InspectionLimitsDemoStep } from '../demo/inspection-limits.demo-step';
import { SelfServiceDemoStep } from '../demo/self-service.demo-step';
import { CapitalDemoStep } from '../demo/capital.demo-step';
import { SupervisionDemoStep } from '../demo/supervision.demo-step';
import { ConsoleDemoStep } from '../demo/console.demo-step';

const PROVINCE: Record<string, string> = {
  '33': '浙江 Zhejiang',
  '35': '福建 Fujian',
  '37': '山东 Shandong',
};

/** Migrates, seeds the demo stories and prints what tierwatch now knows, end to end. */
@Command({ name: 'demo', description: 'migrate, seed the demo stories and show what tierwatch knows' })
export class DemoCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly demo: DemoSeed,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly assessments: AssessmentService,
    private readonly ruleSets: RuleSetStore,
    private readonly inspectors: InspectorService,
    private readonly plans: PlanService,
    private readonly tasks: TaskService,
    private readonly authoring: RuleSetAuthoringService,
    private readonly publication: RuleSetPublicationService,
    private readonly versions: RuleSetVersionRepository,
    private readonly simulations: SimulationService,
    private readonly simulationRunner: SimulationRunner,
    private readonly inspectionLimits: InspectionLimitsDemoStep,
    private readonly selfService: SelfServiceDemoStep,
    private readonly capital: CapitalDemoStep,
    private readonly supervisionStep: SupervisionDemoStep,
    private readonly consoleStep: ConsoleDemoStep,
  ) {
    super();
  }

  async run(): Promise<void> {
    const db = new URL(this.config.databaseUrl);
    console.log(
      `\n== tierwatch demo ==  database ${db.host}${db.pathname}, redis prefix "${this.config.redisPrefix}"\n`,
    );

    const applied = await migrateWithLock(this.dataSource);
    console.log(
      `1. schema: ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'up to date'}`,
    );

    const { enterprises, records } = await this.demo.load();
    console.log(
      `2. demo stories ingested through the real ingestion path (validate, COPY, upsert, audit):\n` +
        `   enterprises ${enterprises.accepted} new, ${enterprises.updated} updated, ${enterprises.unchanged} unchanged; ` +
        `records ${records.accepted} new, ${records.updated} updated, ${records.unchanged} unchanged ` +
        `(fixed ids: re-running changes nothing)`,
    );

    const [totals] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE is_platform)::int AS platforms,
              count(*) FILTER (WHERE new_business_form)::int AS nbf FROM enterprises`,
    );
    const byProvince: { p: string; n: number }[] = await this.dataSource.query(
      `SELECT left(region_code, 2) AS p, count(*)::int AS n FROM enterprises GROUP BY 1 ORDER BY 1`,
    );
    console.log(
      `3. the register: ${totals.total} enterprises (${byProvince.map((r) => `${PROVINCE[r.p] ?? r.p} ${r.n}`).join(', ')}); ` +
        `${totals.platforms} platforms, ${totals.nbf} new business forms (新业态)`,
    );

    const byType: { table: string; type: string; n: number }[] = await this.dataSource.query(
      `SELECT 'credit' AS table, type, count(*)::int AS n FROM credit_records GROUP BY type
       UNION ALL SELECT 'risk', type, count(*)::int FROM risk_records GROUP BY type ORDER BY 1, 3 DESC`,
    );
    console.log(`   records: ${byType.map((r) => `${r.type} ${r.n}`).join(', ')}`);

    const asOf = shanghaiDateOf(new Date());
    const { ruleSet } = await this.ruleSets.inForce('tiering', asOf);
    const stories = this.demo.stories();
    const assessed = await this.assessments.assessBatch(
      ruleSet,
      stories.map((s) => s.uscc),
      { asOf, trigger: 'manual' },
    );
    console.log(
      `4. credit tiers as of ${asOf} (rule set tiering ${ruleSet.version}, compiled rules; facts derived in PostgreSQL):\n` +
        `   ${Object.entries(assessed.tiers)
          .sort()
          .map(([t, n]) => `${t} ${n}`)
          .join(
            ', ',
          )}; ${assessed.failed} failed; assessments appended with rule version, input digest and evidence`,
    );
    const current: {
      uscc: string;
      tier: string;
      score: number;
      fired: { points: number; reason: string }[];
      overrides: { tier: string; mode: string; reason: string }[];
    }[] = await this.dataSource.query(
      `SELECT e.uscc, a.tier, a.score, a.fired, a.overrides FROM enterprises e JOIN assessments a ON a.id = e.current_assessment_id
          WHERE e.uscc = ANY($1::bpchar[])`,
      [stories.map((s) => s.uscc)],
    );
    const byUscc = new Map(current.map((c) => [c.uscc.trim(), c]));
    console.log('5. the stories:');
    for (const s of stories.filter((s) => !s.key.startsWith('ordinary-'))) {
      const a = byUscc.get(s.uscc);
      const reasons = [
        ...(a?.overrides ?? []).map((o) => `${o.mode === 'set' ? '直接' : '至多'}${o.tier}级: ${o.reason}`),
        ...(a?.fired ?? [])
          .filter((f) => f.points !== 0)
          .sort((x, y) => x.points - y.points)
          .slice(0, 3)
          .map((f) => `${f.points > 0 ? '+' : ''}${f.points} ${f.reason}`),
      ];
      console.log(`   ${a?.tier ?? '?'} (${a?.score ?? '-'})  ${s.uscc}  ${s.name}\n      ${s.story}`);
      if (reasons.length) console.log(`      why: ${reasons.join('; ')}`);
    }

    await this.inspection(asOf, stories);
    await this.ruleAuthoring(asOf);
    await this.supervisionStep.run();
    await this.inspectionLimits.run();
    await this.selfService.run();
    await this.capital.run();

    const chain = await this.audit.verify();
    const [outbox] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE delivered_at IS NULL)::int AS pending, count(*)::int AS total FROM outbox`,
    );
    console.log(
      `8. audit log: ${chain.checked} hash-chained entries, chain ${chain.ok ? 'intact' : `BROKEN at ${chain.brokenAt}`}; ` +
        `outbox: ${outbox.total} jobs written, ${outbox.pending} waiting for the worker`,
    );
    console.log(
      `\nNext: npm run start:api (OpenAPI at http://127.0.0.1:${this.config.port}/docs), npm run start:worker,\n` +
        `      TOKEN=$(npx tierwatch token --role regulator --region 33 --region 35 --region 37) and\n` +
        `      curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:${this.config.port}/api/v1/enterprises/${this.demo.stories()[0].uscc}\n`,
    );
    await this.consoleStep.run();
    if (!chain.ok) process.exitCode = 1;
  }

  /** 6. A 双随机 plan over the demo register, the draw per tier and the pairs, one task completed. */
  private async inspection(asOf: string, stories: { uscc: string; name: string }[]): Promise<void> {
    const roster = JSON.parse(
      readFileSync(join(repoRoot(), 'seeds', 'demo', 'inspectors.json'), 'utf8'),
    ) as unknown[];
    const r = await this.inspectors.upsert(roster, 'demo');
    const end = new Date(Date.parse(`${asOf}T00:00:00+08:00`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const plan = await this.plans.create(
      {
        name: `演示: ${asOf} 食品安全双随机抽查`,
        window: { start: asOf, end },
        scope: {},
        items: [{ name: '食品安全', type: 'general', department: '食品经营处', qualification: '食品安全' }],
        seed: `demo-${asOf}`,
      },
      'demo',
    );
    console.log(
      `6. 双随机 plan "${plan.name}" (roster: ${roster.length} inspectors, ${r.created} new), seed ${plan.seed}, ` +
        `frequency rules ${plan.frequencyVersion}\n   pool ${plan.poolSize} (digest ${plan.poolDigest.slice(0, 16)}…)` +
        `${Object.keys(plan.summary.excluded).length ? `, kept out: ${JSON.stringify(plan.summary.excluded)}` : ''}; per tier: ` +
        plan.summary.tiers.map((t) => `${t.tier} ${t.drawn}/${t.pool} (${(t.ratio ?? 0) * 100}%)`).join(', '),
    );
    const { items } = await this.tasks.list({ planId: plan.id, limit: 100, offset: 0 });
    const name = new Map(stories.map((s) => [s.uscc, s.name]));
    for (const t of items) {
      console.log(
        `   ${t.tier}  ${t.uscc}  ${name.get(t.uscc) ?? ''}  → ${
          t.inspectors.length ? t.inspectors.join(' + ') : `unassignable: ${t.unassignableReason}`
        }`,
      );
    }
    const task = items.find((t) => t.status === 'assigned');
    if (task) {
      await this.tasks.start(task.id, 'demo');
      const done = await this.tasks.submitResult(task.id, 'demo', {
        outcome: 'issues_found',
        findings: ['进货查验记录不全'],
        followUp: '责令限期整改',
      });
      console.log(
        `   completed ${task.uscc}: issues found; publication due by the end of ${shanghaiDateOf(new Date(done.publishDeadline!))} (Asia/Shanghai) ` +
          `(20 working days on the regulatory calendar); verify: npx tierwatch plan export ${plan.id} > plan.json && npx tierwatch plan verify plan.json`,
      );
    }
  }

  /**
   * 7. Rule authoring (issue #12): an author drafts a stricter tiering version as a JSON Patch on the
   * one in force, with scenarios of its own; a simulation shows the migration matrix and the workload
   * change on the demo register; a second person approves it (four eyes) and publishes it for the
   * first of the month after the newest published version. Re-running the demo finds the version and says where it stands.
   */
  private async ruleAuthoring(asOf: string): Promise<void> {
    // The draft builds on the newest published version (one may already be scheduled after the one in
    // force, as tiering 2026.2 is for 2027-01-01) and takes effect on the first of the month after it.
    const [newest] = await this.ruleSets.published('tiering');
    const base = newest.ruleSet.version;
    const after = [asOf, shanghaiDateOf(new Date(newest.ruleSet.effectiveFrom))].sort()[1];
    const [y, m] = after.split('-').map(Number);
    const year = m === 12 ? y + 1 : y;
    const effectiveFrom = `${year}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`;
    const label = `${year}.1-demo`;
    let version: RuleSetVersionView | undefined = await this.versions.find('tiering', label);
    if (version) {
      console.log(
        `7. rule authoring: tiering ${label} (drafted by a previous demo run) is ${version.status}` +
          `${version.effectiveFrom ? `, in force from ${(version.document as { effectiveFrom?: string }).effectiveFrom}` : ''}; see GET /api/v1/rule-sets`,
      );
      return;
    }
    const rules = newest.ruleSet.rules;
    const at = rules.findIndex((r) => r.name === 'tax-grade-d');
    version = await this.authoring.create(
      'tiering',
      {
        base,
        patch: [
          { op: 'replace', path: '/version', value: label },
          { op: 'replace', path: `/rules/${at}/event/params/points`, value: -25 },
          { op: 'add', path: '/tests', value: DEMO_SCENARIOS },
        ],
      },
      'demo:author-wang',
    );
    const report = version.scenarios;
    console.log(
      `7. rule authoring: author demo:author-wang drafts tiering ${label} from ${base} (JSON Patch: ` +
        `tax-grade-d -15 → -25 points): ${version.problems.length} problems, ${version.warnings.length} warnings, ` +
        `scenarios ${report ? `${report.passed}/${report.total} passed` : 'not run'}`,
    );
    if (version.problems.length > 0 || !report || report.failed > 0) {
      console.log(
        `   the draft cannot be approved: ${JSON.stringify(version.problems.length ? version.problems : report)}`,
      );
      process.exitCode = 1;
      return;
    }
    const simulation = await this.simulations.create(
      { kind: 'tiering', version: label, scope: { type: 'all' }, requestedBy: 'demo:author-wang' },
      'inline',
    );
    await this.simulationRunner.runInline(simulation.id, 1);
    const done = await this.simulations.get(simulation.id);
    const result: SimulationResult | null = done.result;
    if (result) {
      const moves = Object.entries(result.matrix).flatMap(([from, row]) =>
        Object.entries(row)
          .filter(([to, n]) => from !== to && n > 0)
          .map(([to, n]) => `${from}→${to} ${n}`),
      );
      const total = result.workload.total;
      console.log(
        `   simulation on the register (nothing written): ${result.changed} of ${result.enterprises} change tier` +
          `${moves.length ? ` (${moves.join(', ')})` : ''}; inspections a year ${total.old.inspectionsPerYear} → ` +
          `${total.new.inspectionsPerYear}, inspector-days ${total.old.inspectorDaysPerYear ?? '-'} → ${total.new.inspectorDaysPerYear ?? '-'}`,
      );
    } else {
      console.log(`   simulation ${simulation.id}: ${done.status}`);
    }
    try {
      await this.publication.approve('tiering', label, 'demo:author-wang');
    } catch (error) {
      console.log(`   the author approving her own draft: refused (${(error as Error).message})`);
    }
    await this.publication.approve('tiering', label, 'demo:approver-li', 'demo: reviewed the simulation');
    const scheduled = await this.publication.publish('tiering', label, effectiveFrom, 'demo:approver-li');
    console.log(
      `   approved and published by demo:approver-li: ${scheduled.status}, in force from ${effectiveFrom} ` +
        `(an activation job waits in the outbox until then and starts a re-tier run)`,
    );
  }
}

/** An enterprise with a clean record: every fact of the tiering set, none of them counting. */
const CLEAN = {
  years_in_business: 4,
  registered_capital: 3000000,
  minor_penalties_3y: 0,
  general_penalties_3y: 0,
  general_penalties_1y: 0,
  serious_penalties_5y: 0,
  serious_penalties_3y: 0,
  on_serious_dishonesty_list: false,
  on_abnormal_operation_list: false,
  abnormal_listings_3y: 0,
  license_revoked_3y: false,
  failed_spot_checks_3y: 0,
  missing_annual_reports_3y: 0,
  latest_tax_grade: 'B',
  open_court_enforcements: 0,
  commendations_3y: 0,
  high_severity_complaints_1y: 0,
  high_severity_alerts_1y: 0,
  negative_public_opinion_1y: 0,
  platform_high_risk_signals_1y: 0,
  platform_risk_signals_1y: 0,
};

/** The demo draft's own scenarios (the shipped golden ones expect the old points). */
const DEMO_SCENARIOS = [
  { name: 'clean record stays A', facts: CLEAN, expect: { tier: 'A', score: 100 } },
  {
    name: 'a D tax credit grade costs 25 points',
    facts: { ...CLEAN, latest_tax_grade: 'D' },
    expect: { tier: 'B', score: 75 },
  },
  {
    name: 'a D tax grade and a minor penalty make C',
    facts: { ...CLEAN, latest_tax_grade: 'D', minor_penalties_3y: 1 },
    expect: { tier: 'C', score: 60 },
  },
];
