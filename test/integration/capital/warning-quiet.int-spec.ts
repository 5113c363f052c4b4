import { WarningQuietJob } from '@app/capital';
import { Role } from '@app/auth';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import { DataSource } from 'typeorm';
import { Stack } from '../../support/stack';

/** A yellow warning's quiet period, due as its own time in the outbox and handled by the worker's job. */
describe('capital: the quiet-period job of a yellow warning', () => {
  let stack: Stack;
  let ds: DataSource;
  const uscc = makeUscc({ region: '330106', orgBody: 'QUAET001' });
  const yesterday = shanghaiDateOf(new Date(Date.now() - 86_400_000));

  beforeAll(async () => {
    stack = await Stack.start(); // with the worker: its job registry refuses a job without a handler
    ds = await stack.env.dataSource();
    const ingest = stack.token(Role.Ingest);
    await stack.request('POST', '/api/v1/enterprises', {
      token: ingest,
      body: [
        {
          uscc,
          name: '某网络公司',
          regionCode: '330106',
          industryCode: 'I6432',
          establishedOn: '2015-01-01',
        },
      ],
    });
    const r = await stack.request<{ lights: { light: string }[] }>('POST', '/api/v1/investment-events', {
      token: ingest,
      body: [
        {
          uscc,
          kind: 'acquisition',
          targetName: '某食品公司',
          targetIndustryCode: 'C1431',
          occurredOn: yesterday,
          source: 't',
          sourceRecordId: '1',
        },
      ],
    });
    expect(r.body.lights[0].light).toBe('yellow');
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('is stored due at the warning quiet_until, lapses the light once, and ignores a stale or repeated run', async () => {
    const [w] = await ds.query(
      `SELECT id::text AS id, quiet_until FROM investment_warnings WHERE uscc = $1`,
      [uscc],
    );
    const [job] = await ds.query(
      `SELECT run_at, payload FROM outbox WHERE job_name = 'capital.warning-quiet'`,
    );
    expect(job.run_at.getTime()).toBe(w.quiet_until.getTime());
    expect(job.payload).toEqual({ warningId: w.id, quietUntil: w.quiet_until.toISOString() });

    const handler = stack.worker!.get(WarningQuietJob);
    expect(await handler.lapse(job.payload)).toEqual({ outcome: 'not yet due' });
    // The quiet period passes: its end is moved into the past (the clock cannot be moved in-process).
    const past = new Date(Date.now() - 1000).toISOString();
    await ds.query(`UPDATE investment_warnings SET quiet_until = $2 WHERE id = $1`, [w.id, past]);
    expect(await handler.lapse(job.payload)).toEqual({ outcome: 'quiet period moved on' });
    const due = { warningId: w.id, quietUntil: past };
    expect(await handler.lapse(due)).toEqual({ outcome: 'lapsed' });
    expect(await handler.lapse(due)).toEqual({ outcome: 'already lapsed' });
    const audit = await ds.query(
      `SELECT actor, data FROM audit_log WHERE action = 'investment-warning.lapsed'`,
    );
    expect(audit).toEqual([{ actor: 'system', data: { uscc, quietUntil: past } }]);
    const [after] = await ds.query(`SELECT status, history FROM investment_warnings WHERE id = $1`, [w.id]);
    expect(after.status).toBe('open');
    expect(after.history.map((h: { step: string }) => h.step)).toEqual(['opened', 'quiet-period-lapsed']);
    const lights = await stack.request<{ current: string }>(
      'GET',
      `/api/v1/enterprises/${uscc}/investment-lights`,
      {
        token: stack.token(Role.Regulator),
      },
    );
    expect(lights.body.current).toBe('green');
  });
});
