import { migrateWithLock } from '@app/persistence';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CliModule } from '../../../apps/cli/src/cli.module';
import { CapitalDemoStep } from '../../../apps/cli/src/demo/capital.demo-step';
import { TestEnv } from '../../support/test-env';

describe('demo: the capital lights step', () => {
  let env: TestEnv;
  let app: INestApplicationContext;
  let ds: DataSource;
  const logs: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    app = await NestFactory.createApplicationContext(CliModule.forRoot(env.config), { logger: false });
    ds = app.get(DataSource);
    await migrateWithLock(ds);
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
    await env.dispose();
  });

  const state = async () =>
    (
      await ds.query(
        `SELECT (SELECT count(*) FROM investment_events)::int AS events,
                (SELECT count(*) FROM investment_warnings)::int AS warnings,
                (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT string_agg(light || ':' || status, ',' ORDER BY id) FROM investment_warnings) AS lights`,
      )
    )[0];

  it('shows a yellow and a red light with evidence, both sides of the switch, a resolved warning; a second run changes nothing', async () => {
    await app.get(CapitalDemoStep).run();
    const out = logs.join('\n');
    expect(out).toContain('yellow cross-industry acquisition: YELLOW');
    expect(out).toContain('cross-industry-expansion');
    expect(out).toContain('red unnotified concentration: RED');
    expect(out).toContain('国务院令第773号');
    expect(out).toMatch(/2024-01-21 .*mustNotify true/);
    expect(out).toMatch(/2024-01-22 .*mustNotify false/);
    expect(out).toMatch(/opened → acknowledge → assign → resolve; outcome rectified/);
    const first = await state();
    expect(first).toMatchObject({ events: 2, warnings: 2, lights: 'yellow:resolved,red:open' });
    logs.length = 0;
    await app.get(CapitalDemoStep).run();
    expect(await state()).toEqual(first);
    expect(logs.join('\n')).toContain('unchanged (1)');
  });
});
