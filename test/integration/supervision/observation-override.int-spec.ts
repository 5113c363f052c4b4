import { AssessmentService } from '@app/assessment';
import { AuditService } from '@app/audit';
import { shanghaiDateOf } from '@app/domain';
import { parseInput } from '@app/ingestion';
import { RuleSetStore } from '@app/rulesets';
import { ObservationAssessmentHook, ObservationService, periodEndsOn } from '@app/supervision';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('observation periods: regulator override and the daily expiry', () => {
  let env: TestEnv;
  let ds: DataSource;
  let service: ObservationService;
  let assessments: AssessmentService;
  let ruleSets: RuleSetStore;
  const today = shanghaiDateOf(new Date());
  const FOOD = usccOf(401); // a food business: the rules would never choose it
  const NBF = usccOf(402);
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, parseInput('json', Readable.from([JSON.stringify(rows)])), {
      actor: 'test',
    });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const audit = new AuditService(ds, new ClsService(new AsyncLocalStorage()));
    ruleSets = new RuleSetStore(ds);
    service = new ObservationService(ds, ruleSets, audit);
    assessments = new AssessmentService(ds, [new ObservationAssessmentHook(ds, ruleSets, audit)]);
    await ingest('enterprises', [
      enterpriseRow(401),
      enterpriseRow(402, { industryCode: 'I6532', tags: ['new-business-form'], newBusinessForm: true }),
    ]);
    const { ruleSet } = await ruleSets.inForce('tiering', today);
    await assessments.assessBatch(ruleSet, [FOOD], { asOf: today, trigger: 'manual' });
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('starts a period for any enterprise with a reason, warning when the rules would not have chosen it', async () => {
    const started = await service.override(
      FOOD,
      { action: 'start', reason: '试点企业', until: '2027-06-30' },
      'alice',
    );
    expect(started.period).toMatchObject({
      uscc: FOOD,
      status: 'active',
      source: 'regulator',
      startedOn: today,
      endsOn: '2027-06-30',
      startReason: '试点企业',
      startedBy: 'regulator:alice',
      startRuleVersion: '2026.1',
    });
    expect(started.warnings).toEqual([
      'the observation rules 2026.1 would not have chosen this enterprise: 不属于新产业新业态新商业模式; 属于食品安全、公共安全等红线领域',
    ]);
    await expect(service.override(FOOD, { action: 'start', reason: 'again' }, 'alice')).rejects.toMatchObject(
      {
        code: 'CONFLICT',
      },
    );
    // The automatic exit on assessment leaves a regulator's period alone.
    const { ruleSet } = await ruleSets.inForce('tiering', today);
    await assessments.assessBatch(ruleSet, [FOOD], { asOf: today, trigger: 'manual' });
    const [open] = await ds.query(`SELECT ended_at FROM observation_periods WHERE uscc = $1`, [FOOD]);
    expect(open.ended_at).toBeNull();
  });

  it('ends the open period by a regulator, audited; a second end is a conflict', async () => {
    const ended = await service.override(FOOD, { action: 'end', reason: '试点结束' }, 'bob');
    expect(ended.period).toMatchObject({
      status: 'ended',
      endedOn: today,
      endSource: 'regulator',
      endReason: '试点结束',
      endedBy: 'regulator:bob',
    });
    const actions: { action: string; actor: string }[] = await ds.query(
      `SELECT action, actor FROM audit_log WHERE data->>'uscc' = $1 ORDER BY id`,
      [FOOD],
    );
    expect(actions).toEqual([
      { action: 'observation.started', actor: 'regulator:alice' },
      { action: 'observation.ended', actor: 'regulator:bob' },
    ]);
    await expect(service.override(FOOD, { action: 'end', reason: 'x' }, 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('defaults the length to the rule set’s maxMonths and refuses a past end date', async () => {
    await expect(
      service.override(NBF, { action: 'start', reason: 'x', until: '2020-01-01' }, 'alice'),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'until' }] });
    const { period, warnings } = await service.override(NBF, { action: 'start', reason: '备案' }, 'alice');
    // NBF has no tier yet: the rules cannot be evaluated, which the answer says.
    expect(warnings).toEqual([
      'the observation rules could not be evaluated (no tier yet?): eligibility was not checked',
    ]);
    expect(period.endsOn).toBe(periodEndsOn(today, 24));
  });

  it('expires periods past their last day once (the daily job), returning the enterprise to normal supervision', async () => {
    await ds.query(
      `UPDATE observation_periods SET started_on = $2::date - 30, ends_on = $2::date - 1 WHERE uscc = $1 AND ended_at IS NULL`,
      [NBF, today],
    );
    expect(await service.expire(today)).toBe(1);
    expect(await service.expire(today)).toBe(0);
    const [row] = await ds.query(
      `SELECT ended_on::text, end_source, end_reason FROM observation_periods WHERE uscc = $1`,
      [NBF],
    );
    expect(row).toMatchObject({ ended_on: today, end_source: 'expiry' });
    expect(row.end_reason).toMatch(/届满, 恢复常规监管/);
  });
});
