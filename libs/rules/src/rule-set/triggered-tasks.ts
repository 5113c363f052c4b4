import { DomainError, ErrorCode } from '@app/domain';
import type { Facts, FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { FactsUnavailableError } from './evaluate-rule-set';
import { parseIsoDuration } from './iso-duration.util';
import { FactValue, resolveFacts } from './resolve-facts';
import {
  LegalBasis,
  RuleSetDocument,
  TRIGGER_PRIORITIES,
  TriggerEventParams,
  TriggerPriority,
  TriggersRuleSet,
} from './rule-set.types';
import { factsDigest } from './evaluate-rule-set';

/**
 * Triggered inspections (触发式检查): which triggers fire for an enterprise, and which of them
 * become new tasks. A trigger makes a task unless the enterprise already has a triggered task for the
 * same reason code created within the trigger's dedup window: created at t, a task covers
 * [t, t + window), so a trigger at exactly t + window makes a new one. Random sampling, tiers and
 * observation periods play no part (DOMAIN.md §2: triggered inspections apply to every tier).
 */

export interface FiredTrigger {
  rule: string;
  code: string;
  reason: string;
  /** The fact behind it: its records are the evidence to attach to the task. */
  factor: string;
  priority: TriggerPriority;
  dedupWindow: string;
  /** The rule marks it serious: it ends an observation period or sandbox early (only when true). */
  endsObservation?: true;
  /** The rule's legal basis, when it has one. */
  basis?: LegalBasis;
}

export interface TriggerEvaluation {
  triggers: FiredTrigger[];
  ruleSetVersion: string;
  inputDigest: string;
}

/** A triggered task the enterprise already has (open or not: its creation time is what counts). */
export interface ExistingTriggeredTask {
  code: string;
  /** ISO-8601 instant with an offset. */
  createdAt: string;
}

export interface TriggerDecision {
  /** New tasks to create, one per reason code, most urgent first. */
  create: FiredTrigger[];
  /** Triggers left out because a task for the same code is still inside its window. */
  suppressed: { trigger: FiredTrigger; existing: ExistingTriggeredTask; coveredUntil: string }[];
}

export function asTriggersRuleSet(ruleSet: RuleSetDocument): TriggersRuleSet {
  if (ruleSet.kind !== 'triggers') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.version} is ${ruleSet.kind}, not triggers`,
    );
  }
  return ruleSet as unknown as TriggersRuleSet;
}

/** The enterprise's fired triggers; `evaluator` must have been built from `ruleSet.rules`. */
export async function evaluateTriggers(
  ruleSet: TriggersRuleSet,
  facts: Facts,
  evaluator: RuleEvaluator,
): Promise<TriggerEvaluation> {
  const resolved = resolveFacts(ruleSet, facts);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  return decideTriggers(ruleSet, resolved.facts, await evaluator.evaluate(resolved.facts));
}

/** The triggers from the rules that fired for `facts` (resolved): evaluateTriggers' synchronous half. */
export function decideTriggers(
  ruleSet: TriggersRuleSet,
  facts: Readonly<Record<string, FactValue>>,
  fired: readonly FiredRule[],
): TriggerEvaluation {
  const bases = new Map(ruleSet.rules.map((rule) => [rule.name, rule.basis]));
  const triggers = fired
    .filter((rule) => rule.event.type === 'trigger')
    .map((rule) => {
      const params = (rule.event.params ?? {}) as Partial<TriggerEventParams>;
      const trigger: FiredTrigger = {
        rule: rule.name,
        code: String(params.code),
        reason: String(params.reason),
        factor: String(params.factor),
        priority: params.priority ?? 'high',
        dedupWindow: params.dedupWindow ?? ruleSet.outcome.defaultDedupWindow,
      };
      if (params.endsObservation === true) trigger.endsObservation = true;
      const basis = bases.get(rule.name);
      if (basis) trigger.basis = basis;
      return trigger;
    });
  return {
    triggers,
    ruleSetVersion: ruleSet.version,
    inputDigest: factsDigest(facts),
  };
}

/** `now`: ISO-8601 instant with an offset, the time the triggers are evaluated. */
export function decideTriggeredTasks(input: {
  fired: readonly FiredTrigger[];
  existing: readonly ExistingTriggeredTask[];
  now: string;
}): TriggerDecision {
  const now = instant(input.now, 'now');
  // One candidate per code: the most urgent, then the first fired.
  const byCode = new Map<string, FiredTrigger>();
  for (const trigger of input.fired) {
    const held = byCode.get(trigger.code);
    if (!held || rank(trigger.priority) < rank(held.priority)) byCode.set(trigger.code, trigger);
  }
  const create: FiredTrigger[] = [];
  const suppressed: TriggerDecision['suppressed'] = [];
  for (const trigger of byCode.values()) {
    let covering: { existing: ExistingTriggeredTask; until: number } | undefined;
    for (const existing of input.existing) {
      if (existing.code !== trigger.code) continue;
      const created = instant(existing.createdAt, 'createdAt');
      const until = addDuration(created, trigger.dedupWindow);
      if (created <= now && now < until && (!covering || until > covering.until))
        covering = { existing, until };
    }
    if (covering) {
      suppressed.push({
        trigger,
        existing: covering.existing,
        coveredUntil: new Date(covering.until).toISOString(),
      });
    } else {
      create.push(trigger);
    }
  }
  create.sort((a, b) => rank(a.priority) - rank(b.priority));
  return { create, suppressed };
}

function rank(priority: TriggerPriority): number {
  const i = TRIGGER_PRIORITIES.indexOf(priority);
  return i < 0 ? TRIGGER_PRIORITIES.length : i;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function instant(text: string, what: string): number {
  const ms = INSTANT.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw new DomainError(ErrorCode.ValidationFailed, `${what} must be an ISO-8601 instant with an offset`, [
      { path: what, message: `not an instant: ${JSON.stringify(text)}` },
    ]);
  }
  return ms;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * `start` plus an ISO duration, counted on the Asia/Shanghai calendar (UTC+8, no daylight saving
 * since 1991): years and months move the local date (clamped to the month's end, as people count:
 * 01-31 + P1M is 02-28/29), weeks and days add whole days, the local time of day stays.
 */
export function addDuration(start: number, duration: string): number {
  const parsed = parseIsoDuration(duration);
  if (!parsed) throw new DomainError(ErrorCode.ValidationFailed, `invalid ISO-8601 duration ${duration}`);
  const local = new Date(start + SHANGHAI_OFFSET_MS);
  const months = local.getUTCFullYear() * 12 + local.getUTCMonth() + parsed.years * 12 + parsed.months;
  const year = Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const timeOfDay =
    local.getTime() - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const moved = Date.UTC(year, month, day) + timeOfDay;
  return moved + (parsed.weeks * 7 + parsed.days) * DAY_MS - SHANGHAI_OFFSET_MS;
}
