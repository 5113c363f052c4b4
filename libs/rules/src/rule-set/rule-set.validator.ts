import { canonicalJson, sha256Hex } from '@app/domain';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { checkFactDeclarations } from './fact-declaration.check';
import {
  checkFrequencyCoverage,
  checkFrequencyEvent,
  checkFrequencyOutcome,
} from './frequency-outcome.check';
import { isRecord } from './json-guards.util';
import { checkEnforcementEvent, checkEnforcementOutcome } from './enforcement-outcome.check';
import { checkObservationEvent, checkObservationOutcome } from './observation-outcome.check';
import { formatPath, PathSegment, pointerSegments } from './problem-path.util';
import { checkRuleConditions } from './rule-condition.check';
import { checkRuleEvent } from './rule-event.check';
import { RULE_SET_SCHEMA } from './rule-set.schema';
import { checkBasis, checkFiniteNumbers, checkNoNul, checkScenarios } from './scenario.check';
import { RULE_SET_KINDS, RuleSetDocument, RuleSetProblem, RuleSetValidation } from './rule-set.types';
import { checkRepairOutcome } from './repair-outcome.check';
import { checkTieringOutcome } from './tiering-outcome.check';
import { checkInvestmentLightEvent, checkInvestmentLightOutcome } from './investment-light-outcome.check';
import { checkTriggerEvent, checkTriggersOutcome } from './triggers-outcome.check';
import {
  checkPlatformComplianceEvent,
  checkPlatformComplianceOutcome,
} from './platform-compliance-outcome.check';

/**
 * Validates a rule set in two passes and reports every problem, not the first: the JSON Schema for
 * shape, then semantic checks for what refers to what (facts, operators, value types, tiers). Both
 * passes always run; where both speak about the same path, the semantic message is kept because it
 * names the valid choices ("unknown operator … one of …" rather than "must match pattern").
 */

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // Strict, except for two things plain draft-07 does on purpose here: union types (`["integer",
  // "null"]`) and `required` in if/oneOf branches that name properties declared beside them.
  compiled ??= new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  }).compile(RULE_SET_SCHEMA);
  return compiled;
}

interface LocatedProblem {
  at: PathSegment[];
  message: string;
}

export function validateRuleSet(doc: unknown): RuleSetValidation {
  const semantic = semanticProblems(doc);
  const spoken = new Set(semantic.map((p) => formatPath(p.at)));
  const structural = schemaProblems(doc).filter((p) => !spoken.has(formatPath(p.at)));
  const located = [...structural, ...semantic].sort((a, b) => compareSegments(a.at, b.at));
  const problems = dedupe(located.map((p) => toProblem(doc, p)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, ruleSet: doc as RuleSetDocument, checksum: sha256Hex(canonicalJson(doc)) };
}

function schemaProblems(doc: unknown): LocatedProblem[] {
  const validate = schemaValidator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).flatMap((error) => fromAjv(doc, error));
}

function fromAjv(doc: unknown, error: ErrorObject): LocatedProblem[] {
  // An if/then failure repeats, less precisely, the errors of the branch that applied.
  if (error.keyword === 'if') return [];
  // Inside the "exactly one derivation" oneOf each branch says "must have required property": the
  // oneOf error itself says it once.
  if (error.schemaPath.includes('/oneOf/')) return [];
  const at = pointerSegments(error.instancePath, doc);
  // Errors under propertyNames are about a key of the object, which ajv reports beside the path.
  if (error.propertyName !== undefined) at.push(error.propertyName);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return [{ at: [...at, String(params.missingProperty)], message: 'is required' }];
    case 'additionalProperties':
      return [{ at: [...at, String(params.additionalProperty)], message: 'unknown property' }];
    case 'propertyNames':
      // The error of the failing name's own schema (pattern) says what is wrong with it.
      return [];
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return [{ at, message: `must be one of ${allowed}` }];
    }
    case 'oneOf':
      return [{ at, message: 'must match exactly one of the allowed shapes' }];
    case 'false schema':
      return [{ at, message: 'is not allowed here' }];
    default:
      return [{ at, message: error.message ?? `fails ${error.keyword}` }];
  }
}

function semanticProblems(doc: unknown): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const report = (at: readonly PathSegment[], message: string): void => {
    problems.push({ at: [...at], message });
  };
  if (!isRecord(doc)) return problems;

  if (typeof doc.kind === 'string' && !(RULE_SET_KINDS as readonly string[]).includes(doc.kind)) {
    report(['kind'], `unknown kind ${JSON.stringify(doc.kind)}; one of ${RULE_SET_KINDS.join(', ')}`);
  }
  if (typeof doc.effectiveFrom === 'string' && !isInstantWithOffset(doc.effectiveFrom)) {
    report(
      ['effectiveFrom'],
      `must be an ISO-8601 instant with an offset, e.g. 2026-01-01T00:00:00+08:00, not ${JSON.stringify(doc.effectiveFrom)}`,
    );
  }
  // An overflowed number is reported as such; what other checks say of the same place (not an
  // integer, out of range) only repeats it less clearly.
  const overflowed = new Set<string>();
  checkFiniteNumbers(doc, [], (at, message) => {
    overflowed.add(formatPath(at));
    problems.push({ at: [...at], message });
  });
  checkNoNul(doc, [], report);
  const reportedOverflows = problems.length;
  const facts = checkFactDeclarations(doc.facts, report, doc.kind);
  const tiering = doc.kind === 'tiering' ? { tiers: checkTieringOutcome(doc.outcome, report) } : undefined;
  const frequency = doc.kind === 'frequency' ? checkFrequencyOutcome(doc.outcome, report) : undefined;
  if (doc.kind === 'triggers') checkTriggersOutcome(doc.outcome, report);
  if (doc.kind === 'repair') checkRepairOutcome(doc.outcome, report);
  if (doc.kind === 'investment-light') checkInvestmentLightOutcome(doc.outcome, report);
  const observation = doc.kind === 'observation' ? checkObservationOutcome(doc.outcome, report) : undefined;
  const enforcement = doc.kind === 'enforcement' ? checkEnforcementOutcome(doc.outcome, report) : undefined;
  const compliance =
    doc.kind === 'platform-compliance'
      ? { grades: checkPlatformComplianceOutcome(doc.outcome, report) }
      : undefined;

  if (Array.isArray(doc.rules)) {
    const firstByName = new Map<string, number>();
    doc.rules.forEach((rule, i) => {
      if (!isRecord(rule)) return;
      const at = ['rules', i];
      if (typeof rule.name === 'string') {
        const first = firstByName.get(rule.name);
        if (first === undefined) firstByName.set(rule.name, i);
        else
          report(
            [...at, 'name'],
            `duplicate rule name ${JSON.stringify(rule.name)} (first at rules[${first}])`,
          );
      }
      checkBasis(rule.basis, [...at, 'basis'], report);
      checkRuleConditions(rule.conditions, [...at, 'conditions'], facts, report);
      checkRuleEvent(rule.event, [...at, 'event'], tiering, report);
      if (frequency) checkFrequencyEvent(rule.event, [...at, 'event'], frequency, report);
      if (doc.kind === 'triggers') checkTriggerEvent(rule.event, [...at, 'event'], report);
      if (doc.kind === 'investment-light') checkInvestmentLightEvent(rule.event, [...at, 'event'], report);
      if (observation) checkObservationEvent(rule.event, [...at, 'event'], observation, report);
      if (enforcement) checkEnforcementEvent(rule.event, [...at, 'event'], enforcement, report);
      if (compliance) checkPlatformComplianceEvent(rule.event, [...at, 'event'], compliance.grades, report);
    });
  }
  if (frequency) checkFrequencyCoverage(frequency, report);
  checkScenarios(
    doc.tests,
    {
      kind: doc.kind,
      facts,
      declarations: isRecord(doc.facts) ? doc.facts : undefined,
      tiers: tiering?.tiers,
      rules: Array.isArray(doc.rules) ? doc.rules : undefined,
    },
    report,
  );
  return problems.filter((p, i) => i < reportedOverflows || !overflowed.has(formatPath(p.at)));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isInstantWithOffset(text: string): boolean {
  if (!INSTANT.test(text) || Number.isNaN(Date.parse(text))) return false;
  // Date.parse rolls 2026-02-30 over; the calendar date must exist as written.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Document order: numeric indexes compare as numbers, so rules[2] comes before rules[10]. */
function compareSegments(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function toProblem(doc: unknown, problem: LocatedProblem): RuleSetProblem {
  const path = formatPath(problem.at);
  const [top, index] = problem.at;
  if (top === 'rules' && typeof index === 'number' && isRecord(doc) && Array.isArray(doc.rules)) {
    const rule: unknown = doc.rules[index];
    if (isRecord(rule) && typeof rule.name === 'string')
      return { path, rule: rule.name, message: problem.message };
  }
  return { path, message: problem.message };
}

function dedupe(problems: RuleSetProblem[]): RuleSetProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
