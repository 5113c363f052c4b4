import { FixedClock } from '@app/domain';
import { ruleSetChecksum, shippedRuleSet } from '@app/rulesets';
import { parseInput } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('rule-set versions: shipped ones published, the version in force, recompute as it was', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  const A = usccOf(7);
  const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, json(rows), { actor: 'test' });
  const penalty = (id: string, severity: string, occurredOn: string) => ({
    uscc: A,
    type: 'administrative_penalty',
    source: 'samr',
    sourceRecordId: id,
    severity,
    occurredOn,
    payload: { measure: 'fine', amount: '20000' },
  });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    // The store imports the shipped files on a pinned day, before the shipped 2026.2 versions take
    // effect (2027-01-01): which ones are in force then does not depend on the day the test runs.
    s = assessmentServices(ds, env.config, new FixedClock(new Date('2026-11-01T10:00:00+08:00')));
    await ingest('enterprises', [enterpriseRow(7, { establishedOn: '2012-01-01' })]);
    await ingest('records', [penalty('P-1', 'general', '2025-10-01')]);
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('imports the shipped files as versions in force once, and refuses one that changed under its number', async () => {
    expect((await s.ruleSets.importShipped()).sort()).toEqual([
      'enforcement@2026.1',
      'frequency@2026.1',
      'frequency@2026.2',
      'investment-light@2026.1',
      'observation@2026.1',
      'platform-compliance@2026.1',
      'repair@2026.1',
      'tiering@2026.1',
      'tiering@2026.2',
      'triggers@2026.1',
      'triggers@2026.2',
    ]);
    expect(await s.ruleSets.importShipped()).toEqual([]);
    const [row] = await ds.query(
      `SELECT status, author, checksum, effective_from FROM rule_set_versions WHERE kind = 'tiering' AND version = '2026.1'`,
    );
    // In force on the store's day; the shipped 2026.2 is scheduled (it takes effect 2027-01-01).
    expect(row).toMatchObject({ status: 'in_force', author: 'shipped' });
    const [{ status: nextStatus }] = await ds.query(
      `SELECT status FROM rule_set_versions WHERE kind = 'tiering' AND version = '2026.2'`,
    );
    expect(nextStatus).toBe('scheduled');
    expect(row.checksum).toBe(ruleSetChecksum(shippedRuleSet('tiering', '2026-11-01')));
    expect(new Date(row.effective_from).toISOString()).toBe('2025-12-31T16:00:00.000Z');

    // The database itself refuses to change a published document…
    await expect(
      ds.query(
        `UPDATE rule_set_versions SET checksum = repeat('f', 64) WHERE kind = 'tiering' AND version = '2026.1'`,
      ),
    ).rejects.toThrow(/a published rule-set document never changes/);
    // …so the stored row is tampered with behind its guard, as a changed file would look.
    await ds.query(`ALTER TABLE rule_set_versions DISABLE TRIGGER rule_set_versions_document_fixed`);
    await ds.query(
      `UPDATE rule_set_versions SET checksum = repeat('f', 64) WHERE kind = 'tiering' AND version = '2026.1'`,
    );
    await expect(s.ruleSets.importShipped()).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'rules/tiering/2026.1.json', message: expect.stringMatching(/ffff/) }],
    });
    await ds.query(
      `UPDATE rule_set_versions SET checksum = $1 WHERE kind = 'tiering' AND version = '2026.1'`,
      [row.checksum],
    );
    await ds.query(`ALTER TABLE rule_set_versions ENABLE TRIGGER rule_set_versions_document_fixed`);
  });

  it('gives the published version in force on a date, and none before the first', async () => {
    const v1 = shippedRuleSet('tiering', '2026-11-01');
    // A stricter version from June (labelled apart from the shipped 2026.2): base 80 instead of 100.
    const v2 = {
      ...v1,
      version: '2026.1-june',
      effectiveFrom: '2026-06-01T00:00:00+08:00',
      outcome: { ...v1.outcome, base: 80 },
    };
    await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from, published_at)
       VALUES ('tiering', '2026.1-june', 'scheduled', $1, $2, 'alice', 'bob', $3, now())`,
      [JSON.stringify(v2), ruleSetChecksum(v2), v2.effectiveFrom],
    );
    expect((await s.ruleSets.inForce('tiering', '2026-05-31')).ruleSet.version).toBe('2026.1');
    expect((await s.ruleSets.inForce('tiering', '2026-06-01')).ruleSet.version).toBe('2026.1-june');
    await expect(s.ruleSets.inForce('tiering', '2025-12-31')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A draft is never in force, nor is a withdrawn version.
    await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, effective_from)
       VALUES ('tiering', '2026.3-draft', 'draft', $1, $2, 'alice', '2026-07-01T00:00:00+08:00')`,
      [JSON.stringify({ ...v2, version: '2026.3-draft' }), 'x'.repeat(64)],
    );
    await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, effective_from)
       VALUES ('tiering', '2026.4-withdrawn', 'withdrawn', $1, $2, 'alice', '2026-07-15T00:00:00+08:00')`,
      [JSON.stringify({ ...v2, version: '2026.4-withdrawn' }), 'y'.repeat(64)],
    );
    expect((await s.ruleSets.inForce('tiering', '2026-08-01')).ruleSet.version).toBe('2026.1-june');
  });

  it('runs use the version in force on their as-of date; a recompute with the records known then matches', async () => {
    const march = await s.runs.runInline(
      (
        await s.runs.create(
          { scope: { type: 'uscc', usccs: [A] }, asOf: '2026-03-01', trigger: 'manual', requestedBy: 't' },
          'inline',
        )
      ).id,
    );
    const july = await s.runs.runInline(
      (
        await s.runs.create(
          { scope: { type: 'uscc', usccs: [A] }, asOf: '2026-07-01', trigger: 'manual', requestedBy: 't' },
          'inline',
        )
      ).id,
    );
    expect(march.ruleSet.version).toBe('2026.1');
    expect(july.ruleSet.version).toBe('2026.1-june');
    const stored: { id: string; score: number; rule_set_version: string }[] = await ds.query(
      `SELECT id, score, rule_set_version FROM assessments WHERE run_id = ANY($1::uuid[]) ORDER BY as_of`,
      [[march.id, july.id]],
    );
    expect(stored.map((a) => a.rule_set_version)).toEqual(['2026.1', '2026.1-june']);
    expect(stored[0].score - stored[1].score).toBe(20);

    // Learned later: a serious penalty of February. The March decision is still reproducible.
    await ingest('records', [penalty('P-2', 'serious', '2026-02-01')]);
    for (const a of stored) {
      const again = await s.recompute.recompute(A, a.id);
      expect(again).toMatchObject({
        matches: true,
        differences: [],
        ruleSet: { version: a.rule_set_version },
      });
    }
    const now = await s.assessments.dryRun(
      (await s.ruleSets.version('tiering', '2026.1')).ruleSet,
      [A],
      '2026-03-01',
      new Date(),
    );
    expect(now[0].score).toBeLessThan(stored[0].score);
  });
});
