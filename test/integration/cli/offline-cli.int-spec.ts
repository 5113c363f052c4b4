import { AppConfig } from '@app/config';
import { TokenService } from '@app/auth';
import { createPlan, makeUscc } from '@app/domain';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI_MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const TIERING = join(ROOT, 'rules', 'tiering', '2026.1.json');
const SCENARIOS = join(ROOT, 'rules', 'scenarios', 'tiering');
const SECRET = randomBytes(32).toString('hex');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Modules of note the process had loaded when it exited. */
  loaded: string[];
}

/** A port nothing listens on: bound once by the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(true));
    socket.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * The built CLI as a user runs it, with PostgreSQL and Redis pointed at closed ports. A preloaded
 * hook reports, at exit, whether the framework, TypeORM or ioredis were loaded at all.
 */
describe('tierwatch offline: rules, plan verify, token and --help with no database and no Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-offline-'));
  const hook = join(dir, 'loaded-hook.js');
  let env: NodeJS.ProcessEnv;
  let dbPort: number;
  let redisPort: number;

  const cli = (args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        ['--require', hook, CLI_MAIN, ...args],
        { env: { ...env, ...extraEnv }, cwd: dir, timeout: 60_000 },
        (error, stdout, stderr) => {
          const marker = stderr.lastIndexOf('\nLOADED ');
          const loaded = marker < 0 ? [] : (JSON.parse(stderr.slice(marker + 8)) as string[]);
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr: marker < 0 ? stderr : stderr.slice(0, marker),
            loaded,
          });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const facts = (scenario: string) =>
    (
      JSON.parse(readFileSync(join(SCENARIOS, `${scenario}.json`), 'utf8')) as {
        facts: Record<string, unknown>;
      }
    ).facts;
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run npm run build first`);
    writeFileSync(
      hook,
      `process.on('exit', () => {
         const names = ['/typeorm/', '/ioredis/', '/@nestjs/core/', '/nest-commander/', '/pg/'];
         const loaded = names.filter((n) => Object.keys(require.cache).some((k) => k.includes(n)));
         process.stderr.write('\\nLOADED ' + JSON.stringify(loaded));
       });`,
    );
    dbPort = await closedPort();
    redisPort = await closedPort();
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${dbPort}/tierwatch`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      AUTH_JWT_SECRET: SECRET,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('really has neither service (a database command fails)', async () => {
    expect(await refusesConnections(dbPort)).toBe(true);
    expect(await refusesConnections(redisPort)).toBe(true);
    const run = await cli(['migrate']);
    expect(run.code).not.toBe(0);
  });

  it('prints every help, the database commands included, without loading the framework', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['rules', 'plan', 'token', 'ingest', 'assess', 'bench', 'migrate', 'drill'])
      expect(top.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(top.loaded).toEqual([]);

    const rules = await cli(['rules', '--help']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/validate .*\n[\s\S]*eval .*\n[\s\S]*test .*\n[\s\S]*diff /);
    const evalHelp = await cli(['rules', 'eval', '--help']);
    expect(evalHelp.stdout).toContain('--why');
    expect(evalHelp.loaded).toEqual([]);
    const token = await cli(['token', '--help']);
    expect(token.stdout).toContain('--role <role>');
    expect(token.loaded).toEqual([]);

    // nest-commander commands: their options (the catalog of their decorators), nothing of them loaded.
    const ingest = await cli(['ingest', '--help']);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('Usage: tierwatch ingest [options] <file>');
    expect(ingest.stdout).toContain('--batch-size <n>');
    expect(ingest.loaded).toEqual([]);
    const benchPlan = await cli(['bench', 'plan', '--help']);
    expect(benchPlan.code).toBe(0);
    expect(benchPlan.stdout).toContain('--inspectors <n>');
    // A group named without its subcommand prints its help too, rather than booting anything.
    const bench = await cli(['bench']);
    expect(bench.code).toBe(0);
    expect(bench.stdout).toMatch(/^ {2}plan \[options\] +draw a 双随机 plan/m);
    const planCreate = await cli(['plan', 'create', '-h']);
    expect(planCreate.code).toBe(0);
    expect(planCreate.stdout).toContain('Usage: tierwatch plan create [options] <request.json>');
  });

  it('rules validate: exit 0 on a valid rule set, 1 with every problem listed', async () => {
    const ok = await cli(['rules', 'validate', TIERING]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid tiering rule set 2026\.1, \d+ rules, checksum [0-9a-f]{64}/);
    expect(ok.loaded).toEqual([]);

    const broken = JSON.parse(readFileSync(TIERING, 'utf8'));
    broken.rules[0].conditions = { all: [{ fact: 'no_such_fact', operator: 'equal', value: 1 }] };
    const bad = await cli(['rules', 'validate', file('broken.json', broken)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.json: \d+ problem\(s\)/);
    expect(bad.stderr).toContain('no_such_fact');

    // Static checks are warnings: printed, and the exit code stays 0.
    const unused = JSON.parse(readFileSync(TIERING, 'utf8'));
    unused.facts.never_read = { type: 'number', from: 'enterprise.registered_capital' };
    const warned = await cli(['rules', 'validate', file('unused.json', unused)]);
    expect({ code: warned.code, stderr: warned.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(/warning facts\.never_read \[fact-unused\]/),
    });

    const notJson = await cli(['rules', 'validate', file('not.json', '{ nope')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^rule set .*not\.json is not JSON/);
  });

  it('rules eval: one NDJSON line per fact set, in order; exit 1 when any cannot be evaluated', async () => {
    const court = facts('demo-court');
    const ndjson = [court, { ...court, general_penalties_3y: 3 }].map((f) => JSON.stringify(f)).join('\n');
    const good = await cli(['rules', 'eval', TIERING, file('facts.ndjson', `${ndjson}\n`)]);
    expect(good.code).toBe(0);
    const out = lines(good.stdout);
    expect(out.map((l) => [l.item, l.ok, (l.outcome as { tier: string }).tier])).toEqual([
      [1, true, 'B'],
      [2, true, 'C'],
    ]);
    expect(good.loaded).toEqual([]);

    // A JSON array is a batch too; standard input with `-`.
    const array = await cli(['rules', 'eval', TIERING, file('facts.json', [court])]);
    expect(lines(array.stdout)).toMatchObject([{ item: 1, ok: true, outcome: { tier: 'B' } }]);
    const stdin = await cli(['rules', 'eval', TIERING, '-'], JSON.stringify(court));
    expect(lines(stdin.stdout)).toMatchObject([{ item: 1, ok: true, outcome: { tier: 'B' } }]);

    const mixed = await cli([
      'rules',
      'eval',
      TIERING,
      file(
        'mixed.ndjson',
        `${JSON.stringify(court)}\n{oops\n${JSON.stringify({ years_in_business: 'x' })}\n`,
      ),
    ]);
    expect(mixed.code).toBe(1);
    const [first, second, third] = lines(mixed.stdout);
    expect(first).toMatchObject({ item: 1, ok: true });
    expect(second).toMatchObject({ item: 2, ok: false, error: expect.stringMatching(/^line 2 is not JSON/) });
    expect(third).toMatchObject({
      item: 3,
      ok: false,
      error: expect.stringContaining('cannot be evaluated'),
    });
  });

  it('rules eval --why: each line adds why the other rules did not fire and the distance to each tier', async () => {
    const court = facts('demo-court');
    const run = await cli(['rules', 'eval', '--why', TIERING, file('court.json', court)]);
    expect(run.code).toBe(0);
    const [line] = lines(run.stdout) as {
      outcome: { tier: string; score: number; fired: { rule: string }[] };
      why: {
        fired: { rule: string }[];
        notFired: { rule: string; failed: { fact: string; value: unknown } | null; text: string }[];
        tiers: { tier: string; pointsNeeded: number }[];
      };
    }[];
    expect(line.why.fired.map((f) => f.rule).sort()).toEqual(line.outcome.fired.map((f) => f.rule).sort());
    const general = line.why.notFired.find((n) => n.rule === 'general-penalty');
    expect(general).toMatchObject({
      failed: { fact: 'general_penalties_3y', value: court.general_penalties_3y },
    });
    expect(general?.text).toMatch(/^general-penalty: general_penalties_3y = 0, needs /);
    expect(line.why.tiers.find((t) => t.tier === line.outcome.tier)?.pointsNeeded).toBe(0);
    expect(run.loaded).toEqual([]);
    // Without --why, no explanation.
    const plain = await cli(['rules', 'eval', TIERING, file('court.json', court)]);
    expect(lines(plain.stdout)[0]).not.toHaveProperty('why');
  });

  it('rules test: the shipped scenarios pass (exit 0); a failing scenario exits 1 and says why', async () => {
    const shipped = await cli(['rules', 'test', TIERING]);
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(/(\d+) passed, 0 failed, \1 in all/);
    expect(shipped.loaded).toEqual([]);

    const doc = JSON.parse(readFileSync(TIERING, 'utf8'));
    doc.tests = [
      { name: 'court-is-b', facts: facts('demo-court'), expect: { tier: 'B' } },
      { name: 'court-is-a', facts: facts('demo-court'), expect: { tier: 'A' } },
    ];
    const failing = await cli(['rules', 'test', file('with-tests.json', doc)]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/pass {2}court-is-b/);
    expect(failing.stdout).toMatch(/FAIL {2}court-is-a: .*tier/);
    expect(failing.stdout).toContain('1 passed, 1 failed, 2 in all');
  });

  it('rules diff: the structured difference as JSON; --exit-code exits 1 when they differ', async () => {
    const next = JSON.parse(readFileSync(TIERING, 'utf8'));
    next.version = '2026.2';
    const dropped = next.rules.pop().name as string;
    const to = file('next.json', next);
    const run = await cli(['rules', 'diff', TIERING, to]);
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff).toMatchObject({
      from: { kind: 'tiering', version: '2026.1' },
      to: { kind: 'tiering', version: '2026.2' },
      identical: false,
      rules: { added: [], removed: [dropped] },
    });
    expect(run.loaded).toEqual([]);
    const summary = await cli(['rules', 'diff', '--summary', TIERING, to]);
    expect(summary.stdout).toContain(`rule ${dropped}: removed`);
    expect((await cli(['rules', 'diff', '--exit-code', TIERING, to])).code).toBe(1);
    expect((await cli(['rules', 'diff', '--exit-code', TIERING, TIERING])).code).toBe(0);
    const invalid = await cli(['rules', 'diff', TIERING, file('nothing.json', {})]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/nothing\.json: invalid rule set/);
  });

  it('plan verify: exit 0 for a plan that is what its inputs give, 1 for a tampered one', async () => {
    const plan = createPlan({
      seed: 'offline-cli',
      strata: [
        { tier: 'D', ratio: 0.8 },
        { tier: 'A', ratio: 0.1 },
      ],
      pool: Array.from({ length: 20 }, (_, i) => ({
        uscc: makeUscc({ region: '330106', orgBody: `MA${String(i).padStart(6, '0')}` }),
        tier: i % 2 ? 'A' : 'D',
        region: '330106',
      })),
      requiredQualifications: [],
      inspectorsPerTask: 2,
      roster: [{ id: 'I-1', certified: true, qualifications: [], capacity: 50 }],
      provenance: {
        planId: 'offline-plan',
        scope: { regionPrefix: '33' },
        drawType: 'undirected',
        drawnAt: new Date('2026-11-25T02:00:00Z'),
        seedSource: 'caller',
      },
    });
    const ok = await cli(['plan', 'verify', file('plan.json', plan)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('plan verified');
    expect(ok.loaded).toEqual([]);

    const tampered = JSON.parse(JSON.stringify(plan));
    tampered.seed = 'another-seed';
    const bad = await cli(['plan', 'verify', file('tampered.json', tampered)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mismatch\(es\)/);
  });

  it('token: prints a token the api accepts; refuses an unknown role or a missing --role', async () => {
    const run = await cli([
      'token',
      '--role',
      'regulator',
      '--region',
      '3301',
      '--subject',
      'regulator:alice',
    ]);
    expect(run.code).toBe(0);
    // Signed with jose alone: none of the framework, TypeORM, ioredis or pg is even loaded.
    expect(run.loaded).toEqual([]);
    const principal = await new TokenService(AppConfig.load({ ...env, AUTH_JWT_SECRET: SECRET })).verify(
      run.stdout.trim(),
    );
    expect(principal).toMatchObject({ subject: 'regulator:alice', roles: ['regulator'], regions: ['3301'] });

    const unknown = await cli(['token', '--role', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown role "nobody"; one of: admin, regulator');
    const missing = await cli(['token']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--role <role>' not specified");
    const noSecret = await cli(['token', '--role', 'admin'], undefined, { AUTH_JWT_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('AUTH_JWT_SECRET: is required');
    const known = await cli(['token', '--role', 'admin'], undefined, {
      AUTH_JWT_SECRET: 'your-256-bit-secret',
    });
    expect(known.code).toBe(1);
    expect(known.stderr).toContain('AUTH_JWT_SECRET: must be at least 32 bytes');
    const regulatorWithoutRegions = await cli(['token', '--role', 'regulator']);
    expect(regulatorWithoutRegions.code).toBe(1);
  });
});
