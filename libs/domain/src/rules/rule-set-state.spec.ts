import {
  assertApprovable,
  assertWithdrawable,
  documentPath,
  nextRuleSetStatus,
  RULE_SET_ACTIONS,
  RULE_SET_STATUSES,
  RuleSetStatus,
  settleActivation,
} from './rule-set-state';

describe('rule-set version state machine', () => {
  it('walks draft → approved → scheduled → in_force → retired', () => {
    let s: RuleSetStatus = 'draft';
    const seen: RuleSetStatus[] = [s];
    for (const a of ['approve', 'publish', 'activate', 'retire'] as const) {
      s = nextRuleSetStatus(s, a);
      seen.push(s);
    }
    expect(seen).toEqual(['draft', 'approved', 'scheduled', 'in_force', 'retired']);
  });

  it.each([
    ['approved', 'edit', 'approved: allowed publish'],
    ['scheduled', 'edit', 'scheduled: allowed withdraw, activate, retire'],
    ['in_force', 'withdraw', 'in_force: allowed retire'],
    ['retired', 'activate', 'retired: final, nothing allowed'],
    ['withdrawn', 'publish', 'withdrawn: final, nothing allowed'],
    ['draft', 'publish', 'draft: allowed edit, approve'],
  ] as const)('refuses %s + %s with a conflict naming what is allowed', (status, action, message) => {
    expect(() => nextRuleSetStatus(status, action)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: [{ path: 'status', message }] }),
    );
  });

  it('only a draft can be edited, and editing keeps it a draft', () => {
    for (const s of RULE_SET_STATUSES) {
      if (s === 'draft') expect(nextRuleSetStatus(s, 'edit')).toBe('draft');
      else expect(() => nextRuleSetStatus(s, 'edit')).toThrow(/cannot edit/);
    }
    expect(RULE_SET_ACTIONS).toContain('edit');
  });

  describe('approval', () => {
    const clean = {
      status: 'draft' as const,
      author: 'alice',
      editors: [],
      problems: [],
      failedScenarios: [],
    };

    it('passes a clean draft approved by someone else', () => {
      expect(() => assertApprovable(clean, 'bob')).not.toThrow();
    });

    it('refuses the author (four eyes), problems and failing scenarios, listing every reason', () => {
      let error: unknown;
      try {
        assertApprovable(
          {
            ...clean,
            problems: [{ path: 'rules[0].conditions.all[0].fact', message: 'undeclared fact "x"' }],
            failedScenarios: [{ name: 'clean firm', message: 'expected tier A, got B' }],
          },
          'alice',
        );
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({
        code: 'CONFLICT',
        details: [
          { path: 'approver', message: expect.stringMatching(/alice wrote this draft/) },
          { path: 'document.rules[0].conditions.all[0].fact', message: 'undeclared fact "x"' },
          { path: 'tests["clean firm"]', message: 'expected tier A, got B' },
        ],
      });
    });

    it('refuses an editor of the draft too', () => {
      expect(() => assertApprovable({ ...clean, editors: ['carol'] }, 'carol')).toThrow(
        expect.objectContaining({
          code: 'CONFLICT',
          details: [{ path: 'approver', message: expect.stringMatching(/carol edited this draft/) }],
        }),
      );
      expect(() => assertApprovable({ ...clean, editors: ['carol'] }, 'bob')).not.toThrow();
    });

    it('refuses a version that is not a draft', () => {
      expect(() => assertApprovable({ ...clean, status: 'approved' }, 'bob')).toThrow(/cannot approve/);
    });
  });

  it('withdraws only a scheduled version before its effectiveFrom', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(() => assertWithdrawable('scheduled', new Date('2026-06-02T00:00:00Z'), now)).not.toThrow();
    expect(() => assertWithdrawable('scheduled', now, now)).toThrow(/already taken effect/);
    expect(() => assertWithdrawable('in_force', new Date('2026-05-01T00:00:00Z'), now)).toThrow(
      /cannot withdraw/,
    );
  });

  describe('activation', () => {
    const v = (id: string, status: RuleSetStatus, at: string) => ({
      id,
      status,
      effectiveFrom: new Date(at),
    });

    it('does nothing before a scheduled version is due', () => {
      const versions = [
        v('a', 'in_force', '2026-01-01T00:00:00Z'),
        v('b', 'scheduled', '2026-06-01T00:00:00Z'),
      ];
      expect(settleActivation(versions, new Date('2026-05-31T23:59:59Z'))).toBeUndefined();
    });

    it('puts the latest due version in force and retires the ones before it', () => {
      const versions = [
        v('a', 'in_force', '2026-01-01T00:00:00Z'),
        v('b', 'scheduled', '2026-03-01T00:00:00Z'),
        v('c', 'scheduled', '2026-06-01T00:00:00Z'),
        v('d', 'scheduled', '2026-09-01T00:00:00Z'),
        v('w', 'withdrawn', '2026-04-01T00:00:00Z'),
      ];
      const settled = settleActivation(versions, new Date('2026-06-01T00:00:00Z'));
      expect(settled?.activate.id).toBe('c');
      expect(settled?.retire.map((r) => r.id)).toEqual(['a', 'b']);
    });

    it('is idempotent: once applied, nothing is due', () => {
      const versions = [
        v('a', 'retired', '2026-01-01T00:00:00Z'),
        v('c', 'in_force', '2026-06-01T00:00:00Z'),
      ];
      expect(settleActivation(versions, new Date('2026-07-01T00:00:00Z'))).toBeUndefined();
    });
  });

  it('reads validator paths as request paths', () => {
    expect(documentPath('')).toBe('document');
    expect(documentPath('rules[1].event')).toBe('document.rules[1].event');
    expect(documentPath('["weird key"]')).toBe('document["weird key"]');
  });
});
