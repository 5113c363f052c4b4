import { createPlan, ExportedPlan, makeUscc } from '@app/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPlanFile } from './plan-verify';

function plan(): ExportedPlan {
  const pool = Array.from({ length: 60 }, (_, i) => ({
    uscc: makeUscc({ region: '330106', orgBody: `MA${String(i).padStart(6, '0')}` }),
    tier: 'ABCD'[i % 4],
    region: '330106',
  }));
  return createPlan({
    seed: 'cli-spec',
    strata: [
      { tier: 'D', ratio: 0.8 },
      { tier: 'C', ratio: 0.4 },
      { tier: 'B', ratio: 0.1 },
      { tier: 'A', ratio: 0.03 },
    ],
    pool,
    requiredQualifications: ['food'],
    inspectorsPerTask: 2,
    roster: Array.from({ length: 6 }, (_, i) => ({
      id: `I-${i}`,
      certified: true,
      qualifications: ['food'],
      capacity: 20,
    })),
    provenance: {
      planId: 'cli-spec-plan',
      scope: { regionPrefix: '33' },
      drawType: 'undirected',
      drawnAt: new Date('2026-11-25T02:00:00Z'),
      seedSource: 'caller',
    },
  });
}

describe('tierwatch plan verify', () => {
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-verify-'));
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
    process.exitCode = undefined;
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = undefined;
  });

  const run = async (document: unknown, options = {}): Promise<void> => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(document));
    verifyPlanFile(file, options);
  };

  it('exits 0 and says so when the plan is what its inputs give', async () => {
    await run(plan());
    expect(process.exitCode).toBeUndefined();
    expect(out[0]).toMatch(/plan verified: pool digest [0-9a-f]{64}$/);
    expect(out[1]).toBe('  plan cli-spec-plan, undirected draw at 2026-11-25T10:00:00.000+08:00');
    expect(out[2]).toMatch(/seed chosen by the caller/);
    expect(err).toEqual([]);
  });

  it('exits 1 and lists every mismatch, each with its path', async () => {
    const tampered = plan();
    tampered.pool.pop();
    const [first] = tampered.result.tasks;
    if (first.status === 'assigned') first.inspectors = ['I-9', 'I-8'];
    await run(tampered);
    expect(process.exitCode).toBe(1);
    expect(err[0]).toMatch(/: \d+ mismatch\(es\)$/);
    expect(err.slice(1).every((line) => /^ {2}\S+: /.test(line))).toBe(true);
    expect(err).toContainEqual(expect.stringMatching(/^ {2}poolDigest: recorded/));
    expect(err).toContainEqual(
      expect.stringMatching(/^ {2}result\.tasks\[0\]\.inspectors: recorded \["I-9","I-8"\]/),
    );
    expect(Number(/(\d+) mismatch/.exec(err[0])![1])).toBe(err.length - 1);
  });

  it('checks the pool against a published digest', async () => {
    await run(plan(), { poolDigest: '0'.repeat(64) });
    expect(process.exitCode).toBe(1);
    expect(err).toContainEqual(expect.stringContaining('pool: the pool digests to'));
  });
});
