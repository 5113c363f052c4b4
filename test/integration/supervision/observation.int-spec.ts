import { AssessmentService } from '@app/assessment';
import { AuditService } from '@app/audit';
import { shanghaiDateOf } from '@app/domain';
import { parseInput } from '@app/ingestion';
import { RuleSetStore } from '@app/rulesets';
import { ObservationAssessmentHook, ObservationQueryService, periodEndsOn } from '@app/supervision';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { InspectionServices, inspectionServices } from '../../support/inspection';
import { TestEnv } from '../../support/test-env';

describe('observation periods (观察期): automatic entry and exit on assessment, plan exclusion, triggers still reach', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ruleSets: RuleSetStore;
  let assessments: AssessmentService;
  let reads: ObservationQueryService;
  let s: InspectionServices;
  const today = shanghaiDateOf(new Date());
  const FLAGGED = usccOf(301); // flagged at registration
  const MAPPED = usccOf(302); // industry I6550 → 05 互联网与现代信息技术服务
  const FOOD = usccOf(303); // a new business form in a red-line field
  const ORDINARY = usccOf(304);
  const SERIOUS = usccOf(305); // a new business form that later gets a serious penalty
  const ALL = [FLAGGED, MAPPED, FOOD, ORDINARY, SERIOUS];
  const nbf = {
    industryCode: 'I6531',
    tags: ['new-business-form'],
    newBusinessForm: true,
    establishedOn: '2023-03-01',
  };
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, parseInput('json', Readable.from([JSON.stringify(rows)])), {
      actor: 'test',
    });
  const assess = async (usccs: string[]) => {
    const { ruleSet } = await ruleSets.inForce('tiering', today);
    return assessments.assessBatch(ruleSet, usccs, { asOf: today, trigger: 'manual' });
  };
  const periods = (uscc: string) =>
    ds.query(
      `SELECT source, started_on::text, ends_on::text, ended_on::text, end_source, end_reason, start_reason,
              start_rule_version, end_rule_version FROM observation_periods WHERE uscc = $1 ORDER BY started_at`,
      [uscc],
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const audit = new AuditService(ds, new ClsService(new AsyncLocalStorage()));
    ruleSets = new RuleSetStore(ds);
    assessments = new AssessmentService(ds, [new ObservationAssessmentHook(ds, ruleSets, audit)]);
    reads = new ObservationQueryService(ds);
    s = inspectionServices(ds, env.config);
    await ingest('enterprises', [
      enterpriseRow(301, nbf),
      enterpriseRow(302, { industryCode: 'I6550', tags: [], establishedOn: '2022-05-01' }),
      enterpriseRow(303, { ...nbf, tags: ['food', 'new-business-form'] }),
      enterpriseRow(304, { industryCode: 'F5191', tags: [] }),
      enterpriseRow(305, nbf),
    ]);
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('starts a period for eligible new business forms (flag or mapping) on assessment, with reason, rule version and length', async () => {
    const result = await assess(ALL);
    expect(result.assessed).toBe(5);
    const tiers: { uscc: string; current_tier: string }[] = await ds.query(
      `SELECT uscc::text, current_tier FROM enterprises WHERE uscc = ANY($1::bpchar[])`,
      [ALL],
    );
    for (const t of tiers) expect(['A', 'B']).toContain(t.current_tier);
    const ends = periodEndsOn(today, 24);
    for (const uscc of [FLAGGED, MAPPED, SERIOUS]) {
      expect(await periods(uscc)).toEqual([
        {
          source: 'rule',
          started_on: today,
          ends_on: ends,
          ended_on: null,
          end_source: null,
          end_reason: null,
          start_reason: '属于新产业新业态新商业模式, 给予最长24个月观察期',
          start_rule_version: '2026.1',
          end_rule_version: null,
        },
      ]);
    }
    expect(await periods(FOOD)).toEqual([]);
    expect(await periods(ORDINARY)).toEqual([]);
    const audit: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'observation.started'`,
    );
    expect(audit[0].n).toBe(3);

    // Assessing again changes nothing.
    await assess(ALL);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM observation_periods`);
    expect(n).toBe(3);
  });

  it('reads the current period with days remaining and the history, and lists active periods by region', async () => {
    const view = await reads.ofEnterprise(FLAGGED);
    expect(view.current).toMatchObject({
      status: 'active',
      source: 'rule',
      startedOn: today,
      startRuleVersion: '2026.1',
    });
    expect(view.current!.daysRemaining).toBeGreaterThanOrEqual(730);
    expect(view.current!.startDetail).toMatchObject({ eligible: true, months: 24 });
    expect(view.history).toHaveLength(1);
    const listed = await reads.list({ status: 'active', regions: ['3301'], limit: 100, offset: 0 });
    expect(listed.items.map((p) => p.uscc).sort()).toEqual([FLAGGED, MAPPED, SERIOUS].sort());
    expect((await reads.list({ regions: ['35'], limit: 100, offset: 0 })).total).toBe(0);
    const ending = await reads.list({ endingWithinDays: 30, regions: null, limit: 100, offset: 0 });
    expect(ending.total).toBe(0);
  });

  it('ends a rule-started period on a red-line violation at the next assessment, keeps the history and never restarts it', async () => {
    await ingest('records', [
      {
        uscc: SERIOUS,
        type: 'administrative_penalty',
        severity: 'serious',
        occurredOn: today,
        source: 'samr-penalty',
        sourceRecordId: 'OBS-SERIOUS-1',
        payload: { measure: 'fine', amount: '200000' },
      },
    ]);
    await assess([SERIOUS]);
    const [ended] = await periods(SERIOUS);
    expect(ended).toMatchObject({ ended_on: today, end_source: 'red_line', end_rule_version: '2026.1' });
    expect(ended.end_reason).toMatch(/严重违法记录/);
    const view = await reads.ofEnterprise(SERIOUS);
    expect(view.current).toBeNull();
    expect(view.history[0]).toMatchObject({ status: 'ended', endSource: 'red_line' });
    const [audit] = await ds.query(
      `SELECT actor, data FROM audit_log WHERE action = 'observation.ended' AND data->>'uscc' = $1`,
      [SERIOUS],
    );
    expect(audit.actor).toBe('rule:observation@2026.1');
    expect(audit.data).toMatchObject({ endSource: 'red_line', ruleVersion: '2026.1' });
    await assess([SERIOUS]);
    expect(await periods(SERIOUS)).toHaveLength(1);
  });

  it('does not end a period a regulator started when the rules would not have chosen the enterprise', async () => {
    await ds.query(
      `INSERT INTO observation_periods (id, uscc, source, started_on, ends_on, start_reason, started_by)
       VALUES ('018f0000-0000-7000-8000-000000000304', $1, 'regulator', $2::date, $2::date + 180, '试点', 'regulator:alice')`,
      [ORDINARY, today],
    );
    await assess([ORDINARY]);
    expect(await periods(ORDINARY)).toEqual([
      expect.objectContaining({ source: 'regulator', ended_on: null }),
    ]);
  });

  it('leaves enterprises in observation out of a random plan with the reason in_observation, yet a trigger still reaches them', async () => {
    const plan = await s.plans.create(
      {
        name: 'observation plan',
        window: { start: today, end: today },
        scope: { regionPrefix: '33' },
        items: [{ name: '一般事项', type: 'general', department: '综合执法' }],
        draw: 'undirected',
        seed: 'observation-plan',
      },
      'alice',
    );
    // FLAGGED, MAPPED (rules) and ORDINARY (regulator) are in observation; FOOD and SERIOUS are not.
    expect(plan.summary.excluded).toEqual({ in_observation: 3 });
    expect(plan.poolSize).toBe(2);
    const drawn: { uscc: string }[] = await ds.query(
      `SELECT uscc::text FROM inspection_tasks WHERE plan_id = $1`,
      [plan.id],
    );
    for (const t of drawn) expect([FOOD, SERIOUS]).toContain(t.uscc);

    await ingest(
      'records',
      [1, 2, 3, 4, 5].map((n) => ({
        uscc: FLAGGED,
        type: 'complaint',
        source: '12315',
        sourceRecordId: `OBS-C-${n}`,
        severity: 'low',
        occurredAt: new Date(Date.now() - n * 86_400_000).toISOString(),
      })),
    );
    s.clock.current = new Date();
    const triggered = await s.triggers.check([FLAGGED]);
    expect(triggered.created.map((c) => [c.uscc, c.code])).toEqual([[FLAGGED, 'complaints_surge']]);
  });

  it('ends a period early, even one a regulator started, on a serious trigger (endsObservation), with its audit entry', async () => {
    await ingest('records', [
      {
        uscc: ORDINARY,
        type: 'monitoring_alert',
        source: 'monitor',
        sourceRecordId: 'OBS-M-1',
        severity: 'high',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
    ]);
    s.clock.current = new Date();
    const triggered = await s.triggers.check([ORDINARY]);
    expect(triggered.created.map((c) => c.code)).toEqual(['monitoring_alert_high']);
    expect(await periods(ORDINARY)).toEqual([
      expect.objectContaining({
        source: 'regulator',
        ended_on: today,
        end_source: 'trigger',
        end_rule_version: '2026.2',
      }),
    ]);
    const [audit] = await ds.query(
      `SELECT actor, data FROM audit_log WHERE action = 'observation.ended' AND data->>'uscc' = $1`,
      [ORDINARY],
    );
    expect(audit).toMatchObject({
      actor: 'triggers@2026.2',
      data: { endSource: 'trigger', trigger: 'monitoring_alert_high', taskId: triggered.created[0].taskId },
    });
    // A trigger not marked serious leaves a period alone (FLAGGED's complaints above).
    expect((await reads.ofEnterprise(FLAGGED)).current).not.toBeNull();
  });
});
