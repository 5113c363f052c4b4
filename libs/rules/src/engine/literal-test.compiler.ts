import type { FactSlots } from './fact-access.compiler';
import { passesNumberValidator } from './operator.compiler';

/**
 * Fast paths for the most common condition shape: an undecorated operator comparing a fact (no
 * path) with a literal. Each is the operator of operator.compiler.ts written out with the slot and
 * literal bound, so the hot loop makes no further call; the differential specs hold them to the
 * engine like everything else. Undefined for shapes without a fast path.
 */
export function compileLiteralTest(
  operator: string,
  slot: number,
  literal: unknown,
): ((slots: FactSlots) => boolean) | undefined {
  const n = literal as number;
  // For a number fact, numberValidator only rejects NaN, and NaN compares false anyway.
  switch (operator) {
    case 'equal':
      return (slots) => slots[slot] === literal;
    case 'notEqual':
      return (slots) => slots[slot] !== literal;
    case 'lessThan':
      return (slots) => {
        const a = slots[slot];
        return typeof a === 'number' ? a < n : passesNumberValidator(a) && (a as number) < n;
      };
    case 'lessThanInclusive':
      return (slots) => {
        const a = slots[slot];
        return typeof a === 'number' ? a <= n : passesNumberValidator(a) && (a as number) <= n;
      };
    case 'greaterThan':
      return (slots) => {
        const a = slots[slot];
        return typeof a === 'number' ? a > n : passesNumberValidator(a) && (a as number) > n;
      };
    case 'greaterThanInclusive':
      return (slots) => {
        const a = slots[slot];
        return typeof a === 'number' ? a >= n : passesNumberValidator(a) && (a as number) >= n;
      };
    case 'in':
      if (!Array.isArray(literal)) return undefined;
      return (slots) => literal.indexOf(slots[slot]) > -1;
    case 'notIn':
      if (!Array.isArray(literal)) return undefined;
      return (slots) => literal.indexOf(slots[slot]) === -1;
    default:
      return undefined;
  }
}
