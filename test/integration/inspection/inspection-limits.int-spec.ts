import { shanghaiDateOf } from '@app/domain';
import { parseInput } from '@app/ingestion';
import { asFrequencyRuleSet } from '@app/rules';
import { shippedRuleSet } from '@app/rulesets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { InspectionServices, inspectionServices } from '../../support/inspection';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/** The annual cap per enterprise per department of the shipped frequency rules (rule data). */
const CAP: number = JSON.parse(readFileSync(join(__dirname, '../../../rules/frequency/2026.1.json'), 'utf8'))
  .outcome.annualCapPerAuthority;

const DECEMBER = { start: '2026-12-01', end: '2026-12-31' };
const item = (name: string, department: string, qualification = '食品安全') => ({
  name,
  type: 'general',
  department,
  qualification,
});
const plan = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  window: DECEMBER,
  scope: { regionPrefix: '33', tiers: ['D'] },
  items: [item('食品经营许可', '食品经营处')],
  draw: 'undirected',
  seed: `seed-${name.replace(/ /g, '-')}`,
  ...extra,
});

describe('无事不扰: annual cap, joint visits, inspection load, manual staffing', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: InspectionServices;
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, parseInput('json', Readable.from([JSON.stringify(rows)])), {
      actor: 'test',
    });
  /** `n` past visits (done, with a result) of `department` to `uscc` on a day of `year`. */
  const pastVisits = async (uscc: string, n: number, department: string, year: string) => {
    for (let i = 0; i < n; i++) {
      await ds.query(
        `INSERT INTO inspection_tasks (id, uscc, kind, status, items, scheduled_start, due_at, trigger_reason, result, result_at)
         VALUES (gen_random_uuid(), $1, 'triggered', 'done', $2, $3, $3, 'test',
                 '{"outcome":"compliant","findings":[],"followUp":null}', $3)`,
        [
          uscc,
          JSON.stringify([{ name: `历史检查${i}`, type: 'key', department }]),
          `${year}-03-0${1 + i}T10:00:00+08:00`,
        ],
      );
    }
  };
  interface PlanTask {
    id: string;
    uscc: string;
    status: string;
    items: { department: string }[];
    joined_plans: unknown[];
    unassignable_reason: string | null;
  }
  const tasksOf = async (planId: string): Promise<PlanTask[]> => {
    const rows: PlanTask[] = await ds.query(
      `SELECT id, uscc::text AS uscc, status, items, joined_plans, unassignable_reason FROM inspection_tasks
        WHERE plan_id = $1 ORDER BY seq`,
      [planId],
    );
    return rows.map((t) => ({ ...t, uscc: t.uscc.trim() }));
  };
  const audits = async (action: string, entityId?: string) => {
    const rows: { entity_id: string; actor: string; data: Record<string, unknown> }[] = await ds.query(
      `SELECT entity_id, actor, data FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2)`,
      [action, entityId ?? null],
    );
    return rows;
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    await ingest('enterprises', [
      ...Array.from({ length: 10 }, (_, i) => enterpriseRow(i)),
      ...Array.from({ length: 10 }, (_, i) => enterpriseRow(10 + i, { regionCode: '440305' })),
    ]);
    await ds.query(`UPDATE enterprises SET current_tier = 'D'`);
    s = inspectionServices(ds, env.config);
    s.clock.current = new Date('2026-11-25T10:00:00+08:00');
    const inspector = (id: string, qualifications: string[], extra: Record<string, unknown> = {}) => ({
      id,
      name: id,
      department: '食品经营处',
      regionCode: '33',
      qualifications,
      certified: true,
      capacityPerPeriod: 50,
      ...extra,
    });
    await s.inspectors.upsert(
      [
        ...['INS-01', 'INS-02', 'INS-03', 'INS-04'].map((id) => inspector(id, ['食品安全'])),
        inspector('INS-05', ['食品安全', '特种设备']),
        // recused (回避) from every enterprise of region 33
        inspector('INS-06', ['特种设备'], {
          conflictUsccs: Array.from({ length: 10 }, (_, i) => usccOf(i)),
        }),
        inspector('INS-07', ['特种设备'], { certified: false }),
        inspector('INS-08', ['特种设备'], { regionCode: '44' }),
        inspector('INS-09', ['特种设备']),
      ],
      'test',
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  describe('the annual cap per department (frequency rule data)', () => {
    it('leaves out an enterprise at the cap for the plan’s department (annual_cap), not one below it nor one capped by another department', async () => {
      await pastVisits(usccOf(1), CAP, '食品经营处', '2026');
      await pastVisits(usccOf(2), CAP - 1, '食品经营处', '2026');
      await pastVisits(usccOf(3), CAP, '特种设备处', '2026');
      await pastVisits(usccOf(4), CAP, '食品经营处', '2025'); // last year's visits do not count
      const p = await s.plans.create(plan('cap'), 'alice');
      expect(p.summary.excluded).toEqual({ annual_cap: 1 });
      expect(p.poolSize).toBe(9);
      const pool = (await s.plans.export(p.id)).pool.map((e) => e.uscc);
      expect(pool).not.toContain(usccOf(1));
      expect(pool).toEqual(expect.arrayContaining([usccOf(2), usccOf(3), usccOf(4)]));
    });

    it('shows the load against the cap per department, with the tasks counted and the rule version', async () => {
      const load = await s.limits.load(usccOf(1), 2026);
      expect(load).toMatchObject({
        uscc: usccOf(1),
        year: 2026,
        cap: CAP,
        frequencyVersion: '2026.1',
        highFrequency: true,
        departments: [{ department: '食品经营处', count: CAP, cap: CAP, remaining: 0, reached: true }],
      });
      expect(load.tasks).toHaveLength(CAP);
      const below = await s.limits.load(usccOf(2), 2026);
      // its visits so far, plus the December visit of the plan if it drew it
      expect(below.departments[0].count).toBeGreaterThanOrEqual(CAP - 1);
      expect(await s.limits.load(usccOf(4), 2025)).toMatchObject({
        departments: [{ department: '食品经营处', count: CAP, reached: true }],
      });
      await expect(s.limits.load(usccOf(99), 2026)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('open tasks overlapping a plan: not drawn again, a joint visit offered or made', () => {
    it('lists the enterprises with an open task for the same item in the window, with the task id, and leaves the tasks alone', async () => {
      const first = await s.plans.create(plan('first'), 'alice');
      const firstTasks = await tasksOf(first.id);
      expect(firstTasks.length).toBeGreaterThan(0);
      const second = await s.plans.create(
        plan('second', { items: [item('食品经营许可', '市场监管综合执法')] }),
        'bob',
      );
      // the "cap" plan's and the "first" plan's tasks are all open in December for 食品经营许可
      const open = [
        ...(await tasksOf((await ds.query(`SELECT id FROM inspection_plans WHERE name = 'cap'`))[0].id)),
        ...firstTasks,
      ];
      const openByUscc = new Map<string, string[]>();
      for (const t of open) openByUscc.set(t.uscc, [...(openByUscc.get(t.uscc) ?? []), t.id]);
      expect(second.summary.excluded.open_task_overlap).toBe(openByUscc.size);
      expect(second.summary.jointVisits).toHaveLength(openByUscc.size);
      for (const visit of second.summary.jointVisits!) {
        expect(visit).toMatchObject({ overlapping: ['食品经营许可'], joined: false });
        expect(openByUscc.get(visit.uscc)).toContain(visit.jointWith);
      }
      const drawn = new Set((await tasksOf(second.id)).map((t) => t.uscc));
      for (const t of open) expect(drawn.has(t.uscc)).toBe(false);
      for (const t of await tasksOf(first.id)) {
        expect(t.items).toHaveLength(1);
        expect(t.joined_plans).toEqual([]);
      }
    });

    it('with joinOverlapping, adds the plan’s items to those tasks (one visit, both departments), audited', async () => {
      const third = await s.plans.create(
        plan('third', {
          items: [item('食品经营许可', '广告监管处'), item('广告发布', '广告监管处')],
          joinOverlapping: true,
        }),
        'carol',
      );
      const offers = third.summary.jointVisits!;
      expect(offers.length).toBe(third.summary.excluded.open_task_overlap);
      expect(offers.every((o) => o.joined)).toBe(true);
      const [joined] = await ds.query(`SELECT items, joined_plans FROM inspection_tasks WHERE id = $1`, [
        offers[0].jointWith,
      ]);
      expect(joined.items.map((i: { department: string }) => i.department)).toContain('广告监管处');
      expect(joined.items.map((i: { name: string }) => i.name)).toContain('广告发布');
      expect(joined.joined_plans).toEqual([expect.objectContaining({ planId: third.id, by: 'carol' })]);
      const entries = await audits('inspection_task.joined');
      expect(entries.map((e) => e.entity_id).sort()).toEqual(offers.map((o) => o.jointWith).sort());
      expect(entries[0].data).toMatchObject({ planId: third.id, overlapping: ['食品经营许可'] });
      // the joint visit counts for each of its departments
      const load = await s.limits.load(offers[0].uscc, 2026);
      expect(load.departments.map((d) => d.department)).toContain('广告监管处');
    });

    it('draws the same enterprises again in a window that does not meet the open tasks', async () => {
      const later = await s.plans.create(
        plan('january', { window: { start: '2027-01-05', end: '2027-01-31' } }),
        'a',
      );
      expect(later.summary.excluded.open_task_overlap).toBeUndefined();
      expect(later.summary.jointVisits).toEqual([]);
      expect(later.poolSize).toBe(10);
    });
  });

  describe('manual staffing of an unassignable task', () => {
    let taskId: string;
    let uscc: string;
    beforeAll(async () => {
      // three inspectors per visit asked, two unrecused qualified ones exist: unassignable
      const p = await s.plans.create(
        plan('special equipment', {
          items: [item('特种设备安全', '特种设备处', '特种设备')],
          inspectorsPerTask: 3,
        }),
        'alice',
      );
      const [task] = await tasksOf(p.id);
      expect(task).toMatchObject({ status: 'pending' });
      expect(task.unassignable_reason).toMatch(/^too_few_/);
      taskId = task.id;
      uscc = task.uscc;
    });

    it.each([
      [['INS-05'], 'inspectorIds', /at least 2 different inspectors/],
      [['INS-05', 'INS-06'], 'inspectorIds[1]', /conflict of interest/],
      [['INS-05', 'INS-07'], 'inspectorIds[1]', /not certified/],
      [['INS-05', 'INS-08'], 'inspectorIds[1]', /covers 44/],
      [['INS-05', 'INS-01'], 'inspectorIds[1]', /lacks the qualification\(s\) 特种设备/],
      [['INS-05', 'NOBODY'], 'inspectorIds[1]', /not an active inspector/],
    ])('refuses %j, naming %s', async (inspectorIds, path, message) => {
      await expect(
        s.limits.staff(taskId, 'alice', { inspectorIds, reason: '名录库内无足够人员' }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
      });
      const [row] = await ds.query(`SELECT status, inspector_ids FROM inspection_tasks WHERE id = $1`, [
        taskId,
      ]);
      expect(row).toEqual({ status: 'pending', inspector_ids: [] });
    });

    it('assigns two valid inspectors (the rules’ minimum), keeps who and why, audits; not twice', async () => {
      const view = await s.limits.staff(taskId, 'alice', {
        inspectorIds: ['INS-05', 'INS-09'],
        reason: '计划要求3人, 名录库仅2名无回避的特种设备检查员',
      });
      expect(view).toMatchObject({
        status: 'assigned',
        inspectors: ['INS-05', 'INS-09'],
        manualStaffing: { by: 'alice', reason: '计划要求3人, 名录库仅2名无回避的特种设备检查员' },
      });
      const [entry] = await audits('inspection_task.staffed_by_hand', taskId);
      expect(entry).toMatchObject({
        actor: 'alice',
        data: { from: 'pending', to: 'assigned', inspectors: ['INS-05', 'INS-09'] },
      });
      expect(uscc).toMatch(/^9/);
      await expect(
        s.limits.staff(taskId, 'alice', { inspectorIds: ['INS-05', 'INS-09'], reason: 'again' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('triggered inspections over the cap', () => {
    it('are created, flagged with the cap and the rule version, and start only once a legal reason is stated', async () => {
      s.clock.current = new Date();
      const today = shanghaiDateOf(s.clock.current);
      const year = today.slice(0, 4);
      // The shipped frequency version in force today (2026.1 until 2027-01-01, then 2026.2), whose cap
      // the check applies: the triggers run on the real clock (the records must be known by then).
      const frequency = asFrequencyRuleSet(shippedRuleSet('frequency', today));
      const cap = frequency.outcome.annualCapPerAuthority;
      const [over, under] = [usccOf(7), usccOf(8)];
      await pastVisits(over, cap, '综合执法', year);
      await pastVisits(under, cap - 1, '综合执法', year);
      await ingest(
        'records',
        [over, under].flatMap((uscc) =>
          [1, 2, 3, 4, 5].map((n) => ({
            uscc,
            type: 'complaint',
            source: '12315',
            sourceRecordId: `C-${uscc}-${n}`,
            severity: 'low',
            occurredAt: new Date(Date.now() - n * 86_400_000).toISOString(),
          })),
        ),
      );
      s.clock.current = new Date(); // after the records are known
      const { created } = await s.triggers.check([over, under]);
      const taskOf = (u: string) => created.find((c) => c.uscc === u)!.taskId;
      const flagged = await s.tasks.get(taskOf(over));
      expect(flagged.overCap).toMatchObject({
        department: '综合执法',
        count: cap,
        cap,
        frequencyVersion: frequency.version,
      });
      expect((await s.tasks.get(taskOf(under))).overCap).toBeNull();
      await expect(s.tasks.start(flagged.id, 'INS-01')).rejects.toMatchObject({
        code: 'CONFLICT',
        details: [{ path: 'legalBasis', message: expect.stringMatching(/annual cap is/) }],
      });
      await expect(s.limits.stateLegalBasis(taskOf(under), 'alice', 'x')).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      const stated = await s.limits.stateLegalBasis(
        flagged.id,
        'alice',
        '《食品安全法》第一百一十条: 投诉举报涉嫌违法',
      );
      expect(stated.legalBasis).toBe('《食品安全法》第一百一十条: 投诉举报涉嫌违法');
      expect(await audits('inspection_task.legal_basis_stated', flagged.id)).toEqual([
        expect.objectContaining({
          actor: 'alice',
          data: expect.objectContaining({ reason: stated.legalBasis }),
        }),
      ]);
      await expect(s.limits.stateLegalBasis(flagged.id, 'alice', 'again')).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect((await s.tasks.start(flagged.id, 'INS-01')).status).toBe('in_progress');
      // and the load says so
      const load = await s.limits.load(over, Number(year));
      expect(load.tasks.filter((t) => t.overCap !== null)).toHaveLength(1);
    });
  });

  it('lists the enterprises inspected most often, within the regions asked', async () => {
    await pastVisits(usccOf(15), CAP + 1, '食品经营处', '2024');
    await pastVisits(usccOf(5), 2, '食品经营处', '2024');
    const all = await s.limits.top(null, 2024, 10, 0);
    expect(all).toEqual({
      total: 2,
      items: [
        expect.objectContaining({
          uscc: usccOf(15),
          regionCode: '440305',
          department: '食品经营处',
          count: CAP + 1,
          reached: true,
        }),
        expect.objectContaining({ uscc: usccOf(5), count: 2, cap: CAP, reached: false }),
      ],
    });
    expect((await s.limits.top(['33'], 2024, 10, 0)).items.map((i) => i.uscc)).toEqual([usccOf(5)]);
    expect(await s.limits.top(['44'], 2024, 10, 1)).toEqual({ total: 1, items: [] });
  });
});
