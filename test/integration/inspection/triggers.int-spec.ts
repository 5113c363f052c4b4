import { endOfShanghaiDay, shanghaiDateOf } from '@app/domain';
import { parseInput } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { InspectionServices, inspectionServices } from '../../support/inspection';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('triggered inspections (触发式): a rule set over risk records, deduplicated per reason and window', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: InspectionServices;
  const A = usccOf(21);
  const B = usccOf(22);
  const ingest = (target: 'enterprises' | 'records', rows: unknown[]) =>
    ingestService(ds, env.config).ingest(target, parseInput('json', Readable.from([JSON.stringify(rows)])), {
      actor: 'test',
    });
  const complaint = (uscc: string, n: number, daysAgo: number) => ({
    uscc,
    type: 'complaint',
    source: '12315',
    sourceRecordId: `C-${uscc}-${n}`,
    severity: 'low',
    occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    payload: { channel: '12315' },
  });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    await ingest('enterprises', [enterpriseRow(21), enterpriseRow(22)]);
    s = inspectionServices(ds, env.config);
    await s.inspectors.upsert(
      ['I-1', 'I-2', 'I-3'].map((id) => ({
        id,
        name: id,
        department: '综合执法',
        regionCode: '33',
        qualifications: ['食品安全'],
        certified: true,
        capacityPerPeriod: 10,
      })),
      'test',
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('creates one immediate, prioritised task with the records behind it, whatever the tier', async () => {
    // A: five complaints in the last 30 days (one older, left out); B: four.
    await ingest('records', [
      ...[1, 2, 3, 4, 5].map((n) => complaint(A, n, n * 3)),
      complaint(A, 6, 45),
      ...[1, 2, 3, 4].map((n) => complaint(B, n, n)),
    ]);
    s.clock.current = new Date();
    const first = await s.triggers.check([A, B]);
    expect(first.created.map((c) => [c.uscc, c.code])).toEqual([[A, 'complaints_surge']]);
    const [task] = await ds.query(
      `SELECT kind, status, priority, tier, trigger_reason, trigger_records, inspector_ids, plan_id, due_at, deadline_rules
         FROM inspection_tasks WHERE id = $1`,
      [first.created[0].taskId],
    );
    expect(task).toMatchObject({
      kind: 'triggered',
      status: 'assigned',
      trigger_reason: 'complaints_surge',
      plan_id: null,
    });
    expect(task.priority).toBeGreaterThan(1);
    // Due (a high-priority trigger) at the end of the Shanghai day 7 calendar days on: rules/deadlines 2026.1.
    expect(task.deadline_rules).toEqual({
      due: { deadlines: '2026.1', rule: 'triggeredTaskDue', calendarDays: 7 },
    });
    expect(new Date(task.due_at).toISOString()).toBe(
      new Date(endOfShanghaiDay(shanghaiDateOf(s.clock.current)).getTime() + 7 * 86_400_000).toISOString(),
    );
    expect(task.inspector_ids).toHaveLength(2);
    const ids: { id: string }[] = await ds.query(
      `SELECT id::text FROM risk_records WHERE uscc = $1 AND source_record_id <> $2 ORDER BY id`,
      [A, `C-${A}-6`],
    );
    expect(task.trigger_records.recordIds).toEqual(ids.map((r) => r.id));
    const [job] = await ds.query(`SELECT job_name, priority FROM outbox WHERE job_id = $1`, [
      first.created[0].taskId,
    ]);
    expect(job).toEqual({ job_name: 'inspection.dispatch', priority: 2 });
  });

  it('does not create a second task for the same reason inside its window, but does for another reason', async () => {
    await ingest('records', [complaint(A, 7, 1)]);
    s.clock.current = new Date();
    const again = await s.triggers.check([A]);
    expect(again).toEqual({ created: [], suppressed: 1 });
    await ingest('records', [
      {
        uscc: A,
        type: 'monitoring_alert',
        source: 'monitor',
        sourceRecordId: 'M-1',
        severity: 'high',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
    ]);
    s.clock.current = new Date();
    const other = await s.triggers.check([A]);
    expect(other.created.map((c) => c.code)).toEqual(['monitoring_alert_high']);
    expect(other.suppressed).toBe(1);
  });
});
