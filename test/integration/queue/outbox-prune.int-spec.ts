import { OutboxPruneJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';

describe('outbox pruning keeps what Redis alone would otherwise hold', () => {
  let env: TestEnv;
  let ds: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('deletes delivered rows long past due, never a delivered row whose job is still to come', async () => {
    await ds.query(`
      INSERT INTO outbox (queue, job_name, job_id, payload, run_at, delivered_at) VALUES
        ('inspection', 'inspection.reminder', 'done-long-ago', '{}', now() - interval '10 days', now() - interval '10 days'),
        ('inspection', 'inspection.reminder', 'due-in-5-days', '{}', now() + interval '5 days', now() - interval '10 days'),
        ('inspection', 'inspection.overdue', 'due-3-days-ago', '{}', now() - interval '3 days', now() - interval '10 days'),
        ('inspection', 'inspection.reminder', 'delivered-yesterday', '{}', now() - interval '10 days', now() - interval '1 day'),
        ('inspection', 'inspection.reminder', 'undelivered', '{}', now() - interval '10 days', NULL)`);
    expect(await new OutboxPruneJob(ds).prune({ olderThanDays: 7 })).toEqual({ deleted: 1 });
    const left: { job_id: string }[] = await ds.query(`SELECT job_id FROM outbox ORDER BY job_id`);
    expect(left.map((r) => r.job_id)).toEqual([
      'delivered-yesterday',
      'due-3-days-ago',
      'due-in-5-days',
      'undelivered',
    ]);
  });
});
