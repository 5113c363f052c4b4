import type { AggregateKind, FactAttribute } from './fact-catalog.const';
import type { FactDeclaration, FieldAggregate, RecordAggregate } from './rule-set.types';

/**
 * A fact declaration's derivation as a tagged value, for whoever derives facts (SQL aggregates in
 * batches, or an in-memory simulation): one switch on `kind` instead of probing six optional keys.
 */
export type FactDerivation =
  | { kind: 'from'; attribute: FactAttribute }
  | { kind: Extract<AggregateKind, 'count' | 'exists'>; aggregate: RecordAggregate }
  | { kind: Extract<AggregateKind, 'sum' | 'max' | 'latest'>; aggregate: FieldAggregate };

/** Validated declarations have exactly one derivation; this picks it. */
export function derivationOf(declaration: FactDeclaration): FactDerivation {
  if (declaration.from !== undefined) return { kind: 'from', attribute: declaration.from };
  if (declaration.count !== undefined) return { kind: 'count', aggregate: declaration.count };
  if (declaration.exists !== undefined) return { kind: 'exists', aggregate: declaration.exists };
  if (declaration.sum !== undefined) return { kind: 'sum', aggregate: declaration.sum };
  if (declaration.max !== undefined) return { kind: 'max', aggregate: declaration.max };
  return { kind: 'latest', aggregate: declaration.latest };
}
