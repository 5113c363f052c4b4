import { AssessmentService } from '@app/assessment';
import { AuditService } from '@app/audit';
import { shanghaiDateOf } from '@app/domain';
import { parseInput } from '@app/ingestion';
import { RuleSetStore } from '@app/rulesets';
import { SandboxService } from '@app/supervision';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { InspectionServices, inspectionServices } from '../../support/inspection';
import { TestEnv } from '../../support/test-env';

describe('sandbox enrolments (沙盒监管): out of random plans with in_sandbox, triggers still reach, exit early or at the end', () => {
  let env: TestEnv;
  let ds: DataSource;
  let sandbox: SandboxService;
  let s: InspectionServices;
  const today = shanghaiDateOf(new Date());
  const IN = usccOf(501);
  const OUT = usccOf(502);
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, parseInput('json', Readable.from([JSON.stringify(rows)])), {
      actor: 'test',
    });
  const enrolment = (uscc: string, extra: Record<string, unknown> = {}) => ({
    uscc,
    scope: '医疗数据脱敏共享',
    licenceRef: '杭市监沙盒〔2026〕3号',
    start: today,
    end: '2027-11-30',
    conditions: ['每季度报送运行报告'],
    ...extra,
  });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    sandbox = new SandboxService(ds, new AuditService(ds, new ClsService(new AsyncLocalStorage())));
    s = inspectionServices(ds, env.config);
    await ingest('enterprises', [enterpriseRow(501, { tags: [] }), enterpriseRow(502, { tags: [] })]);
    const ruleSets = new RuleSetStore(ds);
    const { ruleSet } = await ruleSets.inForce('tiering', today);
    await new AssessmentService(ds).assessBatch(ruleSet, [IN, OUT], { asOf: today, trigger: 'manual' });
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('enrols with scope, licence, dates and conditions; a second open enrolment is a conflict; a reversed range is refused', async () => {
    const view = await sandbox.enrol(enrolment(IN), 'alice');
    expect(view).toMatchObject({
      uscc: IN,
      status: 'active',
      start: today,
      end: '2027-11-30',
      conditions: ['每季度报送运行报告'],
      enrolledBy: 'regulator:alice',
    });
    await expect(sandbox.enrol(enrolment(IN), 'alice')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(sandbox.enrol(enrolment(OUT, { end: '2020-01-01' }), 'alice')).rejects.toMatchObject({
      details: [{ path: 'end', message: 'must not be before start' }],
    });
    const active = await sandbox.list({ active: true, regions: ['33'], limit: 100, offset: 0 });
    expect(active.items.map((e) => e.uscc)).toEqual([IN]);
  });

  it('leaves an enrolled enterprise out of a random plan with the reason in_sandbox, yet a trigger reaches it', async () => {
    const plan = await s.plans.create(
      {
        name: 'sandbox plan',
        window: { start: today, end: today },
        scope: { regionPrefix: '33' },
        items: [{ name: '一般事项', type: 'general', department: '综合执法' }],
        draw: 'undirected',
        seed: 'sandbox-plan',
      },
      'alice',
    );
    expect(plan.summary.excluded).toEqual({ in_sandbox: 1 });
    expect(plan.poolSize).toBe(1);
    await ingest(
      'records',
      [1, 2, 3, 4, 5].map((n) => ({
        uscc: IN,
        type: 'complaint',
        source: '12315',
        sourceRecordId: `SB-C-${n}`,
        severity: 'low',
        occurredAt: new Date(Date.now() - n * 86_400_000).toISOString(),
      })),
    );
    s.clock.current = new Date();
    expect((await s.triggers.check([IN])).created.map((c) => c.uscc)).toEqual([IN]);
  });

  it('exits early with a reason, audited, and expires enrolments past their end once', async () => {
    const [{ id }] = await ds.query(`SELECT id::text FROM sandbox_enrolments WHERE uscc = $1`, [IN]);
    const exited = await sandbox.exit(id, '条件未满足', 'bob', today);
    expect(exited).toMatchObject({
      status: 'exited',
      exitSource: 'regulator',
      exitReason: '条件未满足',
      exitedOn: today,
    });
    await expect(sandbox.exit(id, 'again', 'bob', today)).rejects.toMatchObject({ code: 'CONFLICT' });
    const [audit] = await ds.query(`SELECT actor, data FROM audit_log WHERE action = 'sandbox.exited'`);
    expect(audit).toMatchObject({ actor: 'regulator:bob', data: { uscc: IN, exitSource: 'regulator' } });

    await sandbox.enrol(enrolment(OUT, { start: '2026-01-01', end: '2026-06-30' }), 'alice');
    expect(await sandbox.expire(today)).toBe(1);
    expect(await sandbox.expire(today)).toBe(0);
    const [row] = await ds.query(
      `SELECT exited_on::text, exit_source FROM sandbox_enrolments WHERE uscc = $1`,
      [OUT],
    );
    expect(row).toEqual({ exited_on: '2026-07-01', exit_source: 'expiry' });
    expect((await sandbox.list({ active: false, regions: null, limit: 100, offset: 0 })).total).toBe(2);
  });
});
