import { Role } from '@app/auth';
import { shanghaiDateOf } from '@app/domain';
import { shippedRuleSet, shippedRuleSets } from '@app/rulesets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { eventually } from '../support/test-env';

interface Version {
  version: string;
  status: string;
  author: string;
  approver: string | null;
  effectiveFrom: string | null;
  problems: { path: string; message: string }[];
  scenarios: { total: number; failed: number } | null;
  document?: Record<string, unknown>;
}
interface ErrorBody {
  code: string;
  details: { path: string; message: string }[];
}

/** A stricter tiering (base 80) with its own scenario: the model firm stays A. */
function stricter(version: string): Record<string, unknown> {
  const doc = structuredClone(shippedRuleSet('tiering', '2026-11-01')) as unknown as Record<string, unknown>;
  const model = JSON.parse(
    readFileSync(join(__dirname, '../../rules/scenarios/tiering/demo-model-a.json'), 'utf8'),
  ) as { facts: Record<string, unknown>; asOf: string };
  return {
    ...doc,
    version,
    outcome: { ...(doc.outcome as object), base: 80 },
    tests: [{ name: 'model firm stays A', asOf: model.asOf, facts: model.facts, expect: { tier: 'A' } }],
  };
}

/**
 * The shipped tiering versions as the stack imports them on the real clock: the one in force today
 * (2026.1 until 2027-01-01, then 2026.2), and those scheduled after it, the earliest first.
 */
function shippedTieringToday(): { inForce: string; scheduled: string[] } {
  const scheduled = shippedRuleSets(['tiering'])
    .map((s) => s.ruleSet)
    .filter((r) => new Date(r.effectiveFrom).getTime() > Date.now())
    .sort((a, b) => new Date(a.effectiveFrom).getTime() - new Date(b.effectiveFrom).getTime())
    .map((r) => r.version);
  return { inForce: shippedRuleSet('tiering', shanghaiDateOf(new Date())).version, scheduled };
}

describe('rule sets over HTTP: routes and roles', () => {
  let stack: Stack;
  let author: string;
  let approver: string;
  let regulator: string;
  const V = '/api/v1/rule-sets/tiering/versions';

  beforeAll(async () => {
    stack = await Stack.start();
    author = stack.token(Role.RuleAuthor);
    approver = stack.token(Role.RuleApprover);
    regulator = stack.token(Role.Regulator);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('lets readers (author, approver, regulator, admin) read, and nobody else', async () => {
    for (const token of [author, approver, regulator, stack.token(Role.Admin)]) {
      const summary = await stack.request<{ kind: string; inForce: Version | null }[]>(
        'GET',
        '/api/v1/rule-sets',
        {
          token,
        },
      );
      expect(summary.status).toBe(200);
      expect(summary.body.find((k) => k.kind === 'tiering')?.inForce).toMatchObject({
        version: shippedTieringToday().inForce,
        status: 'in_force',
        author: 'shipped',
      });
      const list = await stack.request<{ items: Version[]; total: number; limit: number }>(
        'GET',
        `${V}?limit=1`,
        { token },
      );
      expect(list.status).toBe(200);
      // The shipped versions: 2026.2 (scheduled for 2027-01-01) lists before 2026.1.
      expect(list.body).toMatchObject({ total: 2, limit: 1, offset: 0, items: [{ version: '2026.2' }] });
      expect(list.body.items[0].document).toBeUndefined();
      const one = await stack.request<Version>('GET', `${V}/2026.1`, { token });
      expect(one.status).toBe(200);
      expect(one.body.document).toMatchObject({ kind: 'tiering', version: '2026.1' });
    }
    for (const role of [Role.Ingest, Role.Inspector, Role.Enterprise]) {
      const extra = {
        [Role.Enterprise]: { uscc: '91330106MA2000DA53' },
        [Role.Inspector]: { inspectorId: 'I-1' },
      };
      const token = stack.token(role, extra[role as keyof typeof extra] ?? {});
      expect((await stack.request('GET', '/api/v1/rule-sets', { token })).status).toBe(403);
      expect((await stack.request('GET', `${V}/2026.1`, { token })).status).toBe(403);
    }
    expect((await stack.request('GET', '/api/v1/rule-sets')).status).toBe(401);
    expect(
      (await stack.request('GET', '/api/v1/rule-sets/nonsense/versions', { token: regulator })).status,
    ).toBe(404);
    expect((await stack.request('GET', `${V}/2099.9`, { token: regulator })).status).toBe(404);
  });

  it('lets authors draft and edit; approvers and regulators may not', async () => {
    for (const token of [approver, regulator]) {
      const refused = await stack.request('POST', V, { token, body: { document: stricter('2027.0') } });
      expect(refused.status).toBe(403);
    }
    const created = await stack.request<Version>('POST', V, {
      token: author,
      body: { document: stricter('2027.1') },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: '2027.1',
      status: 'draft',
      author: 'test:rule_author',
      problems: [],
    });
    expect(created.body.scenarios).toMatchObject({ total: 1, failed: 0 });

    const patch = { patch: [{ op: 'replace', path: '/description', value: 'Stricter: base 80' }] };
    expect((await stack.request('PATCH', `${V}/2027.1`, { token: regulator, body: patch })).status).toBe(403);
    const edited = await stack.request<Version>('PATCH', `${V}/2027.1`, { token: author, body: patch });
    expect(edited.status).toBe(200);
    expect(edited.body.document).toMatchObject({ description: 'Stricter: base 80' });

    const badPatch = await stack.request<ErrorBody>('PATCH', `${V}/2027.1`, {
      token: author,
      body: { patch: [{ op: 'replace', path: '/nope/x', value: 1 }] },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.details).toEqual([
      { path: 'patch[0]', message: expect.stringMatching(/\/nope\/x/) },
    ]);
    const badOp = await stack.request<ErrorBody>('PATCH', `${V}/2027.1`, {
      token: author,
      body: { patch: [{ op: 'frobnicate', path: '/x' }] },
    });
    expect(badOp.status).toBe(400);
    expect(badOp.body.details[0].path).toBe('patch[0].op');
  });

  it('answers bad drafts with the field named: wrong kind 400, duplicate label 409, problems stored 201', async () => {
    const wrongKind = await stack.request<ErrorBody>('POST', '/api/v1/rule-sets/frequency/versions', {
      token: author,
      body: { document: stricter('2027.5') },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.details).toEqual([expect.objectContaining({ path: 'document.kind' })]);
    const duplicate = await stack.request<ErrorBody>('POST', V, {
      token: author,
      body: { document: stricter('2027.1') },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.details).toEqual([expect.objectContaining({ path: 'version' })]);
    const neither = await stack.request<ErrorBody>('POST', V, { token: author, body: {} });
    expect(neither.status).toBe(400);

    const broken = stricter('2027.bad');
    (broken.outcome as { tiers: unknown }).tiers = 'none';
    const stored = await stack.request<Version>('POST', V, { token: author, body: { document: broken } });
    expect(stored.status).toBe(201);
    expect(stored.body.problems.length).toBeGreaterThan(0);
    const refused = await stack.request<ErrorBody>('POST', `${V}/2027.bad/approve`, { token: approver });
    expect(refused.status).toBe(409);
    expect(refused.body.details.some((d) => d.path.startsWith('document.outcome'))).toBe(true);
  });

  it('approves with four eyes, publishes, and the worker puts the version in force at its instant', async () => {
    expect((await stack.request('POST', `${V}/2027.1/approve`, { token: author })).status).toBe(403);
    const both = stack.token([Role.RuleAuthor, Role.RuleApprover]);
    expect(
      (await stack.request('POST', V, { token: both, body: { document: stricter('2027.2') } })).status,
    ).toBe(201);
    const own = await stack.request<ErrorBody>('POST', `${V}/2027.2/approve`, { token: both });
    expect(own.status).toBe(409);
    expect(own.body.details).toEqual([expect.objectContaining({ path: 'approver' })]);

    const approved = await stack.request<Version>('POST', `${V}/2027.1/approve`, { token: approver });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approver: 'test:rule_approver' });
    expect((await stack.request('PATCH', `${V}/2027.1`, { token: author, body: { patch: [] } })).status).toBe(
      409,
    );

    expect(
      (
        await stack.request('POST', `${V}/2027.1/publish`, {
          token: author,
          body: { effectiveFrom: '2099-01-01T00:00:00+08:00' },
        })
      ).status,
    ).toBe(403);
    const noZone = await stack.request<ErrorBody>('POST', `${V}/2027.1/publish`, {
      token: approver,
      body: { effectiveFrom: '2099-01-01T00:00:00' },
    });
    expect(noZone.status).toBe(400);
    expect(noZone.body.details).toEqual([expect.objectContaining({ path: 'effectiveFrom' })]);

    const effectiveFrom = new Date(Date.now() + 1500).toISOString();
    const published = await stack.request<Version>('POST', `${V}/2027.1/publish`, {
      token: approver,
      body: { effectiveFrom },
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'scheduled', effectiveFrom });

    const inForce = await eventually(async () => {
      const v = await stack.request<Version>('GET', `${V}/2027.1`, { token: regulator });
      return v.body.status === 'in_force' && v.body;
    }, 20_000);
    expect(inForce.version).toBe('2027.1');
    // The shipped version that was in force is retired (2026.1 was already, once 2026.2 took effect).
    const shipped = shippedTieringToday().inForce;
    for (const version of new Set(['2026.1', shipped]))
      expect((await stack.request<Version>('GET', `${V}/${version}`, { token: regulator })).body.status).toBe(
        'retired',
      );
    const runs = await stack.request<{ items: { trigger: string; ruleSet: { version: string } }[] }>(
      'GET',
      '/api/v1/assessment-runs',
      { token: regulator },
    );
    expect(runs.body.items).toEqual([
      expect.objectContaining({
        trigger: 'rule_publication',
        ruleSet: { kind: 'tiering', version: '2027.1' },
      }),
    ]);
  });

  it('withdraws and rolls back (approvers only), and diffs (readers)', async () => {
    const approver2 = stack.token(Role.RuleApprover, { subject: 'test:second-approver' });
    await stack.request('POST', V, { token: author, body: { document: stricter('2027.3') } });
    expect((await stack.request('POST', `${V}/2027.3/approve`, { token: approver2 })).status).toBe(200);
    await stack.request('POST', `${V}/2027.3/publish`, {
      token: approver,
      body: { effectiveFrom: '2099-01-01T00:00:00+08:00' },
    });
    expect((await stack.request('POST', `${V}/2027.3/withdraw`, { token: author })).status).toBe(403);
    const withdrawn = await stack.request<Version>('POST', `${V}/2027.3/withdraw`, {
      token: approver,
      body: { note: 'published too early' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await stack.request('POST', `${V}/2027.1/withdraw`, { token: approver })).status).toBe(409);

    const body = { to: '2026.1', effectiveFrom: '2099-06-01T00:00:00+08:00' };
    expect(
      (await stack.request('POST', '/api/v1/rule-sets/tiering/rollback', { token: author, body })).status,
    ).toBe(403);
    const back = await stack.request<Version>('POST', '/api/v1/rule-sets/tiering/rollback', {
      token: approver,
      body,
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ version: '2026.1-r1', status: 'scheduled' });
    const clash = await stack.request<ErrorBody>('POST', '/api/v1/rule-sets/tiering/rollback', {
      token: approver,
      body: { ...body, version: '2026.1-r9' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.details).toEqual([expect.objectContaining({ path: 'effectiveFrom' })]);

    for (const token of [regulator, author, approver]) {
      const diff = await stack.request<{ summary: string[] }>('GET', `${V}/2027.1/diff?against=2026.1`, {
        token,
      });
      expect(diff.status).toBe(200);
      expect(diff.body).toMatchObject({
        from: { version: '2026.1' },
        to: { version: '2027.1' },
        identical: false,
      });
      expect(diff.body.summary.length).toBeGreaterThan(0);
    }
    const noAgainst = await stack.request<ErrorBody>('GET', `${V}/2027.1/diff`, { token: regulator });
    expect(noAgainst.status).toBe(400);
    expect(noAgainst.body.details[0].path).toBe('against');
    const summary = await stack.request<
      { kind: string; inForce: Version; scheduled: Version[]; drafts: Version[] }[]
    >('GET', '/api/v1/rule-sets', { token: regulator });
    const tiering = summary.body.find((k) => k.kind === 'tiering')!;
    expect(tiering.inForce.version).toBe('2027.1');
    // The shipped versions not yet in force (2026.2 until 2027-01-01), then the rollback (2099).
    expect(tiering.scheduled.map((v) => v.version)).toEqual([
      ...shippedTieringToday().scheduled,
      '2026.1-r1',
    ]);
    expect(tiering.drafts.map((v) => v.version).sort()).toEqual(['2027.2', '2027.bad']);
  });
});
