import { IngestService } from '@app/ingestion';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AssessCommand } from '../../../apps/cli/src/commands/assess.command';
import { IngestCommand } from '../../../apps/cli/src/commands/ingest.command';
import { SeedCommand } from '../../../apps/cli/src/commands/seed.command';
import { DemoSeed } from '../../../apps/cli/src/demo-seed';
import { enterpriseRow, oneOfEachRecord, toNdjson, usccOf } from '../../support/fixtures';
import { assessmentServices } from '../../support/assessment';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('CLI: tierwatch ingest and tierwatch seed', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: IngestService;
  const dir = mkdtempSync(join(tmpdir(), 'tw-cli-'));
  const logs: string[] = [];
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    env = await TestEnv.create({ INGEST_BATCH_SIZE: '50' });
    ds = await env.dataSource();
    ingest = ingestService(ds, env.config);
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    await env.dispose();
  });
  beforeEach(() => {
    logs.length = 0;
    process.exitCode = undefined;
  });

  it('ingests a CSV of enterprises and an NDJSON of records, writing rejected rows to a file', async () => {
    const command = new IngestCommand(ingest, ds, env.config);
    const csv = join(dir, 'enterprises.csv');
    writeFileSync(
      csv,
      `uscc,name,regionCode,industryCode,establishedOn\n${usccOf(1)},甲,330106,C1431,2015-01-01\n${usccOf(2)},乙,330106,C1431,2031-01-01\n`,
    );
    await command.run([csv], {});
    expect(await count(`SELECT count(*) AS n FROM enterprises`)).toBe(1);
    expect(process.exitCode).toBe(2);
    expect(logs.join('\n')).toMatch(/2 rows in .* 1 new, 0 updated, 0 unchanged, 1 rejected/);
    const rejects = readFileSync(`${csv}.rejects.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects).toEqual([
      { row: 2, path: 'establishedOn', message: expect.stringMatching(/^2031-01-01 is in the future/) },
    ]);

    process.exitCode = undefined;
    const records = join(dir, 'penalties.ndjson');
    writeFileSync(records, toNdjson(oneOfEachRecord(usccOf(1), 'CLI')));
    await command.run([records], {});
    expect(process.exitCode).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM credit_records`)).toBe(9);
    expect(await count(`SELECT count(*) AS n FROM risk_records`)).toBe(4);
  });

  it('exits 1 when a command fails, saying why on stderr (a script can tell)', () => {
    const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`no built CLI at ${main}: run npm run build first`);
    const run = spawnSync(
      process.execPath,
      [main, 'plan', 'export', '0190b3c0-0000-7000-8000-000000000000'],
      {
        encoding: 'utf8',
        env: env.childEnv(),
      },
    );
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/NOT_FOUND: .*plan/i);
    expect(run.status).toBe(1);
  });

  it('refuses an atomic file with a bad row and stores nothing', async () => {
    const command = new IngestCommand(ingest, ds, env.config);
    const file = join(dir, 'more-enterprises.ndjson');
    writeFileSync(file, toNdjson([enterpriseRow(10), { ...enterpriseRow(11), name: '' }]));
    await command.run([file], { atomic: true });
    expect(process.exitCode).toBe(1);
    expect(logs.join('\n')).toContain('[1].name: must not be empty');
    expect(await count(`SELECT count(*) AS n FROM enterprises WHERE uscc = '${usccOf(10)}'`)).toBe(0);
  });

  it('seeds a reproducible synthetic population: the same seed again changes nothing', async () => {
    const seed = new SeedCommand(ds, new DemoSeed(ingest), ingest, env.config);
    await seed.run([], { enterprises: 150, seed: 42, asOf: '2026-11-01' });
    const enterprises = await count(`SELECT count(*) AS n FROM enterprises WHERE uscc LIKE '%Y%'`);
    const records = await count(
      `SELECT (SELECT count(*) FROM credit_records) + (SELECT count(*) FROM risk_records) AS n`,
    );
    expect(enterprises).toBeGreaterThanOrEqual(150);
    expect(records).toBeGreaterThan(150 * 5);
    expect(logs.join('\n')).toMatch(/enterprises: 150 rows .* 150 new/);

    logs.length = 0;
    await seed.run([], { enterprises: 150, seed: 42, asOf: '2026-11-01' });
    expect(logs.join('\n')).toMatch(/enterprises: 150 rows .* 0 new, 0 updated, 150 unchanged, 0 rejected/);
    expect(logs.join('\n')).toMatch(/records: \d+ rows .* 0 new, 0 updated, \d+ unchanged, 0 rejected/);
  });

  it('assesses every enterprise with the rule set in force, with a progress summary', async () => {
    const enterprises = await count(`SELECT count(*) AS n FROM enterprises`);
    const { runs, queues } = assessmentServices(ds, env.config);
    await new AssessCommand(ds, runs).run([], { asOf: '2026-11-01', chunkSize: 40 });
    await queues.onApplicationShutdown();
    expect(await count(`SELECT count(*) AS n FROM enterprises WHERE current_tier IS NOT NULL`)).toBe(
      enterprises,
    );
    expect(await count(`SELECT count(*) AS n FROM assessments WHERE as_of::date = '2026-11-01'`)).toBe(
      enterprises,
    );
    expect(logs.join('\n')).toMatch(
      new RegExp(
        `run [0-9a-f-]{36}: ${enterprises} enterprise\\(s\\) in ${Math.ceil(enterprises / 40)} chunk`,
      ),
    );
    expect(logs.join('\n')).toMatch(new RegExp(`completed: ${enterprises} assessed in .*; 0 failed`));
    expect(logs.join('\n')).toMatch(
      /stages .*: derive facts \d+\/s, evaluate \d+\/s, write assessments \d+\/s/,
    );
    // the due log's prune, timed apart from the run: every enterprise now has a tier, so the log
    // holds no untiered row
    expect(logs.join('\n')).toMatch(/due log pruned after the run in \d+\.\d s/);
    expect(await count(`SELECT count(*) AS n FROM tiering_due WHERE due_on = '-infinity'`)).toBe(0);
    const [run] = await ds.query(`SELECT status, total, trigger, requested_by FROM assessment_runs`);
    expect(run).toEqual({ status: 'completed', total: enterprises, trigger: 'manual', requested_by: 'cli' });
  });

  it('loads the demo stories idempotently', async () => {
    const seed = new SeedCommand(ds, new DemoSeed(ingest), ingest, env.config);
    await seed.run([], { demo: true });
    expect(logs).toEqual([
      'demo enterprises: 34 new, 0 updated, 0 unchanged',
      'demo records: 230 new, 0 updated, 0 unchanged',
    ]);
    logs.length = 0;
    await seed.run([], { demo: true });
    expect(logs).toEqual([
      'demo enterprises: 0 new, 0 updated, 34 unchanged',
      'demo records: 0 new, 0 updated, 230 unchanged',
    ]);
  });
});
