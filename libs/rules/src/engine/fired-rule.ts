/**
 * What an evaluator reports for one fact set: the rules whose conditions held, in exactly the order
 * json-rules-engine emits their `success` events.
 *
 * That order is: priority descending; within one priority, the order in which the rules' evaluation
 * promises settle, i.e. by how many microtask turns each rule's condition tree takes (a data-dependent
 * number: short-circuits and paths change it) and, for equal turns, the order the rules were given.
 * The evidence and the exact model are in condition.compiler.ts and rule.compiler.ts.
 */
export interface RuleEvent {
  type: string;
  params?: Record<string, unknown>;
}

export interface FiredRule {
  name: string;
  priority: number;
  event: RuleEvent;
}

export type Facts = Readonly<Record<string, unknown>>;

export interface RuleEvaluator {
  readonly kind: 'compiled' | 'reference';
  evaluate(facts: Facts): FiredRule[] | Promise<FiredRule[]>;
}

/**
 * json-rules-engine accepts any truthy name (and 0) and leaves other rules unnamed; FiredRule names
 * are strings, so both evaluators turn the raw name into one the same way.
 */
export function firedRuleName(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === undefined) return '';
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw) ?? '';
}
