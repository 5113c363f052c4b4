import { FixedClock } from '@app/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { TestEnv } from '../../support/test-env';
import { LifecycleServices, lifecycleServices, shippedTiering, stricterTiering } from './lifecycle.support';

const HOUR = 3600_000;

describe('rule-set versions: the whole life cycle on a clock the test moves', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  let l: LifecycleServices;
  // A pinned instant: in the real past, so re-tier runs (never as of a future date) can start at each
  // activation, and before the shipped tiering 2026.2 takes effect, so 2026.1 is the version in force
  // and the one each activation below retires first, whatever day the test runs on.
  const start = new Date('2026-09-01T09:00:00+08:00');
  const shipped2026_2 = JSON.parse(
    readFileSync(join(__dirname, '../../../rules/tiering/2026.2.json'), 'utf8'),
  ) as { effectiveFrom: string };
  const later = (ms: number) => new Date(start.getTime() + ms).toISOString();
  const runs = () =>
    ds.query<{ rule_set_version: string; trigger: string; requested_by: string }[]>(
      `SELECT rule_set_version, trigger, requested_by FROM assessment_runs ORDER BY created_at`,
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    // One clock for the life cycle and the store that imports the shipped files (in force or scheduled).
    const clock = new FixedClock(start);
    s = assessmentServices(ds, env.config, clock);
    l = lifecycleServices(ds, s, clock);
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('starts from the shipped files: tiering 2026.1 in force, the shipped 2026.2 scheduled, nothing drafted', async () => {
    const tiering = (await l.query.summary()).find((k) => k.kind === 'tiering')!;
    expect(tiering.inForce).toMatchObject({ version: '2026.1', status: 'in_force', author: 'shipped' });
    expect(tiering.scheduled).toEqual([
      expect.objectContaining({
        version: '2026.2',
        author: 'shipped',
        effectiveFrom: new Date(shipped2026_2.effectiveFrom).toISOString(),
      }),
    ]);
    expect(tiering.drafts).toEqual([]);
  });

  it('stores a draft with problems (listed) and never approves it', async () => {
    const doc = stricterTiering('2026.bad');
    (doc.rules as { conditions: { all: { fact: string }[] } }[])[0].conditions.all[0].fact = 'no_such_fact';
    const draft = await l.authoring.create('tiering', { document: doc }, 'alice');
    expect(draft).toMatchObject({ status: 'draft', version: '2026.bad', author: 'alice', scenarios: null });
    expect(draft.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: expect.stringMatching(/^rules\[0\]\.conditions/),
          message: expect.stringMatching(/no_such_fact/),
        }),
      ]),
    );
    await expect(l.publication.approve('tiering', '2026.bad', 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(/^document\.rules\[0\]/) }),
      ]),
    });
    expect((await l.query.get('tiering', '2026.bad')).status).toBe('draft');
  });

  it('refuses a document of another kind (naming document.kind) and a label taken in the kind', async () => {
    await expect(
      l.authoring.create('frequency', { document: stricterTiering('2026.9') }, 'alice'),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'document.kind' })],
    });
    await expect(
      l.authoring.create('tiering', { document: shippedTiering() }, 'alice'),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [
        expect.objectContaining({ path: 'version', message: expect.stringMatching(/2026\.1 is taken/) }),
      ],
    });
  });

  it('runs the scenarios: a draft that breaks the shipped golden scenarios is stored but refused at approval', async () => {
    const draft = await l.authoring.create(
      'tiering',
      { base: '2026.1', patch: [{ op: 'replace', path: '/outcome/base', value: 40 }] },
      'alice',
    );
    // No label in the patch: one is assigned (the next after the shipped 2026.2), the base recorded.
    expect(draft.version).toBe(`${start.getUTCFullYear()}.3`);
    expect(draft).toMatchObject({ basedOn: '2026.1', problems: [] });
    expect(draft.scenarios!.failed).toBeGreaterThan(0);
    await expect(l.publication.approve('tiering', draft.version, 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^tests\[/) })]),
    });
  });

  it('edits drafts only (JSON Patch, checks run again), approves with four eyes only', async () => {
    const created = await l.authoring.create('tiering', { document: stricterTiering('2027.1') }, 'alice');
    expect(created.scenarios).toMatchObject({ total: 1, passed: 1, failed: 0 });
    const edited = await l.authoring.edit(
      'tiering',
      '2027.1',
      [{ op: 'replace', path: '/description', value: 'Stricter base: 80' }],
      'alice',
    );
    expect(edited.checksum).not.toBe(created.checksum);
    // One scenario leaves most rules untested: warnings, which never block approval.
    expect(edited.warnings.map((w) => w.code)).toContain('rule-untested');
    expect(edited.warnings.map((w) => w.code)).not.toContain('fact-unused');
    // A declared fact no rule reads is a warning (static checks), not a problem.
    const warned = await l.authoring.edit(
      'tiering',
      '2027.1',
      [
        {
          op: 'add',
          path: '/facts/spare_fact',
          value: { type: 'number', from: 'enterprise.age_years', default: 0 },
        },
      ],
      'alice',
    );
    expect(warned.problems).toEqual([]);
    expect(warned.warnings).toContainEqual(
      expect.objectContaining({ code: 'fact-unused', path: 'facts.spare_fact' }),
    );
    // Carol (an author and an approver) removes it again: she may no longer approve this draft.
    const byCarol = await l.authoring.edit(
      'tiering',
      '2027.1',
      [{ op: 'remove', path: '/facts/spare_fact' }],
      'carol',
    );
    expect(byCarol).toMatchObject({ author: 'alice', editors: ['carol'] });
    await expect(l.publication.approve('tiering', '2027.1', 'carol')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'approver', message: expect.stringMatching(/carol edited this draft/) }],
    });
    expect((edited.document as { description: string }).description).toBe('Stricter base: 80');
    await expect(
      l.authoring.edit('tiering', '2027.1', [{ op: 'replace', path: '/version', value: '2026.7' }], 'alice'),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'patch' })],
    });

    await expect(l.publication.approve('tiering', '2027.1', 'alice')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'approver', message: expect.stringMatching(/alice wrote this draft/) }],
    });
    const approved = await l.publication.approve('tiering', '2027.1', 'bob');
    expect(approved).toMatchObject({ status: 'approved', approver: 'bob', author: 'alice' });
    await expect(
      l.authoring.edit('tiering', '2027.1', [{ op: 'replace', path: '/description', value: 'x' }], 'alice'),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot edit a approved/) });
  });

  it('publishes for a future instant, activates only when the time comes, once, with one re-tier run', async () => {
    await expect(l.publication.publish('tiering', '2027.1', later(-HOUR), 'bob')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'effectiveFrom' })],
    });
    const effectiveFrom = later(HOUR);
    const published = await l.publication.publish('tiering', '2027.1', effectiveFrom, 'bob');
    expect(published).toMatchObject({ status: 'scheduled', effectiveFrom, publishedBy: 'bob' });
    expect((published.document as { effectiveFrom: string }).effectiveFrom).toBe(effectiveFrom);
    const [job] = await ds.query(
      `SELECT job_id, payload, run_at FROM outbox WHERE job_name = 'rule-set.activate' AND payload->>'version' = '2027.1'`,
    );
    expect(job).toMatchObject({
      job_id: `rule-set-activate-${published.id}`,
      payload: { kind: 'tiering', version: '2027.1' },
    });
    expect(new Date(job.run_at).toISOString()).toBe(effectiveFrom);

    // Not yet: the job refuses (transiently) and nothing changes.
    await expect(l.activation.activate('tiering', '2027.1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await l.query.get('tiering', '2027.1')).status).toBe('scheduled');
    expect(await runs()).toEqual([]);

    l.clock.set(later(2 * HOUR));
    expect(await l.activation.activate('tiering', '2027.1')).toEqual({
      activated: '2027.1',
      retired: ['2026.1'],
    });
    expect(await l.activation.activate('tiering', '2027.1')).toEqual({ retired: [] });
    expect(await runs()).toEqual([
      { rule_set_version: '2027.1', trigger: 'rule_publication', requested_by: 'rule-set:tiering@2027.1' },
    ]);
    const tiering = (await l.query.summary()).find((k) => k.kind === 'tiering')!;
    expect(tiering.inForce).toMatchObject({ version: '2027.1', status: 'in_force' });
    expect((await l.query.get('tiering', '2026.1')).status).toBe('retired');
  });

  it('refuses two versions of a kind published for the same instant', async () => {
    await l.authoring.create('tiering', { document: stricterTiering('2027.2') }, 'alice');
    await l.publication.approve('tiering', '2027.2', 'bob');
    await l.publication.publish('tiering', '2027.2', later(10 * HOUR), 'bob');
    await l.authoring.create('tiering', { document: stricterTiering('2027.3') }, 'alice');
    await l.publication.approve('tiering', '2027.3', 'bob');
    await expect(l.publication.publish('tiering', '2027.3', later(10 * HOUR), 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [
        expect.objectContaining({ path: 'effectiveFrom', message: expect.stringMatching(/2027\.2/) }),
      ],
    });
  });

  it('withdraws a scheduled version before it takes effect; a withdrawn version never counts', async () => {
    const withdrawn = await l.publication.withdraw('tiering', '2027.2', 'bob');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnBy: 'bob' });
    l.clock.set(later(11 * HOUR));
    expect(await l.activation.activateDue('tiering')).toEqual({ retired: [] });
    expect((await s.ruleSets.inForce('tiering', later(11 * HOUR).slice(0, 10))).ruleSet.version).toBe(
      '2027.1',
    );
    await expect(l.publication.withdraw('tiering', '2027.1', 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // 2027.3 may now take the instant 2027.2 gave up (still in the clock's future).
    await l.publication.publish('tiering', '2027.3', later(12 * HOUR), 'bob');
    l.clock.set(later(12 * HOUR));
    await expect(l.publication.withdraw('tiering', '2027.3', 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'effectiveFrom' })],
    });
    expect(await l.activation.activate('tiering', '2027.3')).toEqual({
      activated: '2027.3',
      retired: ['2027.1'],
    });
  });

  it('rolls back by publishing the old document as a new version; history stays', async () => {
    const before = await l.query.get('tiering', '2026.1');
    const back = await l.publication.rollback(
      'tiering',
      { to: '2026.1', effectiveFrom: later(13 * HOUR) },
      'bob',
    );
    expect(back).toMatchObject({
      version: '2026.1-r1',
      status: 'scheduled',
      basedOn: '2026.1',
      problems: [],
    });
    const { version: _v, effectiveFrom: _e, ...oldRules } = before.document as Record<string, unknown>;
    expect(back.document).toMatchObject(oldRules);
    await expect(
      l.publication.rollback('tiering', { to: '2027.2', effectiveFrom: later(14 * HOUR) }, 'bob'),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: [expect.objectContaining({ path: 'to' })] });

    l.clock.set(later(13 * HOUR));
    expect(await l.activation.activate('tiering', '2026.1-r1')).toEqual({
      activated: '2026.1-r1',
      retired: ['2027.3'],
    });
    // The old row is untouched; every version keeps its place in time.
    expect(await l.query.get('tiering', '2026.1')).toMatchObject({
      status: 'retired',
      checksum: before.checksum,
    });
    const statuses = (await s.ruleSets.inForce('tiering', '2026-06-01')).ruleSet.version;
    expect(statuses).toBe('2026.1');
    expect((await runs()).map((r) => r.requested_by)).toEqual([
      'rule-set:tiering@2027.1',
      'rule-set:tiering@2027.3',
      'rule-set:tiering@2026.1-r1',
    ]);
  });

  it('diffs two versions', async () => {
    const diff = await l.query.diff('tiering', '2027.1', '2026.1');
    expect(diff).toMatchObject({
      from: { kind: 'tiering', version: '2026.1' },
      to: { kind: 'tiering', version: '2027.1' },
      identical: false,
      facts: { added: [], removed: [], changed: [] },
      rules: { added: [], removed: [], changed: [] },
      tests: { added: ['model firm stays A'] },
    });
    expect(diff.outcome).toEqual([expect.objectContaining({ path: 'base', from: 100, to: 80 })]);
    await expect(l.query.diff('tiering', '2027.1', 'nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: [expect.objectContaining({ path: 'against' })],
    });
  });

  it('records every step in the audit chain with the document digest', async () => {
    const entries: { action: string; actor: string; data: { version: string; checksum: string } }[] =
      await ds.query(
        `SELECT action, actor, data FROM audit_log WHERE entity_type = 'rule_set_version' AND data->>'version' = '2027.1' ORDER BY id`,
      );
    expect(entries.map((e) => `${e.action} by ${e.actor}`)).toEqual([
      'rule_set.drafted by alice',
      'rule_set.edited by alice',
      'rule_set.edited by alice',
      'rule_set.edited by carol',
      'rule_set.approved by bob',
      'rule_set.published by bob',
      'rule_set.activated by system:rule-set-activation',
      'rule_set.retired by system:rule-set-activation',
    ]);
    const published = await l.query.get('tiering', '2027.1');
    expect(entries.at(-1)!.data.checksum).toBe(published.checksum);
    for (const e of entries) expect(e.data.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await l.audit.verify()).toMatchObject({ ok: true });
  });
});
