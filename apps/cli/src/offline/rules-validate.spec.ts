import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRulesFile } from './rules-validate';

const RULES = join(__dirname, '../../../../rules');

describe('tierwatch rules validate, on rule data', () => {
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-validate-'));
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

  it('accepts the shipped calendar years and deadlines', async () => {
    validateRulesFile(join(RULES, 'calendars/2026.json'));
    validateRulesFile(join(RULES, 'deadlines/2026.1.json'));
    expect(process.exitCode).toBeUndefined();
    expect(out[0]).toMatch(/: valid official calendar 2026: 33 holidays, 6 make-up workdays$/);
    expect(out[1]).toMatch(
      /: valid deadlines 2026\.1 from 2025-01-01T00:00:00\+08:00: publication 20 working days, correction 3, reminder 48 h before due$/,
    );
  });

  it('lists every problem of a bad calendar year and exits 1', async () => {
    const year = JSON.parse(readFileSync(join(RULES, 'calendars/2026.json'), 'utf8'));
    year.makeUpWorkdays.push({ date: '2026-03-04', name: 'a Wednesday' });
    const file = join(dir, '2026.json');
    writeFileSync(file, JSON.stringify(year));
    validateRulesFile(file);
    expect(process.exitCode).toBe(1);
    expect(err.join('\n')).toContain('2026-03-04 is a make-up workday on a weekday');
  });
});
