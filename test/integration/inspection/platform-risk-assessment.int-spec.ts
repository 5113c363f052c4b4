import { Role } from '@app/auth';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import { PlatformRiskAssessmentJobs, platformRiskReason } from '@app/inspection';
import { DataSource } from 'typeorm';
import { Stack } from '../../support/stack';

/** A super platform's yearly risk assessment: a stored yearly job, a task once per platform and year. */
describe('inspection: the yearly risk-assessment task of super platforms', () => {
  let stack: Stack;
  let ds: DataSource;
  const SUPER = makeUscc({ region: '330106', orgBody: 'PLRTAK01' });
  const SMALL = makeUscc({ region: '330106', orgBody: 'PLRTAK02' });
  const year = Number(shanghaiDateOf(new Date()).slice(0, 4));

  beforeAll(async () => {
    stack = await Stack.start(); // with the worker: it stores this year's run and handles the job
    ds = await stack.env.dataSource();
    const ingest = stack.token(Role.Ingest);
    const posted = await stack.request('POST', '/api/v1/enterprises', {
      token: ingest,
      body: [SUPER, SMALL].map((uscc, i) => ({
        uscc,
        name: i === 0 ? '某超大型平台' : '某小平台',
        regionCode: '330106',
        industryCode: 'I6432',
        establishedOn: '2015-01-01',
        isPlatform: true,
      })),
    });
    expect(posted.status).toBe(200);
    const metrics = (users: string, value: string) => ({
      monthlyActiveUsers: users,
      coreBusinesses: '3',
      marketValue: value,
    });
    const events = await stack.request<{ accepted: number }>('POST', '/api/v1/investment-events', {
      token: ingest,
      body: [
        { uscc: SUPER, platformMetrics: metrics('600000000', '1200000000000.00'), sourceRecordId: 'PR1' },
        { uscc: SMALL, platformMetrics: metrics('1000', '1000000.00'), sourceRecordId: 'PR2' },
      ].map((e) => ({
        ...e,
        kind: 'new_entity',
        targetName: '新设子公司',
        targetIndustryCode: 'I6432',
        occurredOn: shanghaiDateOf(new Date(Date.now() - 86_400_000)),
        source: 'gsxt',
      })),
    });
    expect(events.body.accepted).toBe(2);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('stores this year’s run at worker start, creates one task per super platform however often it runs, and stores next year’s run', async () => {
    const stored = await ds.query(
      `SELECT job_id, payload FROM outbox WHERE job_name = 'inspection.platform-risk-assessment' ORDER BY run_at`,
    );
    expect(stored[0]).toEqual({ job_id: `platform-risk-assessment-${year}`, payload: { year } });

    const jobs = stack.worker!.get(PlatformRiskAssessmentJobs);
    const first = await jobs.run({ year });
    const again = await jobs.run({ year });
    // The worker ran the stored job at start too (before these platforms existed, or after): one task in all.
    expect(first.graded).toBeGreaterThanOrEqual(2);
    expect(again.created).toBe(0);
    const tasks = await ds.query(
      `SELECT uscc::text AS uscc, kind, status, items, trigger_records FROM inspection_tasks WHERE trigger_reason = $1`,
      [platformRiskReason(year)],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      uscc: SUPER,
      kind: 'triggered',
      items: [{ name: expect.stringContaining('platform risk assessment') }],
      trigger_records: { year, grade: 'super', every: 'P1Y' },
    });
    expect(
      await ds.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'inspection_task.platform_risk_assessment'`,
      ),
    ).toEqual([{ n: 1 }]);

    // Next year's run is stored due 00:30 on 1 January, Asia/Shanghai — once.
    const next = await ds.query(
      `SELECT run_at FROM outbox WHERE job_name = 'inspection.platform-risk-assessment' AND job_id = $1`,
      [`platform-risk-assessment-${year + 1}`],
    );
    expect(next).toHaveLength(1);
    expect(next[0].run_at.toISOString()).toBe(new Date(`${year + 1}-01-01T00:30:00+08:00`).toISOString());

    // The task is dispatched like any triggered task, and its regulator reads it.
    const [task] = await ds.query(`SELECT id::text AS id FROM inspection_tasks WHERE trigger_reason = $1`, [
      platformRiskReason(year),
    ]);
    expect(
      await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'inspection.dispatch' AND job_id = $1`,
        [task.id],
      ),
    ).toEqual([{ n: 1 }]);
    const hangzhou = stack.token(Role.Regulator, { regions: ['3301'] });
    const seen = await stack.request<{ uscc: string; kind: string }>(
      'GET',
      `/api/v1/inspection-tasks/${task.id}`,
      {
        token: hangzhou,
      },
    );
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ uscc: SUPER, kind: 'triggered' });
  });
});
