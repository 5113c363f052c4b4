import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleEvaluator } from '../engine/fired-rule';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { compileRules } from '../engine/rule.compiler';
import type { RuleSetProblem } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';
import {
  addDuration,
  asTriggersRuleSet,
  decideTriggeredTasks,
  evaluateTriggers,
  FiredTrigger,
} from './triggered-tasks';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const FILE = join(__dirname, '../../../../rules/triggers/2026.1.json');
const shipped = (): Json => JSON.parse(readFileSync(FILE, 'utf8')) as Json;

function problemsOf(edit: (doc: Json) => void): RuleSetProblem[] {
  const doc = shipped();
  edit(doc);
  const result = validateRuleSet(doc);
  return result.ok ? [] : result.problems;
}

function trigger(code: string, extra: Partial<FiredTrigger> = {}): FiredTrigger {
  return { rule: code, code, reason: code, factor: code, priority: 'high', dedupWindow: 'P30D', ...extra };
}

describe('triggers rule set rules/triggers/2026.1.json', () => {
  it('is valid', () => {
    const result = validateRuleSet(shipped());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('the validator rejects a trigger without a code, with a wrong priority or window, with paths', () => {
    const problems = problemsOf((d) => {
      delete d.rules[0].event.params.code;
      d.rules[1].event.params.priority = 'critical';
      d.rules[2].event.params.dedupWindow = 'P0D';
    });
    expect(problems).toEqual([
      {
        path: 'rules[0].event.params.code',
        rule: 'complaints-surge',
        message:
          'a trigger needs a stable reason code (lowercase letters, digits, _): tasks are deduplicated by it',
      },
      {
        path: 'rules[1].event.params.priority',
        rule: 'high-monitoring-alert',
        message: 'priority is one of urgent, high, normal',
      },
      {
        path: 'rules[2].event.params.dedupWindow',
        rule: 'platform-risk-signal',
        message: 'invalid ISO-8601 duration "P0D": use years, months, weeks or days, e.g. P30D',
      },
    ]);
  });

  it('the validator rejects another event type and a missing outcome', () => {
    expect(
      problemsOf((d) => {
        d.rules[0].event.type = 'score';
        delete d.outcome;
      }),
    ).toEqual([
      { path: 'outcome', message: 'is required' },
      {
        path: 'rules[0].event.type',
        rule: 'complaints-surge',
        message: 'triggers rules fire "trigger" events, not "score"',
      },
    ]);
  });

  describe('evaluateTriggers', () => {
    const validation = validateRuleSet(shipped());
    if (!validation.ok) throw new Error('rules/triggers/2026.1.json is invalid');
    const ruleSet = asTriggersRuleSet(validation.ruleSet);
    const evaluators: [string, RuleEvaluator][] = [
      ['json-rules-engine', createReferenceEvaluator(ruleSet.rules)],
      ['compiled', compileRules(ruleSet.rules).evaluator],
    ];

    it.each(evaluators)('fires each trigger on its facts (%s)', async (_, evaluator) => {
      const quiet = await evaluateTriggers(
        ruleSet,
        { complaints_30d: 4, high_monitoring_alert_7d: false, platform_risk_signal_30d: false },
        evaluator,
      );
      expect(quiet.triggers).toEqual([]);
      const loud = await evaluateTriggers(
        ruleSet,
        { complaints_30d: 5, high_monitoring_alert_7d: true, platform_risk_signal_30d: true },
        evaluator,
      );
      expect(loud.triggers.map((t) => [t.code, t.priority, t.dedupWindow, t.factor])).toEqual([
        ['complaints_surge', 'high', 'P30D', 'complaints_30d'],
        ['monitoring_alert_high', 'urgent', 'P30D', 'high_monitoring_alert_7d'],
        ['platform_risk_signal', 'high', 'P30D', 'platform_risk_signal_30d'],
      ]);
      expect(loud.ruleSetVersion).toBe('2026.1');
    });
  });

  describe('decideTriggeredTasks', () => {
    const created = '2026-03-01T10:00:00+08:00';

    it('suppresses a trigger within the window of a task for the same reason, creates it after', () => {
      const within = decideTriggeredTasks({
        fired: [trigger('complaints_surge')],
        existing: [{ code: 'complaints_surge', createdAt: created }],
        now: '2026-03-31T09:59:59+08:00',
      });
      expect(within.create).toEqual([]);
      expect(within.suppressed).toEqual([
        {
          trigger: trigger('complaints_surge'),
          existing: { code: 'complaints_surge', createdAt: created },
          coveredUntil: '2026-03-31T02:00:00.000Z',
        },
      ]);
      const boundary = decideTriggeredTasks({
        fired: [trigger('complaints_surge')],
        existing: [{ code: 'complaints_surge', createdAt: created }],
        now: '2026-03-31T10:00:00+08:00',
      });
      expect(boundary.create.map((t) => t.code)).toEqual(['complaints_surge']);
    });

    it('deduplicates per reason code only: another reason makes its own task', () => {
      const decision = decideTriggeredTasks({
        fired: [trigger('complaints_surge'), trigger('monitoring_alert_high', { priority: 'urgent' })],
        existing: [{ code: 'complaints_surge', createdAt: created }],
        now: '2026-03-02T00:00:00+08:00',
      });
      expect(decision.create.map((t) => t.code)).toEqual(['monitoring_alert_high']);
    });

    it('makes one task per code when two rules fire the same code, the most urgent, most urgent first', () => {
      const decision = decideTriggeredTasks({
        fired: [
          trigger('platform_risk_signal', { rule: 'a', priority: 'normal' }),
          trigger('complaints_surge'),
          trigger('platform_risk_signal', { rule: 'b', priority: 'urgent' }),
        ],
        existing: [],
        now: created,
      });
      expect(decision.create.map((t) => [t.code, t.rule])).toEqual([
        ['platform_risk_signal', 'b'],
        ['complaints_surge', 'complaints_surge'],
      ]);
    });

    it('ignores a task created after now (clock skew) and one outside the window', () => {
      const decision = decideTriggeredTasks({
        fired: [trigger('complaints_surge', { dedupWindow: 'P7D' })],
        existing: [
          { code: 'complaints_surge', createdAt: '2026-03-20T00:00:00+08:00' },
          { code: 'complaints_surge', createdAt: '2026-03-01T00:00:00+08:00' },
        ],
        now: '2026-03-10T00:00:00+08:00',
      });
      expect(decision.create).toHaveLength(1);
    });

    it('counts months on the Shanghai calendar, clamped to the month end', () => {
      const at = (text: string): string => new Date(addDuration(Date.parse(text), 'P1M')).toISOString();
      expect(at('2026-01-31T23:30:00+08:00')).toBe('2026-02-28T15:30:00.000Z');
      expect(at('2026-01-31T15:30:00Z')).toBe('2026-02-28T15:30:00.000Z');
      expect(new Date(addDuration(Date.parse('2026-03-01T10:00:00+08:00'), 'P30D')).toISOString()).toBe(
        '2026-03-31T02:00:00.000Z',
      );
    });

    it('refuses a time without an offset', () => {
      expect(() => decideTriggeredTasks({ fired: [], existing: [], now: '2026-03-01 10:00' })).toThrow(
        'ISO-8601',
      );
    });
  });
});
