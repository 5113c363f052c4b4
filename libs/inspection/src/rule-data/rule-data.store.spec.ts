import { Logger } from '@nestjs/common';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleDataStore } from './rule-data.store';

const RULES = join(__dirname, '../../../../rules');

describe('RuleDataStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rule-data-store-'));
    cpSync(join(RULES, 'calendars'), join(dir, 'calendars'), { recursive: true });
    cpSync(join(RULES, 'deadlines'), join(dir, 'deadlines'), { recursive: true });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const setPublication = (workingDays: number): void => {
    const file = join(dir, 'deadlines/2026.1.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...doc, publication: { workingDays, source: 'test' } }));
  };
  const at = new Date('2026-03-02T10:00:00+08:00');

  it('loads the shipped folder by default', () => {
    const store = new RuleDataStore();
    store.onModuleInit();
    expect(store.calendar().coveredYears()).toEqual([2025, 2026, 2027]);
    expect(store.deadlinesAt(at).rules.version).toBe('2026.1');
  });

  it('re-reads the folder when a file changes, and only then', () => {
    const store = new RuleDataStore(dir);
    store.onModuleInit();
    const first = store.current();
    expect(store.current()).toBe(first);
    setPublication(7);
    expect(store.deadlinesAt(at).rules.publication.workingDays).toBe(7);
  });

  it('keeps the last good data when a change is invalid, and says so once', () => {
    const store = new RuleDataStore(dir);
    store.onModuleInit();
    setPublication(-1);
    expect(store.deadlinesAt(at).rules.publication.workingDays).toBe(20);
    expect(store.deadlinesAt(at).rules.publication.workingDays).toBe(20);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);
    setPublication(9);
    expect(store.deadlinesAt(at).rules.publication.workingDays).toBe(9);
  });

  it('refuses to start on invalid data', () => {
    setPublication(-1);
    expect(() => new RuleDataStore(dir).onModuleInit()).toThrow(/invalid rule data/);
  });
});
