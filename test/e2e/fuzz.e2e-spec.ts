import { Role } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { formatReport, runFuzzCampaign } from '../../apps/cli/src/fuzz/fuzz-campaign';
import { prepareWorld } from '../../apps/cli/src/fuzz/fuzz-world';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

/** Fixed, so CI runs the same inputs every time; `TEST_FUZZ_SEED` runs another campaign locally. */
const SEED = Number(process.env.TEST_FUZZ_SEED ?? 20261211);
const COUNT = 2000;

describe(`fuzz: ${COUNT} seeded bad inputs across every write route and format`, () => {
  let stack: Stack;

  beforeAll(async () => {
    // No worker: bad inputs must be refused by the api itself.
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({ AUTH_JWT_SECRET: randomBytes(32).toString('hex') }),
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers no 5xx and writes nothing for any of them', async () => {
    const ds = await stack.env.dataSource();
    const sql = (q: string, params?: unknown[]) => ds.query<Record<string, unknown>[]>(q, params);
    const token = stack.token(Role.Admin);
    const world = await prepareWorld(stack.baseUrl, token, sql);
    const report = await runFuzzCampaign({
      baseUrl: stack.baseUrl,
      token,
      sql,
      world,
      seed: SEED,
      count: COUNT,
    });
    if (report.serverErrors.length + report.acceptedWrites.length + report.partialWrites.length > 0) {
      // The full report, for whoever reads the failure.
      process.stderr.write(`${formatReport(report).join('\n')}\n`);
    }
    expect(report.inputs).toBe(COUNT);
    expect(report.serverErrors).toEqual([]);
    expect(report.partialWrites).toEqual([]);
    expect(report.acceptedWrites).toEqual([]);
    // Every route was exercised: those of issues #11, #13 (supervision), #14 (capital) and #15 (repair).
    expect(Object.keys(report.byRoute).sort()).toEqual([
      'POST /api/v1/assessment-runs',
      'POST /api/v1/audit/verifications',
      'POST /api/v1/enforcement/measures',
      'POST /api/v1/enforcement/recommendations',
      'POST /api/v1/enterprises',
      'POST /api/v1/enterprises/:uscc/observation',
      'POST /api/v1/inspection-plans',
      'POST /api/v1/inspection-plans/preview',
      'POST /api/v1/inspection-tasks/:id/cancel',
      'POST /api/v1/inspection-tasks/:id/correction',
      'POST /api/v1/inspection-tasks/:id/inspectors',
      'POST /api/v1/inspection-tasks/:id/legal-basis',
      'POST /api/v1/inspection-tasks/:id/publish',
      'POST /api/v1/inspection-tasks/:id/result',
      'POST /api/v1/inspection-tasks/:id/start',
      'POST /api/v1/inspectors',
      'POST /api/v1/investment-events',
      'POST /api/v1/investment-warnings/:id/acknowledge',
      'POST /api/v1/investment-warnings/:id/assign',
      'POST /api/v1/investment-warnings/:id/resolve',
      'POST /api/v1/merger-checks',
      'POST /api/v1/ownership-links',
      'POST /api/v1/records',
      'POST /api/v1/repair-applications',
      'POST /api/v1/repair-applications/:id/decision',
      'POST /api/v1/sandbox-enrolments',
      'POST /api/v1/sandbox-enrolments/:id/exit',
    ]);
  }, 180_000);
});
