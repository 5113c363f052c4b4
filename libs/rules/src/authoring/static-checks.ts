import { ratioBasisPoints } from '@app/domain';
import { isRecord } from '../rule-set/json-guards.util';
import { validateRuleSet } from '../rule-set/rule-set.validator';
import { formatPath, type PathSegment } from '../rule-set/problem-path.util';
import type { RuleDocument, RuleSetDocument, TieringRuleSet } from '../rule-set/rule-set.types';
import { conjunctionContradiction, implies, normalise, type Conjunction } from './condition-logic';
import { scenarioEvaluator, scenariosOf, type RunScenariosOptions } from './scenario-runner';

/**
 * Static checks of a valid rule set (issue 12, point 10): warnings, not errors — the rule set can be
 * used, but something in it is probably not what the author meant. Each names where (a path like the
 * validator's), a stable code and the reason:
 *
 * - `rule-never-fires`: its conditions contradict each other on one fact (x > 5 and x < 3 under all;
 *   equal 1 and equal 2), so it can never fire;
 * - `override-shadowed`: whenever the override fires, another one fires too that decides at least as
 *   badly (a set to the same or a worse tier, or for a cap a cap to the same or a worse tier), so it
 *   never changes a tier; `override-no-effect`: a cap to the best tier, which never bites;
 * - `tier-unreachable`: no score the rules can add up falls in the tier's band and no override names
 *   it; `bands-overlap` / `bands-gap`: frequency ratio bands that share ratios, or leave ratios (at
 *   4 decimals) to no tier;
 * - `fact-unused`: a declared fact no condition reads (it is still derived for every enterprise);
 * - `rule-untested`: no scenario makes the rule fire; `no-scenarios`: there are no scenarios at all.
 */

export interface RuleSetWarning {
  path: string;
  code: string;
  message: string;
}

/** Warnings of a valid rule set; a document that does not validate gets none (its problems come first). */
export function staticChecks(ruleSet: RuleSetDocument, options: RunScenariosOptions = {}): RuleSetWarning[] {
  if (!validateRuleSet(ruleSet).ok) return [];
  const warnings: { at: PathSegment[]; code: string; message: string }[] = [];
  const warn = (at: PathSegment[], code: string, message: string): void => {
    warnings.push({ at, code, message });
  };
  const types = new Map(Object.entries(ruleSet.facts).map(([name, d]) => [name, d.type as string]));
  const forms = ruleSet.rules.map((rule) => normalise(rule.conditions));

  unusedFacts(ruleSet, warn);
  ruleSet.rules.forEach((rule, i) => {
    const form = forms[i];
    if (form === undefined) return;
    const why = neverFires(form, types);
    if (why !== undefined) warn(['rules', i], 'rule-never-fires', `${quote(rule)} can never fire: ${why}`);
  });
  if (ruleSet.kind === 'tiering') {
    overrides(ruleSet, forms, types, warn);
    unreachableTiers(ruleSet, warn);
  }
  if (ruleSet.kind === 'frequency') frequencyBands(ruleSet.outcome, warn);
  untested(ruleSet, options, warn);

  return warnings
    .sort((a, b) => compareSegments(a.at, b.at))
    .map(({ at, code, message }) => ({ path: formatPath(at), code, message }));
}

type Warn = (at: PathSegment[], code: string, message: string) => void;

function quote(rule: RuleDocument): string {
  return `rule ${JSON.stringify(rule.name)}`;
}

function neverFires(form: Conjunction[], types: ReadonlyMap<string, string>): string | undefined {
  const reasons: string[] = [];
  for (const term of form) {
    const found = conjunctionContradiction(term, types);
    if (!found) return undefined;
    reasons.push(`${found.why} cannot all hold`);
  }
  return [...new Set(reasons)].join('; nor can ');
}

function unusedFacts(ruleSet: RuleSetDocument, warn: Warn): void {
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isRecord(node)) return;
    if (typeof node.fact === 'string') used.add(node.fact);
    for (const key of ['all', 'any', 'not', 'value'] as const) if (node[key] !== undefined) visit(node[key]);
  };
  for (const rule of ruleSet.rules) visit(rule.conditions);
  for (const name of Object.keys(ruleSet.facts)) {
    if (!used.has(name)) {
      warn(
        ['facts', name],
        'fact-unused',
        `fact ${JSON.stringify(name)} is declared but no condition reads it (it is still derived for every enterprise)`,
      );
    }
  }
}

interface Override {
  index: number;
  rule: RuleDocument;
  tier: string;
  mode: string;
}

function overrides(
  ruleSet: TieringRuleSet,
  forms: (Conjunction[] | undefined)[],
  types: ReadonlyMap<string, string>,
  warn: Warn,
): void {
  const rank = new Map(ruleSet.outcome.tiers.map((t, i) => [t.tier, i]));
  const list: Override[] = [];
  ruleSet.rules.forEach((rule, index) => {
    if (rule.event.type !== 'override') return;
    const { tier, mode } = rule.event.params;
    if (typeof tier === 'string' && typeof mode === 'string' && rank.has(tier))
      list.push({ index, rule, tier, mode });
  });
  for (const x of list) {
    if (x.mode === 'cap' && rank.get(x.tier) === 0) {
      warn(
        ['rules', x.index],
        'override-no-effect',
        `${quote(x.rule)} caps at ${x.tier}, the best tier: every result already is at best ${x.tier}`,
      );
      continue;
    }
    const mine = forms[x.index];
    // An override that never fires is reported as such; it would be "shadowed" by anything.
    if (!mine || neverFires(mine, types) !== undefined) continue;
    const shadow = list.find((y) => {
      if (y === x) return false;
      const theirs = forms[y.index];
      const worseOrSame = rank.get(y.tier)! >= rank.get(x.tier)!;
      if (!theirs || !worseOrSame || !(y.mode === 'set' || x.mode === 'cap')) return false;
      if (!implies(mine, theirs, types)) return false;
      // Two overrides that fire together and decide the same: only the later one is redundant.
      const same = y.tier === x.tier && y.mode === x.mode && implies(theirs, mine, types);
      return !same || y.index < x.index;
    });
    if (shadow) {
      warn(
        ['rules', x.index],
        'override-shadowed',
        `${quote(x.rule)} (${x.mode} ${x.tier}) is shadowed by ${quote(shadow.rule)} (${shadow.mode} ${shadow.tier}): whenever it fires that one fires too and decides at least as badly, so it never changes a tier`,
      );
    }
  }
}

function unreachableTiers(ruleSet: TieringRuleSet, warn: Warn): void {
  const { base, tiers } = ruleSet.outcome;
  let lowest = base;
  let highest = base;
  const named = new Set<string>();
  for (const rule of ruleSet.rules) {
    const { points, tier } = rule.event.params;
    if (rule.event.type === 'score' && typeof points === 'number') {
      if (points < 0) lowest += points;
      else highest += points;
    }
    if (rule.event.type === 'override' && typeof tier === 'string') named.add(tier);
  }
  tiers.forEach((band, i) => {
    if (named.has(band.tier)) return;
    const above = i === 0 ? Infinity : tiers[i - 1].min;
    const from = band.min ?? -Infinity;
    const to = above ?? Infinity;
    if (highest >= from && lowest < to) return;
    warn(
      ['outcome', 'tiers', i],
      'tier-unreachable',
      `tier ${band.tier} (${describeBand(from, to)}) can never be reached: scores run from ${lowest} to ${highest} and no override names it`,
    );
  });
}

function describeBand(from: number, to: number): string {
  if (from === -Infinity) return `below ${to}`;
  if (to === Infinity) return `${from} and above`;
  return `${from} to ${to - 1}`;
}

function frequencyBands(outcome: unknown, warn: Warn): void {
  if (!isRecord(outcome) || !Array.isArray(outcome.bands)) return;
  const bands = outcome.bands
    .map((band, index) => {
      if (!isRecord(band) || typeof band.minRatio !== 'number' || typeof band.maxRatio !== 'number')
        return undefined;
      const min = ratioBasisPoints(band.minRatio);
      const max = ratioBasisPoints(band.maxRatio);
      if (min === undefined || max === undefined) return undefined;
      return { index, tier: String(band.tier), min, max, minRatio: band.minRatio, maxRatio: band.maxRatio };
    })
    .filter((band) => band !== undefined)
    .sort((a, b) => a.min - b.min || a.max - b.max);
  for (let i = 1; i < bands.length; i++) {
    const [low, high] = [bands[i - 1], bands[i]];
    if (high.min < low.max) {
      warn(
        ['outcome', 'bands', high.index],
        'bands-overlap',
        `tier ${high.tier}'s band ${high.minRatio}–${high.maxRatio} overlaps tier ${low.tier}'s ${low.minRatio}–${low.maxRatio}`,
      );
    } else if (high.min > low.max + 1) {
      warn(
        ['outcome', 'bands', high.index],
        'bands-gap',
        `ratios above ${low.maxRatio} (tier ${low.tier}) and below ${high.minRatio} (tier ${high.tier}) fall in no tier's band`,
      );
    }
  }
}

function untested(ruleSet: RuleSetDocument, options: RunScenariosOptions, warn: Warn): void {
  const { scenarios, source } = scenariosOf(ruleSet, options);
  if (scenarios.length === 0) {
    warn(
      ['tests'],
      'no-scenarios',
      'no scenario tests, and no default scenarios for this kind: no rule is tested',
    );
    return;
  }
  const run = scenarioEvaluator(ruleSet);
  const fired = new Set<string>();
  for (const scenario of scenarios) {
    const outcome = run(scenario);
    for (const name of outcome.fired ?? []) fired.add(name);
  }
  const whose = source === 'default' ? `the default ${ruleSet.kind} scenarios` : 'the tests';
  ruleSet.rules.forEach((rule, i) => {
    if (!fired.has(rule.name)) {
      warn(['rules', i], 'rule-untested', `${quote(rule)} fires in none of ${whose} (${scenarios.length})`);
    }
  });
}

/** Document order, as the validator sorts its problems: rules[2] before rules[10]. */
function compareSegments(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  const order = ['facts', 'rules', 'outcome', 'tests'];
  const [x, y] = [order.indexOf(String(a[0])), order.indexOf(String(b[0]))];
  if (x !== y) return x - y;
  for (let i = 1; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return 0; // fact names keep declaration order (the sort is stable)
  }
  return a.length - b.length;
}
